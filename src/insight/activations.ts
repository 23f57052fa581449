// activations(model, input): what every layer computes for one input, drawn layer by layer: feature maps
// as pictures, other vectors as heatmap strips, the units of dense layers as bars.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, integer, OptionRules } from "../args/options";
import { Chart } from "../charts/chart";
import { viridis } from "../charts/colormap";
import { LABEL_RULES } from "../charts/specs/common";
import { ActivationPanel, activationsSpec } from "../charts/specs/activations";
import { formatNumber } from "../charts/values";
import { encodePng } from "../render/png";
import { assertBuiltModel, kerasShape, probeModel } from "../shapes/modelGraph";
import { oneExample } from "./modelInput";

export interface ActivationsOptions {
  /** Channels drawn of each feature map (the first ones). Default 16. */
  maxChannels?: number;
  /** Dense layers with more units than this show as a strip instead of bars. Default 1024. */
  maxBars?: number;
  title?: string;
  /** Width of the bar charts in pixels. */
  width?: number;
}

const OPTIONS: OptionRules<ActivationsOptions> = { maxChannels: integer(1, 256), maxBars: integer(1, 4096), title: LABEL_RULES.title, width: LABEL_RULES.width };

/** What one layer gave for the input. */
export interface LayerActivation {
  layer: string;
  type: string;
  /** The output's shape without the batch axis. */
  shape: number[];
  min: number;
  max: number;
  mean: number;
  /** Share of the values that are exactly 0 (dead or inactive ReLU units). */
  zeroFraction: number;
  shown: ActivationPanel["kind"];
}

/** The chart, with each layer's numbers. */
export class Activations extends Chart {
  constructor(
    spec: Chart["spec"],
    summary: string,
    readonly layers: LayerActivation[],
  ) {
    super(spec, summary);
  }
}

type Colour = (t: number) => [number, number, number];
const grey: Colour = (t) => {
  const v = Math.round(255 * Math.min(1, Math.max(0, t)));
  return [v, v, v];
};

const GAP = 2;

/**
 * `channels` pictures of h × w (values laid out [h, w, channels], as tf does), `cols` per row, each pixel
 * a scale × scale square coloured by its value between lo and hi; white gaps between them.
 */
function pictureGrid(values: ArrayLike<number>, h: number, w: number, channels: number, stride: number, cols: number, scale: number, lo: number, hi: number, colour: Colour): { url: string; width: number; height: number } {
  const rows = Math.ceil(channels / cols);
  const width = cols * w * scale + (cols - 1) * GAP;
  const height = rows * h * scale + (rows - 1) * GAP;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const span = hi - lo || 1;
  for (let c = 0; c < channels; c++) {
    const [ox, oy] = [(c % cols) * (w * scale + GAP), Math.floor(c / cols) * (h * scale + GAP)];
    for (let y = 0; y < h * scale; y++) {
      for (let x = 0; x < w * scale; x++) {
        const v = values[(Math.floor(y / scale) * w + Math.floor(x / scale)) * stride + c]!;
        const [r, g, b] = colour((v - lo) / span);
        rgba.set([r, g, b, 255], ((oy + y) * width + ox + x) * 4);
      }
    }
  }
  return { url: `data:image/png;base64,${Buffer.from(encodePng(rgba, width, height)).toString("base64")}`, width, height };
}

function extent(values: ArrayLike<number>): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** The panel for one output (without its batch axis); `values` holds it flat, feature maps cut to `maxChannels`. */
function panelFor(title: string, shape: number[], values: ArrayLike<number>, dense: boolean, options: Required<Pick<ActivationsOptions, "maxChannels" | "maxBars">>, isInput: boolean): ActivationPanel {
  const [lo, hi] = isInput ? [Math.min(0, extent(values)[0]), Math.max(extent(values)[1], 1)] : extent(values);
  const colour = isInput ? grey : viridis;
  const size = values.length;
  const side = Math.round(Math.sqrt(size));
  const square = shape.length === 1 && isInput && side * side === size && size >= 16;
  if (shape.length === 3 || shape.length === 2 || square) {
    const [h, w, c] = shape.length === 3 ? shape : square ? [side, side, 1] : [shape[0]!, shape[1]!, 1];
    const colourImage = isInput && shape.length === 3 && (c === 3 || c === 4);
    const channels = colourImage ? 1 : Math.min(c!, options.maxChannels);
    const stride = colourImage ? c! : Math.min(c!, options.maxChannels);
    const scale = Math.max(1, Math.min(8, Math.floor((isInput ? 112 : 56) / Math.max(h!, w!))));
    const picture = colourImage ? rgbPicture(values, h!, w!, c!, scale) : pictureGrid(values, h!, w!, channels, stride, Math.min(channels, 8), scale, lo, hi, colour);
    return { kind: "image", title, ...picture };
  }
  if (shape.length === 1 && dense && size <= options.maxBars) return { kind: "bars", title, values: Array.from(values) };
  const strip = pictureGrid(values, 1, size, 1, 1, 1, 1, lo, hi, colour);
  return { kind: "strip", title, url: strip.url, width: Math.min(600, Math.max(200, size)), length: size };
}

