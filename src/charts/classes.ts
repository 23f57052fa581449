// Labels against predictions, counted per (true class, predicted class): what confusionMatrix and
// perClassAccuracy are drawn from. Tensors are checked and counted in tf, so only the counts leave the
// backend; arrays are counted here.
import * as tf from "@tensorflow/tfjs";
import { shapeText } from "../args/describe";
import { checkNumericTensor, toNumbers } from "./values";

/** More classes make a chart nobody can read, and a label of 10^9 would allocate 10^18 cells. */
export const MAX_CLASSES = 100;

/** Class indices as given: an array, a 1-D tensor of indices, or a 2-D tensor of scores or one-hot rows. */
export type ClassesLike = tf.Tensor | ArrayLike<number>;

/** The indices a tensor stands for (inside a tidy): its argmax along the last axis for scores. */
export function classIndexTensor(value: tf.Tensor, what: string): tf.Tensor1D {
  checkNumericTensor(value, what);
  if (value.rank === 1) return value as tf.Tensor1D;
  if (value.rank === 2 && value.shape[1]! > 1) return tf.argMax(value, 1) as tf.Tensor1D;
  if (value.rank === 2 && value.shape[1] === 1) return tf.reshape(value, [-1]) as tf.Tensor1D;
  throw new Error(`${what}: expected class indices (a 1-D tensor) or scores (a 2-D tensor, one row per example); got shape ${shapeText(value.shape)}`);
}

function checkIndices(values: number[], what: string): number[] {
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: expected class indices (integers ≥ 0); got ${v} at index ${i}`);
  });
  return values;
}

/** Reads class indices into numbers; throws naming the first that is not an integer ≥ 0. */
export function readClasses(value: ClassesLike, what: string): number[] {
  if (!(value instanceof tf.Tensor)) return checkIndices(toNumbers(value, what), what);
  const indices = tf.tidy(() => classIndexTensor(value, what).clone());
  try {
    return checkIndices(toNumbers(indices, what), what);
  } finally {
    indices.dispose();
  }
}

/** [length, min, max, count of values that are not integers ≥ 0] of an index tensor, read in one go; throws on a bad one. */
export function checkClassIndexTensor(x: tf.Tensor1D, what: string): { length: number; max: number } {
  if (x.size === 0) return { length: 0, max: 0 };
  const [length, , max, bad] = tf.tidy(() => {
    const f = tf.cast(x, "float32");
    const notIndex = tf.logicalOr(tf.notEqual(f, tf.round(f)), tf.less(f, 0));
    return tf.stack([tf.scalar(x.size), tf.min(f), tf.max(f), tf.sum(tf.cast(notIndex, "float32"))]).dataSync();
  }) as unknown as number[];
  if (bad) {
    const [at, v] = tf.tidy(() => {
      const f = tf.cast(x, "float32");
      const i = tf.argMax(tf.cast(tf.logicalOr(tf.notEqual(f, tf.round(f)), tf.less(f, 0)), "int32"));
      return tf.stack([tf.cast(i, "float32"), tf.gather(f, i)]).dataSync();
    }) as unknown as number[];
    throw new Error(`${what}: expected class indices (integers ≥ 0); got ${v} at index ${at}`);
  }
  return { length: length!, max: max! };
}

/** counts[t][p]: how many examples of true class t were predicted as p. */
export function confusionCounts(labels: number[], predictions: number[], numClasses: number): number[][] {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  labels.forEach((t, i) => counts[t]![predictions[i]!]!++);
  return counts;
}

/** The counts widened with empty rows and columns to `numClasses` classes. */
export function padCounts(counts: number[][], numClasses: number): number[][] {
  return Array.from({ length: numClasses }, (_, t) => Array.from({ length: numClasses }, (_, p) => counts[t]?.[p] ?? 0));
}

/**
 * The confusion counts of labels against predictions, `numClasses` × `numClasses` (by default one more
 * than the largest index seen). Throws, naming `fn` and the argument, on mismatched lengths, empty input,
 * indices that are not integers ≥ 0, and indices of `numClasses` or more (or past MAX_CLASSES).
 */
export function countClasses(fn: string, labels: ClassesLike, predictions: ClassesLike, numClasses?: number): number[][] {
  const outOfRange = (largest: number) => {
    const limit = numClasses ?? MAX_CLASSES;
    if (largest >= limit) throw new RangeError(`${fn}: expected class indices from 0 to ${limit - 1}${numClasses === undefined ? "" : ` (${numClasses} classes)`}; got ${largest}`);
  };
  const sizes = (a: number, b: number) => {
    if (a !== b) throw new Error(`${fn}: labels has ${a} entries but predictions has ${b}; they must match`);
    if (!a) throw new Error(`${fn}: labels and predictions are empty`);
  };
  if (labels instanceof tf.Tensor && predictions instanceof tf.Tensor) {
    return tf.tidy(() => {
      const t = classIndexTensor(labels, `${fn}: labels`);
      const p = classIndexTensor(predictions, `${fn}: predictions`);
      const a = checkClassIndexTensor(t, `${fn}: labels`);
      const b = checkClassIndexTensor(p, `${fn}: predictions`);
      sizes(a.length, b.length);
      const largest = Math.max(a.max, b.max);
      outOfRange(largest);
      const k = numClasses ?? largest + 1;
      const pairs = tf.cast(tf.add(tf.mul(tf.cast(t, "int32"), tf.scalar(k, "int32")), tf.cast(p, "int32")), "int32") as tf.Tensor1D;
      const flat = tf.bincount(pairs, tf.tensor1d([], "float32"), k * k).dataSync();
      return Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
    });
  }
  const truth = readClasses(labels, `${fn}: labels`);
  const predicted = readClasses(predictions, `${fn}: predictions`);
  sizes(truth.length, predicted.length);
  // A loop, not Math.max(...): a million labels would overflow the call stack.
  const largest = [...truth, ...predicted].reduce((a, b) => (b > a ? b : a), 0);
  outOfRange(largest);
  return confusionCounts(truth, predicted, numClasses ?? largest + 1);
}
