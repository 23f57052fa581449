// Draws a laid-out computation graph as SVG in Saito's style: values along the arrows, forward above in
// black, gradients below in red. Pure: the same model and layout give the same SVG.
import { escapeHtml } from "../display/html";
import { EDGE_FONT_SIZE, FONT, NODE_FONT_SIZE, textWidth } from "./dot";
import { GraphLayout } from "./layout";
import { GraphModel } from "./spec";

export const FORWARD_COLOR = "#1f2328";
export const BACKWARD_COLOR = "#d1242f";
const MARGIN = 18;

const f = (v: number) => Number(v.toFixed(2));

/** The point at t on a cubic Bézier segment. */
function bezier(p0: [number, number], p1: [number, number], p2: [number, number], p3: [number, number], t: number): [number, number] {
  const u = 1 - t;
  const at = (i: 0 | 1) => u * u * u * p0[i] + 3 * u * u * t * p1[i] + 3 * u * t * t * p2[i] + t * t * t * p3[i];
  return [at(0), at(1)];
}

/** Points along a spline of 1 + 3k points (a start, then three per cubic Bézier segment). */
export function splinePoints(points: Array<[number, number]>, perSegment = 24): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let k = 0; 3 * k + 3 < points.length; k++) {
    const [p0, p1, p2, p3] = points.slice(3 * k, 3 * k + 4) as [[number, number], [number, number], [number, number], [number, number]];
    for (let i = 0; i <= perSegment; i++) out.push(bezier(p0, p1, p2, p3, i / perSegment));
  }
  return out.length ? out : points;
}

/** Where the spline crosses the vertical through x (the point nearest to it), or its middle. */
export function splineAt(points: Array<[number, number]>, x?: number): [number, number] {
  const along = splinePoints(points);
  if (x === undefined) return along[Math.floor(along.length / 2)]!;
  return along.reduce((best, p) => (Math.abs(p[0] - x) < Math.abs(best[0] - x) ? p : best));
}

function arrowhead(from: [number, number], tip: [number, number]): string {
  const [dx, dy] = [tip[0] - from[0], tip[1] - from[1]];
  const length = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / length, dy / length];
  const [bx, by] = [tip[0] - ux * 9, tip[1] - uy * 9];
  const corners = [tip, [bx - uy * 4, by + ux * 4], [bx + uy * 4, by - ux * 4]].map(([x, y]) => `${f(x!)},${f(y!)}`).join(" ");
  return `<polygon points="${corners}" fill="${FORWARD_COLOR}"/>`;
}

function text(x: number, y: number, content: string, attrs: string): string {
  return `<text x="${f(x)}" y="${f(y)}" text-anchor="middle" ${attrs}>${escapeHtml(content)}</text>`;
}

export function graphSvg(model: GraphModel, layout: GraphLayout): string {
  const top = MARGIN + (model.title ? 26 : 0) + 18;
  const width = Math.max(layout.width, model.title ? textWidth(model.title, 15) : 0, 330) + 2 * MARGIN;
  const height = layout.height + top + MARGIN;
  const dx = (width - layout.width) / 2;
  const at = ([x, y]: [number, number]): [number, number] => [x + dx, y + top];
  const parts: string[] = [];
  parts.push(`<rect width="100%" height="100%" fill="white"/>`);
  if (model.title) parts.push(text(width / 2, MARGIN + 14, model.title, `font-size="15" font-weight="bold" fill="${FORWARD_COLOR}"`));
  parts.push(
    `<text x="${f(width / 2)}" y="${f(top - 10)}" text-anchor="middle" font-size="11" fill="#59636e">forward values above the arrows · <tspan fill="${BACKWARD_COLOR}">gradients below</tspan></text>`,
  );
  model.edges.forEach((edge, i) => {
    const place = layout.edges[i]!;
    const splines = place.splines.map((points) => points.map(at)).filter((points) => points.length >= 2);
    if (!splines.length) return;
    const d = splines.map((pts, k) => `${k ? "L" : "M"}${f(pts[0]![0])},${f(pts[0]![1])} ` + pts.slice(1).reduce((s, p, j) => s + (j % 3 === 0 ? "C" : " ") + `${f(p[0])},${f(p[1])}`, "")).join(" ");
    parts.push(`<path d="${d}" fill="none" stroke="${FORWARD_COLOR}" stroke-width="1.3"/>`);
    const last = splines.at(-1)!;
    if (place.tip) parts.push(arrowhead(last.at(-1)!, at(place.tip)));
    const pts = splines.flat();
    // The arrow runs through the middle of the room dot kept for its values: the value above, the gradient below.
    const [mx, my] = place.middle ? at(place.middle) : splineAt(pts);
    if (edge.forward !== undefined) parts.push(text(mx, my - 6, edge.forward, `font-size="${EDGE_FONT_SIZE}" fill="${FORWARD_COLOR}"`));
    if (edge.backward !== undefined) parts.push(text(mx, my + 4 + EDGE_FONT_SIZE, edge.backward, `font-size="${EDGE_FONT_SIZE}" fill="${BACKWARD_COLOR}"`));
  });
  model.nodes.forEach((node, i) => {
    const place = layout.nodes[i]!;
    const [x, y] = at([place.x, place.y]);
    if (node.kind === "op") parts.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(Math.min(place.width, place.height) / 2)}" fill="white" stroke="${FORWARD_COLOR}" stroke-width="1.4"/>`);
    if (node.kind === "layer") parts.push(`<rect x="${f(x - place.width / 2)}" y="${f(y - place.height / 2)}" width="${f(place.width)}" height="${f(place.height)}" rx="6" fill="#f6f8fa" stroke="${FORWARD_COLOR}" stroke-width="1.4"/>`);
    const lines = node.label.split("\n");
    lines.forEach((line, k) => parts.push(text(x, y + NODE_FONT_SIZE * 0.35 + (k - (lines.length - 1) / 2) * NODE_FONT_SIZE * 1.2, line, `font-size="${NODE_FONT_SIZE}" fill="${FORWARD_COLOR}"`)));
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" viewBox="0 0 ${f(width)} ${f(height)}" font-family="${FONT}">\n${parts.join("\n")}\n</svg>\n`;
}
