// Checks for plain arguments (numbers, arrays of numbers, matrices, functions) and numeric tensors,
// with errors that name the function and argument, say what was expected and show what came.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "./describe";
import { assertLiveTensor } from "./tensor";

/** Throws unless `value` is a live tf.Tensor of a numeric dtype (not string). */
export function assertNumericTensor(fn: string, arg: string, value: unknown): asserts value is tf.Tensor {
  assertLiveTensor(fn, arg, value);
  if (value.dtype === "string") throw new TypeError(`${fn}: expected ${arg} to be a numeric tf.Tensor; got a string tensor of shape [${value.shape.join(",")}]`);
}

/** Throws unless `value` is an instance of `type`, described to the student as `what`. */
export function assertInstance<T>(fn: string, arg: string, value: unknown, type: abstract new (...args: never[]) => T, what: string): asserts value is T {
  if (!(value instanceof type)) throw new TypeError(`${fn}: expected ${arg} to be ${what}; got ${describeValue(value)}`);
}

export function assertFunction(fn: string, arg: string, value: unknown): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw new TypeError(`${fn}: expected ${arg} to be a function; got ${describeValue(value)}`);
}

export function assertFiniteNumber(fn: string, arg: string, value: unknown): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError(`${fn}: expected ${arg} to be a finite number; got ${describeValue(value)}`);
}

/** Throws unless `value` is an array of finite numbers (of `length`, when given). */
export function assertNumbers(fn: string, arg: string, value: unknown, length?: number): asserts value is number[] {
  const ok = Array.isArray(value) && value.every((v) => typeof v === "number" && Number.isFinite(v)) && (length === undefined || value.length === length);
  if (!ok) throw new TypeError(`${fn}: expected ${arg} to be an array of ${length ?? ""}${length === undefined ? "" : " "}finite numbers; got ${describeValue(value)}`);
}

/** Throws unless `value` is a non-empty array of rows of finite numbers, every row as long as the first. */
export function assertMatrix(fn: string, arg: string, value: unknown): asserts value is number[][] {
  const rows: unknown[] = Array.isArray(value) ? value : [];
  const width = Array.isArray(rows[0]) ? rows[0].length : -1;
  const ok = rows.length > 0 && width > 0 && rows.every((r) => Array.isArray(r) && r.length === width && r.every((v) => typeof v === "number" && Number.isFinite(v)));
  if (!ok) throw new TypeError(`${fn}: expected ${arg} to be a matrix: a non-empty array of equally long, non-empty rows of finite numbers; got ${describeValue(value)}`);
}