/** A colour input image as it is (values 0–1 or 0–255). */
function rgbPicture(values: ArrayLike<number>, h: number, w: number, c: number, scale: number): { url: string; width: number; height: number } {
  const [, hi] = extent(values);
  const k = hi > 1 ? 1 : 255;
  const [width, height] = [w * scale, h * scale];
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
      rgba.set([values[at]! * k, values[at + 1]! * k, values[at + 2]! * k, c === 4 ? values[at + 3]! * k : 255], (y * width + x) * 4);
    }
  }
  return { url: `data:image/png;base64,${Buffer.from(encodePng(rgba, width, height)).toString("base64")}`, width, height };
}

/**
 * Runs the model on one input (an example shaped like the model's input without the batch axis, or a
 * batch of one) and draws what every layer outputs: image-shaped outputs as pictures (up to 16 channels
 * each), the units of dense layers as bars, other vectors as heatmap strips. The input comes first.
 *
 * @example activations(model, testImages.slice(0, 1))
 */
export function activations(model: tf.LayersModel, input: tf.Tensor, options: ActivationsOptions = {}): Activations {
  const fn = "activations";
  assertBuiltModel(fn, model);
  checkOptions(fn, options, OPTIONS);
  const limits = { maxChannels: options.maxChannels ?? 16, maxBars: options.maxBars ?? 1024 };
  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  const { probe, owners } = probeModel(fn, model, layers);
  // Every output, feature maps cut to their first channels, flattened into one tensor: one read.
  const { flat, shapes } = tf.tidy(() => {
    const x = oneExample(fn, model, input);
    const outs = probe.apply(x) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outs) ? outs : [outs];
    const parts = [x, ...owners.map((o) => list[o.first]!)].map((t) => {
      const one = tf.squeeze(t, [0]);
      return one.rank === 3 && one.shape[2]! > limits.maxChannels ? tf.slice(one, [0, 0, 0], [-1, -1, limits.maxChannels]) : one;
    });
    const fullShapes = [x, ...owners.map((o) => list[o.first]!)].map((t) => t.shape.slice(1));
    return { flat: tf.concat(parts.map((p) => tf.reshape(tf.cast(p, "float32"), [-1]))), shapes: fullShapes };
  }) as { flat: tf.Tensor1D; shapes: number[][] };
  let values: Float32Array;
  try {
    values = flat.dataSync() as Float32Array;
  } finally {
    flat.dispose();
  }
  const panels: ActivationPanel[] = [];
  const rows: LayerActivation[] = [];
  let at = 0;
  shapes.forEach((shape, i) => {
    const kept = shape.length === 3 ? shape[0]! * shape[1]! * Math.min(shape[2]!, limits.maxChannels) : shape.reduce((a, b) => a * b, 1);
    const part = values.subarray(at, at + kept);
    at += kept;
    const layer = i === 0 ? undefined : owners[i - 1]!.layer;
    const type = layer ? layer.getClassName() : "input";
    const [lo, hi] = extent(part);
    const mean = part.reduce((a, b) => a + b, 0) / (part.length || 1);
    const zeros = part.reduce((a, b) => a + (b === 0 ? 1 : 0), 0) / (part.length || 1);
    const cut = shape.length === 3 && shape[2]! > limits.maxChannels ? `, first ${limits.maxChannels} of ${shape[2]} channels` : "";
    const title = `${layer ? `${layer.name} (${type})` : "input"} ${kerasShape(shape)}${cut}: ${formatNumber(lo)} … ${formatNumber(hi)}${layer && zeros > 0 ? `, ${Math.round(100 * zeros)}% zero` : ""}`;
    const panel = panelFor(title, shape, part, type === "Dense", limits, !layer);
    panels.push(panel);
    rows.push({ layer: layer?.name ?? "input", type, shape, min: lo, max: hi, mean, zeroFraction: zeros, shown: panel.kind });
  });
  const summary = [`Activations of "${model.name}" for one input:`, ...rows.map((r) => `  ${r.layer} (${r.type}) ${kerasShape(r.shape)}: ${formatNumber(r.min)} … ${formatNumber(r.max)}, mean ${formatNumber(r.mean)}, ${Math.round(100 * r.zeroFraction)}% zero, as ${r.shown}`)].join("\n");
  return new Activations(activationsSpec(panels, { title: options.title ?? `What each layer of "${model.name}" computes`, width: options.width }), summary, rows);
}
