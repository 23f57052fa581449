// Saito's activation and loss functions, written out with tf ops so a student can read them.
// Every function disposes its intermediates; the caller owns the returned tensor.
import * as tf from "@tensorflow/tfjs";
import { assertFiniteNumber, assertNumbers, assertNumericTensor } from "../args/values";

/** A perceptron with two inputs: fires (1) when w·x + b > 0, else 0. Introduced in chapter 05-perceptrons-to-losses. */
export function perceptron(weights: [number, number], bias: number): (x1: number, x2: number) => 0 | 1 {
  assertNumbers("perceptron", "weights", weights, 2);
  assertFiniteNumber("perceptron", "bias", bias);
  const [w1, w2] = weights;
  return (x1, x2) => (w1 * x1 + w2 * x2 + bias > 0 ? 1 : 0);
}

/** The step function: 1 where x > 0, else 0 (float32). Introduced in chapter 05-perceptrons-to-losses. */
export function stepFunction(x: tf.Tensor): tf.Tensor {
  assertNumericTensor("stepFunction", "x", x);
  return tf.tidy(() => tf.cast(tf.greater(x, 0), "float32"));
}

/** The sigmoid 1 / (1 + exp(−x)). Introduced in chapter 05-perceptrons-to-losses. */
export function sigmoid(x: tf.Tensor): tf.Tensor {
  assertNumericTensor("sigmoid", "x", x);
  return tf.tidy(() => tf.div(1, tf.add(1, tf.exp(tf.neg(x)))));
}

/** The rectified linear unit max(0, x). Introduced in chapter 05-perceptrons-to-losses. */
export function relu(x: tf.Tensor): tf.Tensor {
  assertNumericTensor("relu", "x", x);
  return tf.tidy(() => tf.maximum(x, 0));
}

/**
 * Softmax over the last axis, exp(x − max) / Σ exp(x − max). Subtracting the maximum leaves the result
 * unchanged but keeps exp from overflowing. Introduced in chapter 05-perceptrons-to-losses.
 */
export function softmax(x: tf.Tensor): tf.Tensor {
  assertNumericTensor("softmax", "x", x);
  if (x.rank === 0) throw new Error("softmax: expected x to have at least one axis (softmax runs over the last); got a scalar");
  return tf.tidy(() => {
    const shifted = tf.sub(x, tf.max(x, -1, true));
    const e = tf.exp(shifted);
    return tf.div(e, tf.sum(e, -1, true));
  });
}

/** int32 labels [N] become float32 one-hot [N,classes]; any other tensor (already one-hot) comes back as a float32 copy. */
export function asOneHot(t: tf.Tensor, classes: number): tf.Tensor {
  assertNumericTensor("asOneHot", "t", t);
  if (t.dtype === "int32" && t.rank === 1 && !(Number.isInteger(classes) && classes >= 1 && classes <= 1e6)) {
    throw new TypeError(`asOneHot: expected classes to be a whole number from 1 to 1000000; got ${classes}`);
  }
  return tf.tidy(() => (t.dtype === "int32" && t.rank === 1 ? tf.oneHot(t as tf.Tensor1D, classes).toFloat() : tf.cast(t, "float32").clone()));
}

/** Sum of squared errors ½ Σ (y − t)², averaged over the batch when y is [N,K]. Introduced in chapter 05-perceptrons-to-losses. */
export function sumSquaresError(y: tf.Tensor, t: tf.Tensor): tf.Scalar {
  assertNumericTensor("sumSquaresError", "y", y);
  assertNumericTensor("sumSquaresError", "t", t);
  if (!tf.util.arraysEqual(y.shape, t.shape)) throw new Error(`sumSquaresError: expected y and t of the same shape; got [${y.shape}] and [${t.shape}]`);
  return tf.tidy(() => {
    const sse = tf.mul(0.5, tf.sum(tf.square(tf.sub(y, t))));
    return (y.rank === 2 ? tf.div(sse, y.shape[0]) : sse) as tf.Scalar;
  });
}

/**
 * Cross-entropy −Σ t log(y + 1e-7), averaged over the batch. `t` is one-hot like `y`, or int32 labels [N]
 * for a batch y [N,K]. The 1e-7 keeps log(0) finite. Introduced in chapter 05-perceptrons-to-losses.
 */
export function crossEntropyError(y: tf.Tensor, t: tf.Tensor): tf.Scalar {
  assertNumericTensor("crossEntropyError", "y", y);
  assertNumericTensor("crossEntropyError", "t", t);
  if (y.rank !== 1 && y.rank !== 2) throw new Error(`crossEntropyError: expected y to be probabilities [K] or a batch [N,K]; got shape [${y.shape}]`);
  const rows = y.rank === 1 ? 1 : y.shape[0]!;
  const labels = t.dtype === "int32" && t.rank <= 1 && t.size === rows;
  if (!labels && t.size !== y.size) {
    throw new Error(`crossEntropyError: expected t to be one-hot like y [${y.shape}] or int32 labels [${rows}]; got a ${t.dtype} tensor of shape [${t.shape}]`);
  }
  return tf.tidy(() => {
    const y2 = y.rank === 1 ? y.reshape([1, -1]) : y;
    const t2 = asOneHot(t.dtype === "int32" && t.rank <= 1 ? t.reshape([-1]) : t.reshape(y2.shape), y2.shape[1]!);
    return tf.div(tf.neg(tf.sum(tf.mul(t2, tf.log(tf.add(y2, 1e-7))))), y2.shape[0]!) as tf.Scalar;
  });
}
