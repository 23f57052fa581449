// showMistakes(model, images, labels): the examples a classifier gets wrong with the most confidence, as
// an image grid captioned with the true and predicted class and the probability the model gave each.
import * as tf from "@tensorflow/tfjs";
import { shapeText } from "../args/describe";
import { checkOptions, integer, names, OptionRule, OptionRules, range } from "../args/options";
import { checkClassIndexTensor, classIndexTensor, ClassesLike } from "../charts/classes";
import { toNumbers } from "../charts/values";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { drawGrid, ImageView } from "../inspect/image";
import { toRgba } from "../inspect/imagePixels";
import { assertBuiltModel } from "../shapes/modelGraph";
import { assertBatch } from "./modelInput";

export interface ShowMistakesOptions {
  /** How many mistakes to show, the most confident first. Default 16. */
  n?: number;
  /** Images per row. Default: up to 8. */
  cols?: number;
  /** Integer upscaling of each image. Default 3. */
  scale?: number;
  /** Names of the classes 0, 1, … in the captions. */
  classNames?: string[];
  /** How to draw a flat input as an image, e.g. [28, 28]; by default a square, when the number of features is one. */
  imageShape?: number[];
  /** Pixel values mapped to black and white; default 0–1 or 0–255, whichever the values fit. */
  range?: [number, number];
}

const imageShapeRule: OptionRule = { expected: "[height, width] or [height, width, channels] of positive integers", test: (v) => Array.isArray(v) && (v.length === 2 || v.length === 3) && v.every((d) => Number.isInteger(d) && d > 0) };

const OPTIONS: OptionRules<ShowMistakesOptions> = { n: integer(1, 1000), cols: integer(1, 100), scale: integer(1, 16), classNames: names, imageShape: imageShapeRule, range };

/** One wrong prediction. */
export interface Mistake {
  /** Its position in `images`. */
  index: number;
  label: number;
  predicted: number;
  /** The probability the model gave its prediction. */
  confidence: number;
  /** The probability it gave the true class. */
  pTrue: number;
}

/** The mistakes found; displays as the captioned grid (or a line saying there were none). */
export class Mistakes {
  constructor(
    /** The most confident mistakes, most confident first. */
    readonly mistakes: Mistake[],
    /** Wrong predictions among all examples. */
    readonly wrongCount: number,
    readonly total: number,
    /** The grid; undefined when nothing was wrong. */
    readonly view: ImageView | undefined,
  ) {}

