// TensorView: a tensor with display options; its display bundle is the numpy-style text and the HTML.
import * as tf from "@tensorflow/tfjs";
import { assertLiveTensor, assertTensor } from "../args/tensor";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { fitEdgeItems, readCorners } from "./corners";
import { elementFormatter, formatCorners, tensorHeader } from "./format";
import { tensorHtml } from "./html";
import { InspectOptions, PrintOptions, resolveOptions } from "./options";
import { tensorStats } from "./stats";

const BYTES_PER_ELEMENT: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

function byteSize(t: tf.Tensor): number {
  const per = BYTES_PER_ELEMENT[t.dtype];
  if (per !== undefined) return per * t.size;
  // Strings live in JS; count their UTF-8 bytes.
  return (t.dataSync() as unknown as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
}

/** A tensor with explicit display options; shows itself when it is a cell's last value. */
export class TensorView {
  readonly options: PrintOptions;
  private readonly explicitEdgeItems: boolean;

  constructor(
    readonly tensor: tf.Tensor,
    options: InspectOptions = {},
  ) {
    assertLiveTensor("inspect", "t", tensor);
    this.options = resolveOptions("inspect", options);
    this.explicitEdgeItems = options.edgeItems !== undefined;
  }

  private corners() {
    const o = this.options;
    const edgeItems = this.explicitEdgeItems ? o.edgeItems : fitEdgeItems(this.tensor.shape, o.edgeItems, o.threshold);
    return readCorners(this.tensor, edgeItems, o.threshold);
  }

  /** console.log shows the same text as the notebook's text/plain. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** The numpy-style text with its header line, as text/plain shows it. */
  toString(): string {
    assertLiveTensor("inspect", "t", this.tensor);
    const o = this.options;
    return tensorHeader(this.tensor) + "\n" + formatCorners(this.corners(), o);
  }

  [displaySymbol](): MediaBundle {
    const t = this.tensor;
    assertLiveTensor("inspect", "t", t);
    const o = this.options;
    const corners = this.corners();
    const format = elementFormatter(corners, o);
    const text = tensorHeader(t) + "\n" + formatCorners(corners, o, format);
    const stats = o.stats && t.dtype !== "string" ? tensorStats(t) : undefined;
    const html = tensorHtml({
      corners,
      // Keep the right padding numpy adds to fractions, so that decimal points line up in a column;
      // cut long strings so that one of them cannot make the table as wide as a page.
      cell: (i) => {
        const text = format(i).trimStart();
        return text.length > 60 ? text.slice(0, 57) + "…" + text[text.length - 1] : text;
      },
      size: t.size,
      bytes: byteSize(t),
      backend: tf.getBackend(),
      stats,
      heatmap: o.heatmap,
    });
    return { "text/plain": text, "text/html": html };
  }
}

/**
 * Shows a tensor with explicit options: `precision`, `threshold`, `edgeItems`,
 * `stats` and `heatmap` (and numpy's `lineWidth`, `suppress`, `separator`).
 * Every tensor displays as `inspect(t)` by default.
 */
export function inspect(t: tf.Tensor, options: InspectOptions = {}): TensorView {
  return new TensorView(t, options);
}

/** The text console.log prints for a tensor: the text/plain display, or a note when it is disposed. */
export function tensorConsoleText(t: tf.Tensor): string {
  assertTensor("tensorConsoleText", "t", t);
  if (t.isDisposed) return `${tensorHeader(t)} (disposed)`;
  return inspect(t).toString();
}
