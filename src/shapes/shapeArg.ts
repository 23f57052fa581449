// Reads a shape argument given as a tensor or as an array of sizes, and writes shapes as tuples.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";

/** The shape of a tensor, or a validated copy of an array of non-negative integer sizes. */
export function shapeArg(fn: string, arg: string, value: unknown, options: { allowMinusOne?: boolean } = {}): number[] {
  if (value instanceof tf.Tensor) return value.shape.slice();
  if (!Array.isArray(value)) {
    throw new TypeError(`${fn}: expected ${arg} to be a tf.Tensor or a shape such as [32, 10]; got ${describeValue(value)}`);
  }
  value.forEach((d, i) => {
    const ok = typeof d === "number" && Number.isInteger(d) && (d >= 0 || (options.allowMinusOne && d === -1));
    if (!ok) {
      const allowed = options.allowMinusOne ? "a non-negative integer or -1" : "a non-negative integer";
      throw new TypeError(`${fn}: expected every size in ${arg} to be ${allowed}; got ${describeValue(d)} at axis ${i} of ${describeValue(value)}`);
    }
  });
  return value.slice() as number[];
}

/** `(32, 10)`, `(10,)`, `()`: shapes as Python tuples, the way the books print them. */
export function tuple(shape: readonly (number | string | null)[]): string {
  const s = shape.map((d) => (d === null ? "None" : String(d)));
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}

/** Product of sizes. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
