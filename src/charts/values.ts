// Reads chart inputs (arrays, typed arrays, tensors) into plain numbers, with errors that
// name the argument. Reading a tensor creates no tensor, and the caller's tensors are left alone.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";

/** A sequence of numbers: an array, a typed array or a 1-D tensor. */
export type NumbersLike = ArrayLike<number> | tf.Tensor;

/** N points in the plane: an N×2 tensor or an array of [x, y] pairs. */
export type PointsLike = tf.Tensor2D | number[][];

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { length?: unknown }).length === "number";
}

/** Throws, naming the argument, unless the tensor's values can be read as numbers. */
export function checkNumericTensor(value: tf.Tensor, what: string): void {
  if (value.isDisposed) throw new Error(`${what}: the tensor has been disposed`);
  if (value.dtype === "string") throw new TypeError(`${what}: expected a numeric tensor; got a string tensor of shape [${value.shape.join(",")}]`);
}

/** The values of a 1-D sequence as numbers. `what` names the argument in errors, e.g. "linePlot: series[0].x". */
export function toNumbers(value: NumbersLike, what: string): number[] {
  if (value instanceof tf.Tensor) {
    checkNumericTensor(value, what);
    if (value.rank !== 1 && !(value.rank === 2 && value.shape[1] === 1)) {
      throw new Error(`${what}: expected a 1-D tensor; got shape [${value.shape.join(",")}]`);
    }
    return Array.from(value.dataSync() as ArrayLike<number>, Number);
  }
  if (!isArrayLike(value) || typeof value === "string") throw new Error(`${what}: expected an array of numbers or a 1-D tensor; got ${describeValue(value)}`);
  const out = new Array<number>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== "number") throw new Error(`${what}: expected numbers; got ${describeValue(v)} at index ${i}`);
    out[i] = v;
  }
  return out;
}

/** The rows of an N×2 point set as [x, y] pairs. */
export function toPoints(value: PointsLike, what: string): Array<[number, number]> {
  if (value instanceof tf.Tensor) {
    checkNumericTensor(value, what);
    if (value.rank !== 2 || value.shape[1] !== 2) throw new Error(`${what}: expected a tensor of shape [N,2]; got [${value.shape.join(",")}]`);
    const flat = value.dataSync() as ArrayLike<number>;
    return Array.from({ length: value.shape[0] }, (_, i) => [Number(flat[2 * i]), Number(flat[2 * i + 1])]);
  }
  if (!Array.isArray(value)) throw new Error(`${what}: expected an N×2 tensor or an array of [x, y] pairs; got ${describeValue(value)}`);
  return value.map((p, i) => {
    if (!isArrayLike(p) || p.length !== 2 || typeof p[0] !== "number" || typeof p[1] !== "number") {
      throw new Error(`${what}: expected [x, y] at index ${i}; got ${describeValue(p)}`);
    }
    return [p[0], p[1]];
  });
}

/** Labels or categories: numbers or strings, from an array or a 1-D tensor. */
export function toLabels(value: ArrayLike<number | string> | tf.Tensor, what: string): Array<number | string> {
  if (value instanceof tf.Tensor) return toNumbers(value, what);
  if (!isArrayLike(value) || typeof value === "string") throw new Error(`${what}: expected an array or a 1-D tensor; got ${describeValue(value)}`);
  return Array.from(value);
}

/** Min and max of the finite values, or undefined when there are none. */
export function finiteExtent(values: Iterable<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** A number as people read it in a summary: 4 significant digits, no exponent for ordinary sizes. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e6) return String(Number(v.toPrecision(4)));
  return v.toExponential(2);
}