  toString(): string {
    return this.view?.description ?? `No mistakes: all ${this.total} examples are classified right`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [displaySymbol](): MediaBundle {
    return this.view ? this.view[displaySymbol]() : { "text/plain": this.toString() };
  }
}

/** The shape each example is drawn in: its own, or a flat vector folded into a square (or `imageShape`). */
function drawnShape(fn: string, example: number[], imageShape: number[] | undefined): number[] {
  const size = example.reduce((a, b) => a * b, 1);
  if (imageShape) {
    if (imageShape.reduce((a, b) => a * b, 1) !== size) throw new Error(`${fn}: options.imageShape ${shapeText(imageShape)} must hold the ${size} values of one example (shape ${shapeText(example)})`);
    return imageShape;
  }
  if (example.length === 2 || (example.length === 3 && [1, 3, 4].includes(example[2]!))) return example;
  const side = Math.round(Math.sqrt(size));
  if (example.length === 1 && side * side === size) return [side, side];
  throw new Error(`${fn}: cannot draw examples of shape ${shapeText(example)} as images; pass options.imageShape, e.g. { imageShape: [28, 28] }`);
}

/** Probabilities per class, [N, K] with K ≥ 2: a single sigmoid column p becomes [1 − p, p]. */
function classProbabilities(fn: string, model: tf.LayersModel, images: tf.Tensor): tf.Tensor2D {
  const out = model.predict(images, { batchSize: 1000 });
  const y = Array.isArray(out) ? out[0]! : out;
  if (Array.isArray(out)) tf.dispose(out.slice(1));
  if (y.rank !== 2) throw new Error(`${fn}: expected a classifier whose output is [N, classes] probabilities; model "${model.name}" gives shape ${shapeText(y.shape)}`);
  return (y.shape[1] === 1 ? tf.concat([tf.sub(1, y), y], 1) : y) as tf.Tensor2D;
}

/**
 * Runs the model on `images` and shows the `n` wrong predictions it was most sure of (16 by default): each
 * image with its true class and the probability the model gave it, and the predicted class with its
 * probability, in red. Labels are class indices (an array or a 1-D tensor) or one-hot rows. Everything up
 * to the choice of images is computed in tf; only those images and their numbers leave the backend.
 *
 * @example showMistakes(model, testImages, test.labels, { n: 12 })
 */
export function showMistakes(model: tf.LayersModel, images: tf.Tensor, labels: ClassesLike, options: ShowMistakesOptions = {}): Mistakes {
  const fn = "showMistakes";
  assertBuiltModel(fn, model);
  assertBatch(fn, "images", model, images);
  checkOptions(fn, options, OPTIONS);
  const n = options.n ?? 16;
  const total = images.shape[0]!;
  const shape = drawnShape(fn, images.shape.slice(1), options.imageShape);
  const labelTensor = labels instanceof tf.Tensor ? labels : tf.tensor1d(toNumbers(labels, `${fn}: labels`), "float32");
  try {
    const found = tf.tidy(() => {
      const truth = classIndexTensor(labelTensor, `${fn}: labels`);
      const { length, max } = checkClassIndexTensor(truth, `${fn}: labels`);
      if (length !== total) throw new Error(`${fn}: expected one label per image: images has ${total} and labels has ${length}`);
      const probs = classProbabilities(fn, model, images);
      const classes = probs.shape[1];
      if (max >= classes) throw new RangeError(`${fn}: expected labels from 0 to ${classes - 1} (the model has ${classes} outputs); got ${max}`);
      const t = tf.cast(truth, "int32");
      const predicted = tf.argMax(probs, 1);
      const confidence = tf.max(probs, 1);
      const wrong = tf.notEqual(predicted, t);
      const k = Math.min(n, total);
      const top = tf.topk(tf.where(wrong, confidence, tf.fill(confidence.shape, -1)), k);
      const pTrue = tf.gather(tf.reshape(probs, [-1]), tf.add(tf.mul(tf.range(0, total, 1, "int32"), tf.scalar(classes, "int32")), t));
      const pick = (x: tf.Tensor) => tf.cast(tf.gather(x, top.indices), "float32");
      const rows = tf.stack([tf.cast(top.indices, "float32"), top.values, pick(predicted), pick(t), pick(pTrue)], 1);
      return { rows: rows.arraySync() as number[][], wrongCount: tf.sum(tf.cast(wrong, "float32")).dataSync()[0]! };
    });
    const mistakes = found.rows.filter((r) => r[1]! >= 0).map(([index, confidence, predicted, label, pTrue]) => ({ index: index!, confidence: confidence!, predicted: predicted!, label: label!, pTrue: pTrue! }));
    if (!mistakes.length) return new Mistakes([], 0, total, undefined);
    return new Mistakes(mistakes, found.wrongCount, total, mistakesView(fn, images, mistakes, shape, found.wrongCount, options));
  } finally {
    if (labelTensor !== labels) labelTensor.dispose();
  }
}

function mistakesView(fn: string, images: tf.Tensor, mistakes: Mistake[], shape: number[], wrongCount: number, options: ShowMistakesOptions): ImageView {
  const name = (k: number) => options.classNames?.[k] ?? String(k);
  const percent = (p: number) => (p < 0.01 ? "<1%" : p > 0.99 ? `${(100 * p).toFixed(1)}%` : `${Math.round(100 * p)}%`);
  const chosen = tf.tidy(() => tf.reshape(tf.gather(images, mistakes.map((m) => m.index)), [mistakes.length, ...shape]));
  let img;
  try {
    img = toRgba(fn, "images", chosen, true, mistakes.length, options.range);
  } finally {
    chosen.dispose();
  }
  const cells = mistakes.map((m) => ({ lines: [`true ${name(m.label)} ${percent(m.pTrue)}`, `pred ${name(m.predicted)} ${percent(m.confidence)}`], wrong: true }));
  const cols = options.cols ?? Math.min(mistakes.length, 8);
  const scale = options.scale ?? 3;
  const { png, layout } = drawGrid(img, cells, cols, scale);
  const total = images.shape[0]!;
  const lines = [
    `The ${mistakes.length} most confident mistakes: ${wrongCount} of ${total} examples wrong (accuracy ${((100 * (total - wrongCount)) / total).toFixed(2)}%)`,
    ...mistakes.map((m) => `  #${m.index}: true ${name(m.label)} (p ${m.pTrue.toFixed(3)}), predicted ${name(m.predicted)} (p ${m.confidence.toFixed(3)})`),
  ];
  return new ImageView(png, layout.totalWidth, layout.totalHeight, lines.join("\n"));
}
