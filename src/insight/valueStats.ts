// Statistics and histograms of tensors' values, computed in tf for many tensors at once: each read brings
// back a handful of numbers per tensor, never the values themselves.
//
// Every graph here is built from reductions and element-wise ops against scalars. tf.where against a
// scalar is avoided: the wasm backend tiles the scalar to the tensor's size first, which costs ~100× the op.
import * as tf from "@tensorflow/tfjs";

/** What layerStats shows of one tensor. min, max, mean and std are of the finite values (NaN when there are none). */
export interface ValueStats {
  size: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (ddof = 0). */
  std: number;
  /** Fraction of the elements that are exactly 0. */
  zeroFraction: number;
  nanCount: number;
  /** +Inf and -Inf together. */
  infCount: number;
}

/** Bin counts over `bins` equal bins from `lo` to `hi`; NaN and ±Inf are counted apart. */
export interface HistogramCounts {
  lo: number;
  hi: number;
  counts: number[];
  /** Finite values counted in the bins. */
  total: number;
  nanCount: number;
  infCount: number;
}

/** A float32 vector of the tensor's values. */
function flat(t: tf.Tensor): tf.Tensor1D {
  return tf.reshape(t.dtype === "float32" ? t : tf.cast(t, "float32"), [-1]) as tf.Tensor1D;
}

