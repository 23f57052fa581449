// summary(model): the Keras-style table of layers, output shapes and parameter counts, as an
// object whose display is the table (never printed as a side effect).
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { assertModel, connections, countWeights, isSequentialLike, layerParams, outputShapeText, paramBytes, thousands } from "./modelGraph";

/** One row of the summary. */
export interface SummaryRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
  /** Layers feeding this one, for functional models ("input_1[0][0]"). */
  connectedTo: string[];
}

/** Plain-text table with a rule under the header and between the parts, like Keras. */
function textTable(header: string[], rows: string[][], numeric: Set<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => " " + cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("   ").trimEnd();
  const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) + 2;
  return [ "_".repeat(total), line(header), "=".repeat(total), ...rows.map(line), "=".repeat(total)].join("\n");
}

/** A Keras-style model summary; its display is the table. */
export class ModelSummary {
  readonly name: string;
  readonly rows: SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** False for functional models with branches, merges or several inputs/outputs: rows then list "Connected to". */
  readonly sequential: boolean;

  constructor(model: tf.LayersModel) {
    assertModel("summary", model);
    this.name = model.name;
    this.sequential = isSequentialLike(model);
    this.rows = model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: outputShapeText(layer),
      params: layerParams("summary", layer),
      connectedTo: this.sequential ? [] : connections(model, layer),
    }));
    this.trainableParams = countWeights(model.trainableWeights);
    this.nonTrainableParams = countWeights(model.nonTrainableWeights);
    this.totalParams = this.trainableParams + this.nonTrainableParams;
  }

  private header(): string[] {
    return ["Layer (type)", "Output Shape", "Param #", ...(this.sequential ? [] : ["Connected to"])];
  }

  /** Table rows as cells; a layer fed by several others gets one line per connection. */
  private cells(): string[][] {
    return this.rows.flatMap((r) => {
      const first = [`${r.name} (${r.type})`, r.outputShape, thousands(r.params), ...(this.sequential ? [] : [r.connectedTo[0] ?? ""])];
      return [first, ...r.connectedTo.slice(1).map((c) => ["", "", "", c])];
    });
  }

  private totals(): [string, string][] {
    return [
      ["Total params", `${thousands(this.totalParams)} (${paramBytes(this.totalParams)})`],
      ["Trainable params", `${thousands(this.trainableParams)} (${paramBytes(this.trainableParams)})`],
      ["Non-trainable params", `${thousands(this.nonTrainableParams)} (${paramBytes(this.nonTrainableParams)})`],
    ];
  }

  /** console.log shows the same text as the notebook's text/plain. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return [`Model: "${this.name}"`, textTable(this.header(), this.cells(), new Set([2])), ...this.totals().map(([k, v]) => `${k}: ${v}`)].join("\n");
  }

  [displaySymbol](): MediaBundle {
    const th = (h: string, i: number) => `<th style="text-align:${i === 2 ? "right" : "left"};padding:2px 10px;border-bottom:2px solid #888;font-size:inherit">${escapeHtml(h)}</th>`;
    const td = (c: string, i: number) => `<td style="text-align:${i === 2 ? "right" : "left"};padding:2px 10px;font-family:var(--jp-code-font-family,monospace)">${escapeHtml(c)}</td>`;
    const rows = this.rows.map((r) => {
      const name = `<td style="text-align:left;padding:2px 10px">${escapeHtml(r.name)} <span style="color:#888">(${escapeHtml(r.type)})</span></td>`;
      const rest = [r.outputShape, thousands(r.params), ...(this.sequential ? [] : [r.connectedTo.join("\n")])].map((c, i) => td(c, i + 1).replace(/\n/g, "<br>"));
      return `<tr style="border-bottom:1px solid rgba(128,128,128,0.25)">${name}${rest.join("")}</tr>`;
    });
    const totals = this.totals()
      .map(([k, v]) => `<div><span style="color:#666">${escapeHtml(k)}:</span> <b>${escapeHtml(v)}</b></div>`)
      .join("");
    const html =
      `<div class="tsdl-model-summary"><div style="margin-bottom:4px">Model: <b>${escapeHtml(this.name)}</b></div>` +
      `<table style="border-collapse:collapse;font-size:inherit"><thead><tr>${this.header().map(th).join("")}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>` +
      `<div style="margin-top:4px">${totals}</div></div>`;
    return { "text/plain": this.toString(), "text/html": html };
  }
}

/**
 * A Keras-style summary of a model: each layer's name and type, output shape
 * and parameter count (and, for functional models, what it is connected to),
 * then total, trainable and non-trainable parameters. Every model displays as
 * its summary by default.
 */
export function summary(model: tf.LayersModel): ModelSummary {
  return new ModelSummary(model);
}
