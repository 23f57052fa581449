// tslab rewrites references to earlier cells' variables (`h` → `exports.h`) but misses shorthand
// properties, so `({ h })` threw "h is not defined". `{ h }` means `{ h: h }`: spell it out.
import * as ts from "@tslab/typescript-for-tslab";

export function expandShorthandProperties(src: string): string {
  if (!src.includes("{")) return src;
  const file = ts.createSourceFile("__cell__.ts", src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) inserts.push({ at: node.name.getEnd(), text: `: ${node.name.text}` });
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = src;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}
