// A computation graph as Graphviz's DOT, for layout only, left to right as Saito draws it. An arrow that
// carries values runs through an invisible box in its middle, as tall as the value above it and the
// gradient below it and as wide as the wider one: dot keeps every other arrow and node clear of that box,
// so the values of arrows that run side by side never overlap. Pure.
import { DrawnEdge, GraphModel } from "./spec";

export const FONT = "DejaVu Sans";
export const NODE_FONT_SIZE = 14;
export const EDGE_FONT_SIZE = 12;
/** The room above and below an arrow for one line of values, in points. */
export const VALUE_ROOM = EDGE_FONT_SIZE + 8;

/** The width of a text in points, as DejaVu Sans sets it (about 0.6 em a character). */
export function textWidth(text: string, size: number): number {
  return [...text].length * size * 0.6;
}

function quoted(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

export const hasValues = (e: DrawnEdge): boolean => e.forward !== undefined || e.backward !== undefined;

/** Node `i` is `n{i}` in the DOT, whatever its id (ids may hold any character); edge `i`'s middle is `m{i}`. */
export function graphDot(model: GraphModel): string {
  const index = new Map(model.nodes.map((n, i) => [n.id, i]));
  const lines = [
    "digraph computation {",
    "  rankdir=LR; nodesep=0.3; ranksep=0.3;",
    `  node [fontname=${quoted(FONT)}, fontsize=${NODE_FONT_SIZE}];`,
    // dot stacks a rank's nodes bottom-up when laid out left to right: declared in reverse, they read top-down.
    ...[...model.nodes.entries()].reverse().map(([i, n]) => {
      const shape = n.kind === "op" ? "circle" : n.kind === "layer" ? "box" : "plaintext";
      return `  n${i} [shape=${shape}, label=${quoted(n.label)}${n.kind === "op" ? ", width=0.55" : ""}${n.kind === "layer" ? ', height=0.6, margin="0.2,0.1"' : ""}];`;
    }),
  ];
  model.edges.forEach((e, i) => {
    const [from, to] = [`n${index.get(e.from)}`, `n${index.get(e.to)}`];
    if (!hasValues(e)) {
      lines.push(`  ${from} -> ${to};`);
      return;
    }
    const wide = Math.max(...[e.forward, e.backward].map((t) => (t === undefined ? 0 : textWidth(t, EDGE_FONT_SIZE)))) + 16;
    lines.push(`  m${i} [shape=box, style=invis, fixedsize=true, label="", width=${(wide / 72).toFixed(3)}, height=${((2 * VALUE_ROOM) / 72).toFixed(3)}];`);
    // In on the box's west side and out on its east side: the arrow crosses the box level, under its value.
    lines.push(`  ${from} -> m${i}:w [arrowhead=none];`);
    lines.push(`  m${i}:e -> ${to};`);
  });
  lines.push("}");
  return lines.join("\n");
}