/** Reads one small tensor built by `build`, then frees it. */
function read(build: () => tf.Tensor): Float32Array {
  const t = tf.tidy(build);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Numbers of one tensor, `width` per tensor, all tensors read at once. */
function readRows(tensors: readonly tf.Tensor[], width: number, row: (x: tf.Tensor1D, i: number) => tf.Tensor): number[][] {
  if (!tensors.length) return [];
  const all = read(() => tf.concat(tensors.map((t, i) => (t.size ? row(flat(t), i) : tf.fill([width], NaN)))));
  return tensors.map((_, i) => Array.from(all.subarray(i * width, (i + 1) * width)));
}

/** The tensor with its NaN and ±Inf replaced by `fill` (only for the rare tensors that hold them). */
function finiteOr(x: tf.Tensor1D, fill: number): tf.Tensor1D {
  return tf.where(tf.isFinite(x), x, tf.fill(x.shape, fill)) as tf.Tensor1D;
}

/**
 * [min, max, sum, Σ(x − mean)², zeros] per tensor. All finite (the usual case) proves the tensor holds no
 * NaN or ±Inf, since either would reach the sum or the squares.
 */
function quickRow(x: tf.Tensor1D): tf.Tensor {
  const sum = tf.sum(x);
  const d = tf.sub(x, tf.div(sum, x.size));
  return tf.stack([tf.min(x), tf.max(x), sum, tf.dot(d, d), tf.sum(tf.cast(tf.equal(x, 0), "float32"))]);
}

/** The same of the finite values only, with the NaN and finite counts: [min, max, sum, Σ(x − mean)², zeros, NaNs, finite]. */
function maskedRow(x: tf.Tensor1D): tf.Tensor {
  const finite = tf.cast(tf.isFinite(x), "float32");
  const count = tf.sum(finite);
  const zeroed = finiteOr(x, 0);
  const mean = tf.div(tf.sum(zeroed), tf.maximum(count, 1));
  const d = tf.mul(tf.sub(zeroed, mean), finite);
  return tf.stack([tf.min(finiteOr(x, Infinity)), tf.max(finiteOr(x, -Infinity)), tf.sum(zeroed), tf.dot(d, d), tf.sum(tf.cast(tf.equal(x, 0), "float32")), tf.sum(tf.cast(tf.isNaN(x), "float32")), count]);
}

/** The statistics of each tensor (numeric, live): one read, and a second only for tensors holding NaN or ±Inf. */
export function valueStats(tensors: readonly tf.Tensor[]): ValueStats[] {
  const quick = readRows(tensors, 5, quickRow);
  const unusual = tensors.filter((t, i) => t.size && !(Number.isFinite(quick[i]![2]!) && Number.isFinite(quick[i]![3]!)));
  const masked = new Map(readRows(unusual, 7, maskedRow).map((r, i) => [unusual[i]!, r]));
  return tensors.map((t, i) => {
    const size = t.size;
    if (!size) return { size: 0, min: NaN, max: NaN, mean: NaN, std: NaN, zeroFraction: NaN, nanCount: 0, infCount: 0 };
    const m = masked.get(t);
    const [min, max, sum, squares, zeros] = m ?? quick[i]!;
    const [nans, count] = m ? [m[5]!, m[6]!] : [0, size];
    if (!count) return { size, min: NaN, max: NaN, mean: NaN, std: NaN, zeroFraction: zeros! / size, nanCount: nans, infCount: size - nans };
    return { size, min: min!, max: max!, mean: sum! / count, std: Math.sqrt(squares! / count), zeroFraction: zeros! / size, nanCount: nans, infCount: size - count - nans };
  });
}

/**
 * Histograms of the tensors' values, `bins` equal bins each. Each spans its tensor's finite values (widened
 * by 0.5 either side when they are all equal) unless `range` is given; values outside it, NaN and ±Inf are
 * left out of the bins. Two reads for all tensors: their ranges, then their counts.
 */
export function histogramCounts(tensors: readonly tf.Tensor[], bins: number, range?: readonly [number, number]): HistogramCounts[] {
  // [min, max, sum] of the finite values: a non-finite sum means NaN or ±Inf to leave out.
  const quick = readRows(tensors, 3, (x) => tf.stack([tf.min(x), tf.max(x), tf.sum(x)]));
  const clean = quick.map((q) => Number.isFinite(q[2]!));
  const finiteRange = readRows(
    tensors.filter((t, i) => t.size && !clean[i]),
    4,
    (x) => tf.stack([tf.min(finiteOr(x, Infinity)), tf.max(finiteOr(x, -Infinity)), tf.sum(tf.cast(tf.isNaN(x), "float32")), tf.sum(tf.cast(tf.isFinite(x), "float32"))]),
  );
  let next = 0;
  const ranges = tensors.map((t, i) => {
    const r = t.size && !clean[i] ? finiteRange[next++]! : [quick[i]![0]!, quick[i]![1]!, 0, t.size];
    const [min, max, nans, finite] = r as [number, number, number, number];
    const [lo, hi] = range ?? (finite > 0 ? (max > min ? [min, max] : [min - 0.5, max + 0.5]) : [-0.5, 0.5]);
    return { lo, hi, nans, inf: t.size - finite - nans, clean: clean[i]! && !range };
  });
  const counts = readRows(tensors, bins, (x, i) => binCount(x, bins, ranges[i]!));
  return tensors.map((_, i) => {
    const c = tensors[i]!.size ? counts[i]! : new Array<number>(bins).fill(0);
    const { lo, hi, nans, inf } = ranges[i]!;
    return { lo, hi, counts: c, total: c.reduce((a, b) => a + b, 0), nanCount: nans, infCount: inf };
  });
}

/**
 * Counts per bin. When every value lies in [lo, hi] (a tensor's own finite range) the bin index is the
 * scaled value cast to int32 (a truncation, which is floor for values ≥ lo); the largest values land in an
 * extra bin, folded into the last. Otherwise values outside [lo, hi], NaN and ±Inf get index `bins + 1`,
 * which bincount leaves out.
 */
function binCount(x: tf.Tensor1D, bins: number, r: { lo: number; hi: number; clean: boolean }): tf.Tensor {
  let index = tf.cast(tf.mul(tf.sub(x, r.lo), bins / (r.hi - r.lo)), "int32");
  if (!r.clean) {
    const inside = tf.logicalAnd(tf.isFinite(x), tf.logicalAnd(tf.greaterEqual(x, r.lo), tf.lessEqual(x, r.hi)));
    index = tf.where(inside, index, tf.fill(x.shape, bins + 1, "int32"));
  }
  const counts = tf.bincount(index as tf.Tensor1D, tf.tensor1d([], "float32"), bins + 1);
  return tf.concat([tf.slice(counts, 0, bins - 1), tf.add(tf.slice(counts, bins - 1, 1), tf.slice(counts, bins, 1))]);
}
