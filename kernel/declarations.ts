// The declarations carried from cell to cell (a .d.ts text), and the names they declare.
import * as ts from "@tslab/typescript-for-tslab";

function boundNames(stmt: ts.Statement): string[] {
  if (ts.isVariableStatement(stmt)) {
    return stmt.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  if (ts.isImportDeclaration(stmt)) {
    const clause = stmt.importClause;
    if (!clause) return [];
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
    return names;
  }
  const named = stmt as ts.Statement & { name?: ts.Node };
  return named.name && ts.isIdentifier(named.name) ? [named.name.text] : [];
}

function parse(decl: string): ts.SourceFile {
  return ts.createSourceFile("__decl__.d.ts", decl, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
}

/** Every top-level name a declaration text declares. */
export function declaredNames(decl: string): Set<string> {
  return new Set(parse(decl).statements.flatMap(boundNames));
}

/**
 * Puts a cell's new declarations in front of the older ones, dropping older statements whose
 * names the new ones redeclare (a later cell's `const x` replaces an earlier one).
 */
export function mergeDeclarations(newer: string, older: string): string {
  const replaced = declaredNames(newer);
  if (replaced.size === 0) return newer + older;
  const file = parse(older);
  const kept = file.statements.filter((stmt) => {
    const names = boundNames(stmt);
    return names.length === 0 || !names.every((n) => replaced.has(n));
  });
  const text = kept.map((s) => older.slice(s.getFullStart(), s.getEnd())).join("");
  return newer + text.replace(/^\s*\n/, "") + (text && !text.endsWith("\n") ? "\n" : "");
}

/** Words in a cell that could name a declaration (over-inclusive: words in strings count too). */
export function identifiersIn(code: string): Set<string> {
  return new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

export function intersects(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
