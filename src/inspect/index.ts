// Tensor inspection. (Placeholder until the tensor-inspection issue lands: header + tfjs's own text.)
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";

export interface InspectOptions {
  precision?: number;
  threshold?: number;
  edgeItems?: number;
  stats?: boolean;
  heatmap?: boolean;
}

/** A tensor with explicit display options; shows itself when it is a cell's last value. */
export class TensorView {
  constructor(readonly tensor: tf.Tensor, readonly options: InspectOptions = {}) {}

  [displaySymbol](): MediaBundle {
    const t = this.tensor;
    const header = `Tensor ${t.dtype} [${t.shape.join(",")}]`;
    const text = `${header}\n${t.toString().replace(/^Tensor\n/, "")}`;
    const html = `<div><b>${escapeHtml(header)}</b> · ndim ${t.rank} · size ${t.size}<pre>${escapeHtml(text)}</pre></div>`;
    return { "text/plain": text, "text/html": html };
  }
}

/** Shows a tensor with explicit options: precision, threshold, edgeItems, stats, heatmap. */
export function inspect(tensor: tf.Tensor, options: InspectOptions = {}): TensorView {
  return new TensorView(tensor, options);
}
