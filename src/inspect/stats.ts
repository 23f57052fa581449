// Summary statistics of a tensor, computed inside tf: only a handful of numbers leave the backend.
import * as tf from "@tensorflow/tfjs";
import { assertLiveTensor } from "../args/tensor";

/** What `tensorStats` reports. min, max, mean and std ignore NaN and ±Inf (NaN when nothing is left). */
export interface TensorStats {
  dtype: tf.DataType;
  /** Number of elements. */
  size: number;
  /** Number of finite elements the statistics were computed from. */
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation (numpy's default, ddof = 0). */
  std: number;
  nanCount: number;
  /** +Inf and -Inf together. */
  infCount: number;
  posInfCount: number;
  negInfCount: number;
  /** "value", or "magnitude" for complex64, whose statistics are of |z|. */
  of: "value" | "magnitude";
}

/** Reads a small tensor computed by `build` and disposes it. */
export function readSmall(build: () => tf.Tensor): Float32Array {
  const t = tf.tidy(build);
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}

/** Statistics that only need the tensor's metadata. */
function emptyStats(t: tf.Tensor): TensorStats {
  return {
    dtype: t.dtype,
    size: 0,
    count: 0,
    min: NaN,
    max: NaN,
    mean: NaN,
    std: NaN,
    nanCount: 0,
    infCount: 0,
    posInfCount: 0,
    negInfCount: 0,
    of: t.dtype === "complex64" ? "magnitude" : "value",
  };
}

/**
 * min, max, mean, std (of the finite values), NaN and Inf counts of a numeric
 * tensor, computed in tf: only these numbers are transferred, never the data.
 * Complex tensors report statistics of |z|.
 */
export function tensorStats(t: tf.Tensor): TensorStats {
  assertLiveTensor("tensorStats", "t", t);
  if (t.dtype === "string") {
    throw new TypeError("tensorStats: expected a numeric tensor (float32, int32, bool or complex64); got a string tensor");
  }
  const stats = emptyStats(t);
  if (t.size === 0) return stats;
  const n = t.size;
  const flat = (): tf.Tensor1D => {
    const x = t.dtype === "complex64" ? tf.abs(t) : t.dtype === "float32" ? t : tf.cast(t, "float32");
    return tf.reshape(x, [-1]) as tf.Tensor1D;
  };
  // One fast pass (dot is the quickest sum of squares on every backend); a finite sum proves
  // there is no NaN or Inf. Only otherwise, or when E[x²] − mean² would cancel, go slower.
  const [min, max, sum, sumSquares] = readSmall(() => {
    const x = flat();
    return tf.stack([tf.min(x), tf.max(x), tf.sum(x), tf.dot(x, x)]);
  }) as unknown as number[];
  if (Number.isFinite(sum) && Number.isFinite(sumSquares)) {
    const mean = sum / n;
    let variance = sumSquares / n - mean * mean;
    if (!(variance > 1e-3 * mean * mean)) {
      variance = readSmall(() => {
        const d = tf.sub(flat(), tf.scalar(mean));
        return tf.div(tf.dot(d, d), tf.scalar(n));
      })[0]!;
    }
    return { ...stats, size: n, count: n, min: min!, max: max!, mean, std: Math.sqrt(Math.max(0, variance)) };
  }
  // Some values are NaN or ±Inf: count them, then replace them by the mean of the finite values,
  // which changes neither min, max nor the sum of squared deviations.
  const [count, finiteSum, nan, posInf] = readSmall(() => {
    const x = flat();
    const finite = tf.isFinite(x);
    const countOf = (mask: tf.Tensor) => tf.sum(tf.cast(mask, "float32"));
    return tf.stack([countOf(finite), tf.sum(tf.where(finite, x, tf.zerosLike(x))), countOf(tf.isNaN(x)), countOf(tf.equal(x, Infinity))]);
  }) as unknown as number[];
  const counts = { nanCount: nan!, posInfCount: posInf!, negInfCount: n - count! - nan! - posInf!, infCount: n - count! - nan! };
  if (count === 0) return { ...stats, size: n, count: 0, ...counts };
  const mean = finiteSum! / count!;
  const [fMin, fMax, squares] = readSmall(() => {
    const x = flat();
    const filled = tf.where(tf.isFinite(x), x, tf.fill(x.shape, mean));
    const d = tf.sub(filled, tf.scalar(mean));
    return tf.stack([tf.min(filled), tf.max(filled), tf.dot(d, d)]);
  }) as unknown as number[];
  return { ...stats, size: n, count: count!, min: fMin!, max: fMax!, mean, std: Math.sqrt(squares! / count!), ...counts };
}
