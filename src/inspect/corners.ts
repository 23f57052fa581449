// Reads the values a printout shows: all of a small tensor, or only the leading and trailing
// `edgeItems` of every long axis of a large one (numpy's _leading_trailing), gathered inside tf
// so that a million-element tensor transfers a few hundred numbers.
import * as tf from "@tensorflow/tfjs";

/** The values to print, row-major over `keptShape`. */
export interface TensorCorners {
  dtype: tf.DataType;
  /** The tensor's full shape. */
  shape: number[];
  /** Per axis, how many items were kept: all, or 2 × edgeItems when the axis is summarised. */
  keptShape: number[];
  /** For each axis, the original index of each kept item. */
  keptIndices: number[][];
  /** True when the tensor has more elements than the threshold: long axes show `...`. */
  summarised: boolean;
  edgeItems: number;
  /** Numbers (float32, int32, bool as 0/1, complex64 real parts) or strings. */
  values: ArrayLike<number> | string[];
  /** Imaginary parts of complex64 values. */
  imag?: ArrayLike<number>;
}

function keptAxis(n: number, edgeItems: number, summarise: boolean): number[] {
  if (!summarise || n <= 2 * edgeItems) return Array.from({ length: n }, (_, i) => i);
  return [...Array.from({ length: edgeItems }, (_, i) => i), ...Array.from({ length: edgeItems }, (_, i) => n - edgeItems + i)];
}

/** Flat (row-major) indices into the full tensor of every kept element. */
function flatIndices(shape: number[], kept: number[][]): Int32Array {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  let flat = [0];
  for (let axis = 0; axis < shape.length; axis++) {
    const next: number[] = [];
    for (const base of flat) for (const k of kept[axis]!) next.push(base + k * strides[axis]!);
    flat = next;
  }
  return Int32Array.from(flat);
}

function pick<T>(values: ArrayLike<T>, indices: Int32Array): T[] {
  return Array.from(indices, (i) => values[i]!);
}

/**
 * Edge items for a summarised tensor of this shape: `edgeItems`, or fewer when a high-rank tensor
 * would otherwise show more than 4 × threshold elements (3 items of 7 axes are 6⁷ = 279,936).
 * Ranks up to 3, and numpy's own examples, keep numpy's count.
 */
export function fitEdgeItems(shape: readonly number[], edgeItems: number, threshold: number): number {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size <= threshold) return edgeItems;
  const shown = (e: number) => shape.reduce((n, d) => n * Math.min(d, 2 * e), 1);
  let e = edgeItems;
  while (e > 1 && shown(e) > 4 * threshold) e--;
  return e;
}

/** The values of `t` a printout needs; reads everything only when the tensor is small. */
export function readCorners(t: tf.Tensor, edgeItems: number, threshold: number): TensorCorners {
  const shape = t.shape.slice();
  const summarised = t.size > threshold;
  const keptIndices = shape.map((n) => keptAxis(n, edgeItems, summarised));
  const keptShape = keptIndices.map((k) => k.length);
  const base = { dtype: t.dtype, shape, keptShape, keptIndices, summarised, edgeItems };
  const needsGather = keptShape.some((k, i) => k !== shape[i]);

  if (t.dtype === "complex64") {
    const interleaved = t.dataSync() as Float32Array;
    const re = new Float32Array(t.size);
    const im = new Float32Array(t.size);
    for (let i = 0; i < t.size; i++) {
      re[i] = interleaved[2 * i]!;
      im[i] = interleaved[2 * i + 1]!;
    }
    if (!needsGather) return { ...base, values: re, imag: im };
    const idx = flatIndices(shape, keptIndices);
    return { ...base, values: pick(re, idx), imag: pick(im, idx) };
  }
  if (t.dtype === "string") {
    const all = t.dataSync() as unknown as string[];
    return { ...base, values: needsGather ? pick(all, flatIndices(shape, keptIndices)) : all };
  }
  if (!needsGather) return { ...base, values: t.dataSync() as ArrayLike<number> };
  const idx = flatIndices(shape, keptIndices);
  const gathered = tf.tidy(() => tf.gather(tf.reshape(t, [-1]), tf.tensor1d(idx, "int32")));
  try {
    return { ...base, values: gathered.dataSync() as ArrayLike<number> };
  } finally {
    gathered.dispose();
  }
}
