// Statistics and histograms of tensors' values, computed in tf for many tensors at once: one read brings
// back a handful of numbers per tensor, never the values themselves.
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

const STAT_FIELDS = 8;

/** A float32 vector of the tensor's values. */
function flat(t: tf.Tensor): tf.Tensor1D {
  return tf.reshape(t.dtype === "float32" ? t : tf.cast(t, "float32"), [-1]) as tf.Tensor1D;
}

/** [size, finite count, min, max, mean, std, zeros, NaNs] of one tensor, as a tensor (inside a tidy). */
function statsOf(t: tf.Tensor): tf.Tensor1D {
  const x = flat(t);
  const finite = tf.isFinite(x);
  const count = tf.sum(tf.cast(finite, "float32"));
  const n = tf.maximum(count, 1);
  const mean = tf.div(tf.sum(tf.where(finite, x, 0)), n);
  const deviation = tf.where(finite, tf.sub(x, mean), 0);
  const std = tf.sqrt(tf.div(tf.dot(deviation, deviation), n));
  return tf.stack([
    tf.scalar(t.size),
    count,
    tf.min(tf.where(finite, x, Infinity)),
    tf.max(tf.where(finite, x, -Infinity)),
    mean,
    std,
    tf.sum(tf.cast(tf.equal(x, 0), "float32")),
    tf.sum(tf.cast(tf.isNaN(x), "float32")),
  ]) as tf.Tensor1D;
}

function readStats(row: ArrayLike<number>, at: number): ValueStats {
  const [size, count, min, max, mean, std, zeros, nans] = Array.from({ length: STAT_FIELDS }, (_, i) => row[at + i]!);
  if (!size) return { size: 0, min: NaN, max: NaN, mean: NaN, std: NaN, zeroFraction: NaN, nanCount: 0, infCount: 0 };
  const none = count === 0;
  return { size: size!, min: none ? NaN : min!, max: none ? NaN : max!, mean: none ? NaN : mean!, std: none ? NaN : std!, zeroFraction: zeros! / size!, nanCount: nans!, infCount: size! - count! - nans! };
}

/** The statistics of each tensor (numeric, live), read back in one transfer. */
export function valueStats(tensors: readonly tf.Tensor[]): ValueStats[] {
  if (!tensors.length) return [];
  const all = tf.tidy(() => tf.concat(tensors.map((t) => (t.size ? statsOf(t) : tf.zeros([STAT_FIELDS])))));
  try {
    const values = all.dataSync();
    return tensors.map((_, i) => readStats(values, i * STAT_FIELDS));
  } finally {
    all.dispose();
  }
}

/**
 * [lo, hi, NaNs, Infs, count per bin…] of one tensor (inside a tidy). Without a range, the bins span the
 * finite values, widened by 0.5 either side when they are all equal.
 */
function histogramOf(t: tf.Tensor, bins: number, range?: readonly [number, number]): tf.Tensor1D {
  const x = flat(t);
  const finite = tf.isFinite(x);
  let lo: tf.Tensor;
  let hi: tf.Tensor;
  if (range) {
    [lo, hi] = [tf.scalar(range[0]), tf.scalar(range[1])];
  } else {
    const min = tf.min(tf.where(finite, x, Infinity));
    const max = tf.max(tf.where(finite, x, -Infinity));
    const spread = tf.greater(max, min);
    lo = tf.where(spread, min, tf.sub(min, 0.5));
    hi = tf.where(spread, max, tf.add(max, 0.5));
  }
  // Values outside the range, NaN and ±Inf get index `bins`, which bincount leaves out.
  const position = tf.floor(tf.mul(tf.div(tf.sub(x, lo), tf.sub(hi, lo)), bins));
  const inside = tf.logicalAnd(finite, tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi)));
  const index = tf.cast(tf.where(inside, tf.clipByValue(position, 0, bins - 1), bins), "int32");
  const counts = tf.bincount(index as tf.Tensor1D, tf.tensor1d([], "float32"), bins);
  const nans = tf.sum(tf.cast(tf.isNaN(x), "float32"));
  const infs = tf.sub(tf.sub(tf.scalar(t.size), tf.sum(tf.cast(finite, "float32"))), nans);
  return tf.concat([tf.stack([lo, hi, nans, infs]), counts]) as tf.Tensor1D;
}

/**
 * Histograms of the tensors' values, `bins` equal bins each, read back in one transfer. Each spans its
 * tensor's finite values unless `range` is given (values outside it are then left out).
 */
export function histogramCounts(tensors: readonly tf.Tensor[], bins: number, range?: readonly [number, number]): HistogramCounts[] {
  if (!tensors.length) return [];
  const width = bins + 4;
  const all = tf.tidy(() => tf.concat(tensors.map((t) => (t.size ? histogramOf(t, bins, range) : tf.concat([tf.tensor1d([range?.[0] ?? -0.5, range?.[1] ?? 0.5, 0, 0]), tf.zeros([bins])])))));
  try {
    const values = all.dataSync();
    return tensors.map((_, i) => {
      const at = i * width;
      const counts = Array.from(values.subarray(at + 4, at + width));
      const finiteLo = values[at]!;
      // No finite value at all: min and max stay ±Infinity; draw empty bins around 0.
      const [lo, hi] = Number.isFinite(finiteLo) ? [finiteLo, values[at + 1]!] : [-0.5, 0.5];
      return { lo, hi, counts, total: counts.reduce((a, b) => a + b, 0), nanCount: values[at + 2]!, infCount: values[at + 3]! };
    });
  } finally {
    all.dispose();
  }
}
