// ShapeExplanation: the result of explainBroadcast, explainMatMul and explainReshape. Its display
// is the rule worked step by step, as text and as HTML.
import { displaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { tuple } from "./shapeArg";

/** One step of a rule: a sentence and some aligned lines that illustrate it. */
export interface ExplanationStep {
  rule: string;
  lines: string[];
}

/** A shape rule, worked through for concrete shapes; `resultShape` is the answer. */
export class ShapeExplanation {
  constructor(
    /** What was explained, e.g. "Broadcasting (32, 10) with (10,)". */
    readonly title: string,
    readonly steps: ExplanationStep[],
    readonly resultShape: number[],
  ) {}

  /** console.log shows the same text as the notebook's text/plain. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    const body = this.steps.flatMap((s, i) => [`${i + 1}. ${s.rule}`, ...s.lines.map((l) => `     ${l}`)]);
    return [this.title, ...body, `Result: ${tuple(this.resultShape)}`].join("\n");
  }

  [displaySymbol](): MediaBundle {
    const steps = this.steps
      .map((s) => `<li>${escapeHtml(s.rule)}${s.lines.length ? `<pre style="margin:2px 0 6px 0">${escapeHtml(s.lines.join("\n"))}</pre>` : ""}</li>`)
      .join("\n");
    const html =
      `<div class="tsdl-shape-explanation"><div><b>${escapeHtml(this.title)}</b></div>` +
      `<ol style="margin:4px 0">${steps}</ol>` +
      `<div>Result: <code><b>${escapeHtml(tuple(this.resultShape))}</b></code></div></div>`;
    return { "text/plain": this.toString(), "text/html": html };
  }
}

/** Right-aligned columns of sizes, one row per shape; shorter shapes get blanks on the left. */
export function alignRight(rows: { label: string; shape: readonly (number | string)[] }[], width?: number): string[] {
  const rank = width ?? Math.max(...rows.map((r) => r.shape.length));
  const cells = rows.map((r) => [...Array(rank - r.shape.length).fill(""), ...r.shape.map(String)]);
  const colWidth = Array.from({ length: rank }, (_, i) => Math.max(1, ...cells.map((c) => c[i]!.length)));
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  return rows.map((r, j) => {
    const c = cells[j]!;
    const body = c.map((x, i) => (i === 0 ? "" : c[i - 1] ? ", " : "  ") + x.padStart(colWidth[i]!)).join("");
    return `${r.label.padEnd(labelWidth)}: (${body})`;
  });
}

/** A caret under column `axis` of lines produced by alignRight. */
export function caretUnder(rows: { label: string; shape: readonly (number | string)[] }[], axis: number, width: number): string {
  const aligned = alignRight(rows, width);
  const cells = rows.map((r) => [...Array(width - r.shape.length).fill(""), ...r.shape.map(String)]);
  const colWidth = Array.from({ length: width }, (_, i) => Math.max(1, ...cells.map((c) => c[i]!.length)));
  const start = aligned[0]!.indexOf("(") + 1 + colWidth.slice(0, axis).reduce((a, w) => a + w + 2, 0);
  return " ".repeat(start + colWidth[axis]! - 1) + "^";
}
