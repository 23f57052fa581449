// showImage and showImages: tensors as PNG pictures (image/png + text/plain).
import * as tf from "@tensorflow/tfjs";
import { describeValue, shapeText } from "../args/describe";
import { checkOptions, integer, OptionRule, OptionRules, range } from "../args/options";
import { assertLiveTensor } from "../args/tensor";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { encodePng } from "../render/png";
import { FONT_FAMILY, svgToPng } from "../render/svgToPng";
import { composeGrid, GridCell, GridLayout, gridLayout, gridSvg } from "./imageGrid";
import { imageGeometry, RgbaImages, toRgba, upscale } from "./imagePixels";

/** A rendered picture: its display is the PNG, with a text description for exports. */
export class ImageView {
  constructor(
    readonly png: Uint8Array,
    readonly width: number,
    readonly height: number,
    readonly description: string,
  ) {}

  /** console.log shows the same text as the notebook's text/plain. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return this.description;
  }

  [displaySymbol](): MediaBundle {
    return { "image/png": this.png, "text/plain": this.description };
  }
}

export interface ShowImageOptions {
  /** Integer upscaling factor (nearest neighbour). Default: about 140 px on the longer side, at most ×8. */
  scale?: number;
  /** Values mapped to black and white; default 0–1 for floats within it, else 0–255. */
  range?: [number, number];
}

export interface ShowImagesOptions extends ShowImageOptions {
  /** True labels, one per image: numbers, strings, a 1-D tensor, or one-hot rows. */
  labels?: ArrayLike<number | string> | tf.Tensor;
  /** Predicted labels, as labels; 2-D tensors (probabilities) are read with argMax. Wrong ones are marked. */
  predictions?: ArrayLike<number | string> | tf.Tensor;
  /** Images per row. Default: up to 10. */
  cols?: number;
  /** At most this many images are drawn (the first ones). Default 100. */
  max?: number;
}

/** Only its outline: readLabels checks the length and the tensor, naming the option. */
const labelsRule: OptionRule = { expected: "an array or a tensor of labels", test: (v) => typeof v === "object" && v !== null };

const SHOW_IMAGE_OPTIONS: OptionRules<ShowImageOptions> = { scale: integer(1, 64), range };

const SHOW_IMAGES_OPTIONS: OptionRules<ShowImagesOptions> = { ...SHOW_IMAGE_OPTIONS, labels: labelsRule, predictions: labelsRule, cols: integer(1), max: integer(1) };

function autoScale(width: number, height: number, target: number): number {
  return Math.max(1, Math.min(8, Math.floor(target / Math.max(width, height))));
}

/**
 * Shows a tensor as a picture: `[H,W]` (grey), `[H,W,1]`, `[H,W,3]` (RGB) or
 * `[H,W,4]` (RGBA), with values in 0–255 or 0–1, upscaled without blurring.
 */
export function showImage(t: tf.Tensor, options: ShowImageOptions = {}): ImageView {
  assertLiveTensor("showImage", "t", t);
  checkOptions("showImage", options, SHOW_IMAGE_OPTIONS);
  const [height, width] = imageGeometry("showImage", "t", t, false);
  const scale = options.scale ?? autoScale(width, height, 140);
  const img = toRgba("showImage", "t", t, false, 1, options.range);
  const png = encodePng(upscale(img.data, width, height, scale), width * scale, height * scale);
  const kind = img.channels === 1 ? "greyscale" : img.channels === 3 ? "RGB" : "RGBA";
  const description = `Image ${width}×${height} ${kind}, values ${img.range}, shown ×${scale} (${width * scale}×${height * scale} px)`;
  return new ImageView(png, width * scale, height * scale, description);
}

