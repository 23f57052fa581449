// Numerical differentiation and gradient descent: plain numbers (float64) for functions written in
// JavaScript, and tf variables (float32) for checking backpropagation.
import * as tf from "@tensorflow/tfjs";
import { callback, checkOptions, finite, integer, oneOf, positive } from "../args/options";
import { assertFiniteNumber, assertFunction, assertInstance, assertNumbers } from "../args/values";

export interface NumericalDiffOptions {
  /** The step h; 1e-4 by default, Saito's choice for float64. */
  h?: number;
  /** "central" (f(x+h) − f(x−h)) / 2h, error O(h²), or "forward" (f(x+h) − f(x)) / h, error O(h). */
  method?: "central" | "forward";
}

/** The derivative of f at x by a finite difference. Introduced in chapter 03-gradient-descent. */
export function numericalDiff(f: (x: number) => number, x: number, options: NumericalDiffOptions = {}): number {
  assertFunction("numericalDiff", "f", f);
  assertFiniteNumber("numericalDiff", "x", x);
  checkOptions("numericalDiff", options, { h: positive, method: oneOf(["central", "forward"]) });
  const { h = 1e-4, method = "central" } = options;
  return method === "central" ? (f(x + h) - f(x - h)) / (2 * h) : (f(x + h) - f(x)) / h;
}

/** The gradient of f at the point x, one central difference per coordinate. Introduced in chapter 03-gradient-descent. */
export function numericalGradient(f: (x: number[]) => number, x: readonly number[], h = 1e-4): number[] {
  assertFunction("numericalGradient", "f", f);
  assertNumbers("numericalGradient", "x", x);
  if (!(typeof h === "number" && h > 0 && Number.isFinite(h))) throw new TypeError(`numericalGradient: expected h to be a finite number > 0; got ${h}`);
  return x.map((_, i) => {
    const plus = [...x];
    const minus = [...x];
    plus[i]! += h;
    minus[i]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

export interface GradientDescentOptions<P extends number[]> {
  learningRate: number;
  steps: number;
  /** Momentum β: v ← βv − lr·∇f, x ← x + v. 0 (plain gradient descent) by default. */
  momentum?: number;
  /** The gradient of f; by default the numerical gradient. */
  grad?: (x: P) => number[];
}

/**
 * Gradient descent from `init`: returns the path, init first and one point per step.
 * Introduced in chapter 03-gradient-descent.
 */
export function gradientDescent(f: (x: [number, number]) => number, init: [number, number], options: GradientDescentOptions<[number, number]>): Array<[number, number]>;
export function gradientDescent(f: (x: number[]) => number, init: number[], options: GradientDescentOptions<number[]>): number[][];
export function gradientDescent(f: (x: any) => number, init: number[], options: GradientDescentOptions<any>): number[][] {
  assertFunction("gradientDescent", "f", f);
  assertNumbers("gradientDescent", "init", init);
  checkOptions("gradientDescent", options, { learningRate: finite, steps: integer(0, 100_000), momentum: finite, grad: callback }, ["learningRate", "steps"]);
  const { learningRate, steps, momentum = 0 } = options;
  const grad = options.grad ?? ((x: number[]) => numericalGradient(f, x));
  let x = [...init];
  let v = x.map(() => 0);
  const path = [x];
  for (let i = 0; i < steps; i++) {
    const g = grad(x);
    v = v.map((vi, j) => momentum * vi - learningRate * g[j]!);
    x = x.map((xi, j) => xi + v[j]!);
    path.push(x);
  }
  return path;
}

/**
 * The central-difference gradient of `loss` with respect to the entries `indices` (flat, row-major; all by
 * default) of the variable v, in float32, with h = 1e-3 by default. Each entry is nudged to x ± h and restored afterwards.
 * Introduced in chapter 05-perceptrons-to-losses.
 */
export function numericalGradientOf(loss: () => tf.Scalar | number, v: tf.Variable, options: { h?: number; indices?: number[] } = {}): Float32Array {
  assertFunction("numericalGradientOf", "loss", loss);
  assertInstance("numericalGradientOf", "v", v, tf.Variable, "a tf.Variable (tf.variable(tensor))");
  if (v.isDisposed) throw new Error("numericalGradientOf: expected v to be a live tf.Variable; it was disposed");
  checkOptions("numericalGradientOf", options, { h: positive, indices: { expected: "an array of whole numbers", test: (i) => Array.isArray(i) && i.every(Number.isInteger) } });
  const { h = 1e-3 } = options;
  const values = Float32Array.from(v.dataSync());
  const indices = options.indices ?? Array.from(values.keys());
  const evaluate = (): number =>
    tf.tidy(() => {
      const l = loss();
      return typeof l === "number" ? l : l.dataSync()[0]!;
    });
  const set = (): void => tf.tidy(() => v.assign(tf.tensor(values, v.shape, "float32")));
  const grad = new Float32Array(indices.length);
  try {
    indices.forEach((index, k) => {
      if (!(index >= 0 && index < values.length)) throw new Error(`numericalGradientOf: indices: expected entries in [0, ${values.length}); got ${index}`);
      const x = values[index]!;
      // In float32, x ± h is rounded; dividing by the step actually taken removes that error.
      const plus = Math.fround(x + h);
      const minus = Math.fround(x - h);
      values[index] = plus;
      set();
      const fPlus = evaluate();
      values[index] = minus;
      set();
      const fMinus = evaluate();
      values[index] = x;
      grad[k] = (fPlus - fMinus) / (plus - minus);
    });
  } finally {
    set();
  }
  return grad;
}
