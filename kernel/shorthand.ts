// Works around a tslab bug: it rewrites a reference to an earlier cell's variable `x` as `exports.x`,
// but not inside a shorthand property, so `{ epochs }` in a later cell threw "epochs is not defined".
// Spelling shorthand properties out (`{ epochs: epochs }`) before tslab sees the cell avoids it.
import * as ts from "@tslab/typescript-for-tslab";

/** The cell's source with every shorthand property `{ a }` written as `{ a: a }`; pure. */
export function expandShorthandProperties(code: string): string {
  if (!code.includes("{")) return code;
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: { start: number; name: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) names.push({ start: node.name.getStart(file), name: node.name.getText(file) });
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (names.length === 0) return code;
  let out = code;
  for (const { start, name } of names.sort((a, b) => b.start - a.start)) out = `${out.slice(0, start)}${name}: ${out.slice(start)}`;
  return out;
}