/** Labels as strings, one per image, from any of the accepted forms. */
function readLabels(fn: string, arg: string, value: ShowImagesOptions["labels"], total: number, count: number): string[] | undefined {
  if (value === undefined) return undefined;
  let list: ArrayLike<number | string>;
  if (value instanceof tf.Tensor) {
    assertLiveTensor(fn, arg, value);
    if (value.rank === 2) {
      const a = tf.argMax(value, 1);
      list = a.dataSync() as Int32Array;
      a.dispose();
    } else if (value.rank === 1) list = value.dataSync() as ArrayLike<number>;
    else throw new Error(`${fn}: expected ${arg} to be a 1-D tensor of labels or a 2-D tensor of scores; got shape ${shapeText(value.shape)}`);
  } else if (value !== null && typeof value === "object" && typeof (value as ArrayLike<unknown>).length === "number") {
    list = value;
  } else {
    throw new TypeError(`${fn}: expected ${arg} to be an array or a tensor; got ${describeValue(value)}`);
  }
  if (list.length !== total && list.length !== count) {
    throw new Error(`${fn}: expected ${arg} to have ${total} entries (one per image); got ${list.length}`);
  }
  return Array.from({ length: count }, (_, i) => String(list[i]));
}

/** The images as a grid, `cols` per row, each upscaled by `scale` and captioned; wrong cells outlined in red. */
export function drawGrid(img: RgbaImages, cells: GridCell[], cols: number, scale: number): { png: Uint8Array; layout: GridLayout } {
  const { count, width, height } = img;
  // Wide enough for the longest caption (DejaVu Sans Bold at 11 px: about 7.5 px a character).
  const captionWidth = Math.ceil(7.5 * Math.max(0, ...cells.flatMap((c) => c.lines.map((l) => l.length))));
  const layout = gridLayout(count, cols, width * scale, height * scale, Math.max(0, ...cells.map((c) => c.lines.length)), captionWidth);
  const raster = encodePng(composeGrid(img.data, count, width, height, scale, layout), layout.totalWidth, layout.totalHeight);
  // Without captions there is nothing for resvg to draw: the raster is the picture.
  const png = cells.some((c) => c.lines.length) ? svgToPng(gridSvg(raster, cells, layout, FONT_FAMILY), { scale: 1 }) : raster;
  return { png, layout };
}

/**
 * Shows a batch `[N,H,W]` or `[N,H,W,C]` as a grid. With `labels` and
 * `predictions`, every image is captioned and wrong predictions are outlined in red.
 */
export function showImages(batch: tf.Tensor, options: ShowImagesOptions = {}): ImageView {
  const fn = "showImages";
  assertLiveTensor(fn, "batch", batch);
  checkOptions(fn, options, SHOW_IMAGES_OPTIONS);
  const [height, width] = imageGeometry(fn, "batch", batch, true);
  const total = batch.shape[0]!;
  const count = Math.min(total, options.max ?? 100);
  const cols = options.cols ?? Math.min(count, 10);
  const scale = options.scale ?? autoScale(width, height, 84);
  const labels = readLabels(fn, "options.labels", options.labels, total, count);
  const predictions = readLabels(fn, "options.predictions", options.predictions, total, count);
  const img = toRgba(fn, "batch", batch, true, count, options.range);

  const wrong: number[] = [];
  const cells = Array.from({ length: count }, (_, i) => {
    const isWrong = labels !== undefined && predictions !== undefined && labels[i] !== predictions[i];
    if (isWrong) wrong.push(i);
    const lines: string[] = [];
    if (labels && predictions) lines.push(`true ${labels[i]}`, `pred ${predictions[i]}`);
    else if (labels) lines.push(labels[i]!);
    else if (predictions) lines.push(`pred ${predictions[i]}`);
    return { lines, wrong: isWrong };
  });
  const { png, layout } = drawGrid(img, cells, cols, scale);

  const lines = [`Images: ${count} of ${shapeText(batch.shape)}, ${cols} per row, values ${img.range}, shown ×${scale}`];
  const list = (xs: string[]) => xs.slice(0, 30).join(" ") + (xs.length > 30 ? " …" : "");
  if (labels) lines.push(`labels:      ${list(labels)}`);
  if (predictions) lines.push(`predictions: ${list(predictions)}`);
  if (labels && predictions) {
    const detail = wrong.slice(0, 10).map((i) => `#${i} (true ${labels[i]}, pred ${predictions[i]})`).join(", ");
    lines.push(`wrong: ${wrong.length} of ${count}${wrong.length ? ": " + detail + (wrong.length > 10 ? ", …" : "") : ""}`);
  }
  return new ImageView(png, layout.totalWidth, layout.totalHeight, lines.join("\n"));
}
