// The declarations carried from cell to cell (a .d.ts text), and the names they declare.
import * as ts from "@tslab/typescript-for-tslab";

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** The names a top-level statement binds: its variables, the names it imports, or the declaration's own name. */
export function boundNames(stmt: ts.Statement): string[] {
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

/** Which of TypeScript's declaration spaces a declaration takes: the value space, the type space or both. */
export interface Meaning {
  value: boolean;
  type: boolean;
}

/** A name a cell declares again: what its new declaration means, and, for an earlier import, what that imported. */
export interface Redeclaration {
  newer: Meaning;
  olderImport?: Meaning;
}

const BOTH: Meaning = { value: true, type: true };

/** What a statement's names mean, read from its syntax (an import may alias either, so both). */
function meaningOf(stmt: ts.Statement): Meaning {
  if (ts.isVariableStatement(stmt) || ts.isFunctionDeclaration(stmt)) return { value: true, type: false };
  if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) return { value: false, type: true };
  return BOTH;
}

/**
 * What is left of an earlier declaration meaning `older` once a new one meaning `newer` takes its
 * name, as tslab decides: whatever the new one does not take stays, except that a class, an enum or an
 * imported class cannot keep its type without its value, and keeps its value (typed `any`) without its type.
 */
function remaining(older: Meaning, newer: Meaning): "all" | "none" | "value as any" {
  const value = older.value && !newer.value;
  const type = older.type && !newer.type;
  if (value === older.value && type === older.type) return "all";
  if (older.value && older.type && value) return "value as any";
  return "none";
}

/**
 * Puts a cell's new declarations in front of the older ones, dropping what the new ones redeclare: a
 * later `const x` replaces an earlier `let x` (and only that name of `let x, y`), a later `interface P`
 * replaces an earlier one but leaves a value `P` alone, and a later `type A` leaves an earlier class A's
 * value. `redeclared` says what each redeclared name means, from the type checker; without it, the
 * statements' syntax decides and an import counts as both a value and a type.
 */
export function mergeDeclarations(newer: string, older: string, redeclared: Readonly<Record<string, Redeclaration>> = {}): string {
  const taken = new Map<string, Meaning>();
  for (const stmt of parse(newer).statements) {
    for (const n of boundNames(stmt)) {
      const m = redeclared[n]?.newer ?? meaningOf(stmt);
      const before = taken.get(n);
      taken.set(n, before ? { value: before.value || m.value, type: before.type || m.type } : m);
    }
  }
  if (taken.size === 0) return newer + older;
  const file = parse(older);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed });
  const kept: string[] = [];
  const keptAsAny: string[] = [];
  for (const stmt of file.statements) {
    const names = boundNames(stmt);
    const gone = new Set<string>();
    for (const n of names) {
      const newMeaning = taken.get(n);
      if (!newMeaning) continue;
      const oldMeaning = ts.isImportDeclaration(stmt) ? (redeclared[n]?.olderImport ?? BOTH) : meaningOf(stmt);
      const left = remaining(oldMeaning, newMeaning);
      if (left === "all") continue;
      gone.add(n);
      if (left === "value as any") keptAsAny.push(`declare let ${n}: any;\n`);
    }
    if (gone.size === 0) kept.push(older.slice(stmt.getFullStart(), stmt.getEnd()).replace(/^\s*\n/, ""));
    else if (gone.size < names.length) {
      const partial = withoutNames(stmt, gone);
      if (partial) kept.push(printer.printNode(ts.EmitHint.Unspecified, partial, file));
    }
  }
  return inFront(newer, kept.map((k) => k + "\n").join("") + keptAsAny.join(""));
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
export function mergeInto(older: Declarations, newer: string, redeclared: Readonly<Record<string, Redeclaration>> = {}): Declarations {
  const added = declaredNames(newer);
  // Only names the newer text declares are dropped from the older, so the names are the union.
  const names = new Set([...older.names, ...added]);
  if (![...added].some((n) => older.names.has(n))) return { text: inFront(newer, older.text), names };
  return { text: mergeDeclarations(newer, older.text, redeclared), names };
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
