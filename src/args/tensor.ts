// Checks that an argument is a tensor (a live one, when its values are read), with errors that say what
// was expected and what came.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "./describe";

/** Throws unless `value` is a tf.Tensor; a disposed one passes (its dtype and shape are still known). */
export function assertTensor(fn: string, arg: string, value: unknown): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    const hint = Array.isArray(value) ? ` (wrap it: tf.tensor(${arg}))` : "";
    throw new TypeError(`${fn}: expected ${arg} to be a tf.Tensor; got ${describeValue(value)}${hint}`);
  }
}

/** Throws unless `value` is a tf.Tensor that has not been disposed. */
export function assertLiveTensor(fn: string, arg: string, value: unknown): asserts value is tf.Tensor {
  assertTensor(fn, arg, value);
  if (value.isDisposed) {
    throw new Error(
      `${fn}: expected ${arg} to be a live tf.Tensor; got a disposed ${value.dtype} tensor of shape [${value.shape.join(",")}] ` +
        `(it was freed by dispose() or tf.tidy; keep it with tf.keep or compute it again)`,
    );
  }
}
