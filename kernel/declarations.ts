// The declarations carried from cell to cell (a .d.ts text), and the names they declare.
import * as ts from "@tslab/typescript-for-tslab";

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

function boundNames(stmt: ts.Statement): string[] {
  if (ts.isVariableStatement(stmt)) return stmt.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (ts.isImportEqualsDeclaration(stmt)) return [stmt.name.text];
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

/** The names a cell declares at its top level (what it adds to the notebook's scope). */
export function topLevelNames(cell: string): Set<string> {
  const file = ts.createSourceFile("__cell__.ts", cell, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const exported = (s: ts.Statement) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const augmentsGlobal = (s: ts.Statement) => ts.isModuleDeclaration(s) && (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0;
  return new Set(file.statements.filter((s) => !exported(s) && !augmentsGlobal(s)).flatMap(boundNames));
}

/** Every top-level name a declaration text declares. */
export function declaredNames(decl: string): Set<string> {
  return new Set(parse(decl).statements.flatMap(boundNames));
}

type Space = "value" | "type" | "both";

/** Which declaration space a statement's names live in (an import may alias either). */
function spaceOf(stmt: ts.Statement): Space {
  if (ts.isVariableStatement(stmt) || ts.isFunctionDeclaration(stmt)) return "value";
  if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) return "type";
  return "both";
}

const overlaps = (a: Space, b: Space) => a === "both" || b === "both" || a === b;

/**
 * Puts a cell's new declarations in front of the older ones, dropping the older names the new ones
 * redeclare in the same space: a later `const x` replaces an earlier `let x` (and only that name of
 * `let x, y`), a later `interface P` replaces an earlier one but leaves a value `P` alone.
 */
export function mergeDeclarations(newer: string, older: string): string {
  const redeclared = new Map<string, Space>();
  for (const stmt of parse(newer).statements) for (const n of boundNames(stmt)) redeclared.set(n, redeclared.has(n) ? "both" : spaceOf(stmt));
  if (redeclared.size === 0) return newer + older;
  const file = parse(older);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const replaced = (name: string, stmt: ts.Statement) => redeclared.has(name) && overlaps(redeclared.get(name)!, spaceOf(stmt));
  const kept: string[] = [];
  for (const stmt of file.statements) {
    const names = boundNames(stmt);
    const gone = names.filter((n) => replaced(n, stmt));
    if (gone.length === 0) kept.push(older.slice(stmt.getFullStart(), stmt.getEnd()).replace(/^\s*\n/, ""));
    else if (gone.length < names.length) {
      const partial = withoutNames(stmt, new Set(gone));
      if (partial) kept.push(printer.printNode(ts.EmitHint.Unspecified, partial, file));
    }
  }
  return inFront(newer, kept.map((k) => k + "\n").join(""));
}

/** `newer`, ended by a line break if it has text, then `older`. */
function inFront(newer: string, older: string): string {
  return newer + (newer.endsWith("\n") || !newer ? "" : "\n") + older;
}

/** The declarations carried between cells, with the names they declare. */
export interface Declarations {
  text: string;
  names: ReadonlySet<string>;
}

export const NO_DECLARATIONS: Declarations = { text: "", names: new Set() };

/**
 * mergeDeclarations, keeping the names too. The older text (the whole notebook's declarations, which
 * grow with every cell) is parsed only when the newer text redeclares one of its names.
 */
export function mergeInto(older: Declarations, newer: string): Declarations {
  const added = declaredNames(newer);
  const names = new Set([...older.names, ...added]);
  if (![...added].some((n) => older.names.has(n))) return { text: inFront(newer, older.text), names };
  return { text: mergeDeclarations(newer, older.text), names };
}

/** A variable statement or import without some of its names (undefined if none would be left). */
function withoutNames(stmt: ts.Statement, gone: Set<string>): ts.Statement | undefined {
  const f = ts.factory;
  if (ts.isVariableStatement(stmt)) {
    const decls = stmt.declarationList.declarations.filter((d) => !bindingNames(d.name).some((n) => gone.has(n)));
    return decls.length ? f.updateVariableStatement(stmt, stmt.modifiers, f.updateVariableDeclarationList(stmt.declarationList, decls)) : undefined;
  }
  if (ts.isImportDeclaration(stmt) && stmt.importClause) {
    const clause = stmt.importClause;
    const name = clause.name && !gone.has(clause.name.text) ? clause.name : undefined;
    let bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings) && gone.has(bindings.name.text)) bindings = undefined;
    if (bindings && ts.isNamedImports(bindings)) {
      const elements = bindings.elements.filter((e) => !gone.has(e.name.text));
      bindings = elements.length ? f.updateNamedImports(bindings, elements) : undefined;
    }
    if (!name && !bindings) return undefined;
    return f.updateImportDeclaration(stmt, stmt.modifiers, f.updateImportClause(clause, clause.isTypeOnly, name, bindings), stmt.moduleSpecifier, stmt.assertClause);
  }
  return undefined;
}

/** Words in a cell that could name a declaration (over-inclusive: words in strings count too). */
export function identifiersIn(code: string): Set<string> {
  return new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
}

export function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}
