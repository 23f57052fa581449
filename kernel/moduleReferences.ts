// The modules a cell or declaration file refers to. A cell may reuse an earlier cell's type checker
// only if every module it names was already resolved for that checker's program (cellCompiler.ts).
import * as ts from "@tslab/typescript-for-tslab";

/**
 * The module specifiers a file names: imports, re-exports, `import x = require()`, `import()` calls
 * and `import("...")` types. `undefined` when the file changes what a program holds beyond its own
 * modules: `declare module "m"` and `declare global` merge into other files' declarations, and
 * `/// <reference>` directives add files.
 */
export function moduleReferences(file: ts.SourceFile): Set<string> | undefined {
  if (file.referencedFiles.length > 0 || file.typeReferenceDirectives.length > 0 || file.libReferenceDirectives.length > 0) return undefined;
  const names = new Set<string>();
  let closed = true;
  const add = (specifier: ts.Node | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) names.add(specifier.text);
    else closed = false;
  };
  const visit = (node: ts.Node): void => {
    if (!closed) return;
    if (ts.isModuleDeclaration(node) && (ts.isStringLiteral(node.name) || (node.flags & ts.NodeFlags.GlobalAugmentation) !== 0)) {
      closed = false;
      return;
    }
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node)) add(ts.isLiteralTypeNode(node.argument) ? node.argument.literal : undefined);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      // `import(name)` with a computed name resolves at run time only; the checker resolves literals.
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) names.add(arg.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return closed ? names : undefined;
}
