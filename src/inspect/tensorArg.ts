// Checks that an argument is a live tensor, with errors that say what was expected and what came.
import * as tf from "@tensorflow/tfjs";

/** A short description of any value for error messages: its type and a glimpse of it. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return `the ${typeof value} ${String(value)}`;
}

/** Throws unless `value` is a tf.Tensor that has not been disposed. */
export function assertLiveTensor(fn: string, arg: string, value: unknown): asserts value is tf.Tensor {
  if (!(value instanceof tf.Tensor)) {
    const hint = Array.isArray(value) ? ` (wrap it: tf.tensor(${arg}))` : "";
    throw new TypeError(`${fn}: expected ${arg} to be a tf.Tensor; got ${describeValue(value)}${hint}`);
  }
  if (value.isDisposed) {
    throw new Error(
      `${fn}: expected ${arg} to be a live tf.Tensor; got a disposed ${value.dtype} tensor of shape [${value.shape.join(",")}] ` +
        `(it was freed by dispose() or tf.tidy; keep it with tf.keep or compute it again)`,
    );
  }
}

/** `[2,3]`: how shapes read in headers and messages. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(",")}]`;
}
