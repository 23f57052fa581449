// The end of a classifier's training step in four kernels instead of about sixty: categorical
// crossentropy on softmax outputs and its gradient, accuracy, and softmax's gradient. tfjs-layers
// computes the loss as eight element-wise ops on [128,10] tensors, autodiff adds twice as many for the
// gradient, accuracy takes five and the softmax gradient four; each is a kernel call whose bookkeeping
// costs more than its arithmetic. These kernels repeat the same float32 operations in the same order
// (sums in float64, as the cpu backend's), so training takes the same steps.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

export const CROSSENTROPY = "TsdlCategoricalCrossentropy";
export const CROSSENTROPY_GRAD = "TsdlCategoricalCrossentropyGrad";
export const ACCURACY = "TsdlCategoricalAccuracy";
export const SOFTMAX_GRAD = "TsdlSoftmaxGrad";

const f = Math.fround;

/** The clip bounds of tfjs-layers' crossentropy: as numbers (the forward clip) and as float32 scalars (its gradient's comparisons). */
function bounds(epsilon: number) {
  return { lo: epsilon, hi: 1 - epsilon, lo32: f(epsilon), hi32: f(1 - epsilon) };
}

/**
 * loss[n] = −Σ_j t·log(clip(p / Σp, ε, 1 − ε)) over rows of `classes`, each op rounded to float32 as
 * tfjs-layers' categoricalCrossentropy computes it. Pure apart from `loss`.
 */
export function crossentropyRows(t: ArrayLike<number>, p: ArrayLike<number>, classes: number, epsilon: number, loss: { [i: number]: number }): void {
  const { lo, hi } = bounds(epsilon);
  for (let o = 0, n = 0; o < p.length; o += classes, n++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += p[o + j]!;
    const s = f(sum);
    let total = 0;
    for (let j = 0; j < classes; j++) {
      const q = f(p[o + j]! / s);
      const c = q > hi ? f(hi) : q < lo ? f(lo) : q;
      total += f(t[o + j]! * f(Math.log(c)));
    }
    loss[n] = -f(total);
  }
}

/** The gradient of crossentropyRows with respect to p, for the upstream gradient dy (one per row), as tfjs's autodiff computes it. Pure apart from `dp`. */
export function crossentropyGradRows(dy: ArrayLike<number>, t: ArrayLike<number>, p: ArrayLike<number>, classes: number, epsilon: number, dp: { [i: number]: number }): void {
  const { lo, hi, lo32, hi32 } = bounds(epsilon);
  const dq = new Float64Array(classes);
  for (let o = 0, n = 0; o < p.length; o += classes, n++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += p[o + j]!;
    const s = f(sum);
    const dm = f(-dy[n]!);
    let dsSum = 0;
    for (let j = 0; j < classes; j++) {
      const q = f(p[o + j]! / s);
      const c = q > hi ? f(hi) : q < lo ? f(lo) : q;
      const dc = f(f(dm * t[o + j]!) / c);
      dq[j] = q >= lo32 && q <= hi32 ? dc : 0;
      dsSum += f(dq[j]! * p[o + j]!);
    }
    const ds = -f(f(dsSum) / f(s * s));
    for (let j = 0; j < classes; j++) dp[o + j] = f(f(dq[j]! / s) + ds);
  }
}

/** acc[n] = 1 where the first largest entry of t's and of p's row are at the same class, else 0 (tfjs's argMax, equal and cast). Pure apart from `acc`. */
export function accuracyRows(t: ArrayLike<number>, p: ArrayLike<number>, classes: number, acc: { [i: number]: number }): void {
  const argMax = (x: ArrayLike<number>, o: number) => {
    let best = 0;
    for (let j = 1; j < classes; j++) if (x[o + j]! > x[o + best]!) best = j;
    return best;
  };
  for (let o = 0, n = 0; o < p.length; o += classes, n++) acc[n] = argMax(t, o) === argMax(p, o) ? 1 : 0;
}

/** dx = dy·y − (Σ_j dy·y)·y along rows of `classes`: softmax's gradient as tfjs composes it. Pure apart from `dx`. */
export function softmaxGradRows(dy: ArrayLike<number>, y: ArrayLike<number>, classes: number, dx: { [i: number]: number }): void {
  for (let o = 0; o < y.length; o += classes) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += f(dy[o + j]! * y[o + j]!);
    const s = f(sum);
    for (let j = 0; j < classes; j++) dx[o + j] = f(f(dy[o + j]! * y[o + j]!) - f(s * y[o + j]!));
  }
}

type Heap = HeapBackend & { epsilon(): number };

/** Runs `fill` on heap views of the inputs and a fresh float32 output of `shape`. */
function onHeap(args: Parameters<KernelFn>[0], names: string[], shape: number[], fill: (views: ArrayLike<number>[], out: Float32Array, heap: Heap) => void): TensorInfo {
  const heap = args.backend as unknown as Heap;
  const out = heap.makeOutput(shape, "float32");
  // Views after the allocation: growing the heap replaces its buffer.
  fill(
    names.map((n) => heap.typedArrayFromHeap(args.inputs[n]!)),
    heap.typedArrayFromHeap(out) as Float32Array,
    heap,
  );
  return out;
}

const classesOf = (t: TensorInfo) => t.shape[t.shape.length - 1]!;
const rowShape = (t: TensorInfo) => t.shape.slice(0, -1);

const crossentropy: KernelFn = (args) =>
  onHeap(args, ["target", "output"], rowShape(args.inputs.output!), ([t, p], loss, heap) => crossentropyRows(t!, p!, classesOf(args.inputs.output!), heap.epsilon(), loss));
const crossentropyGrad: KernelFn = (args) =>
  onHeap(args, ["dy", "target", "output"], [...args.inputs.output!.shape], ([dy, t, p], dp, heap) => crossentropyGradRows(dy!, t!, p!, classesOf(args.inputs.output!), heap.epsilon(), dp));
const accuracy: KernelFn = (args) => onHeap(args, ["target", "output"], rowShape(args.inputs.output!), ([t, p], acc) => accuracyRows(t!, p!, classesOf(args.inputs.output!), acc));
const softmaxGrad: KernelFn = (args) => onHeap(args, ["dy", "y"], [...args.inputs.y!.shape], ([dy, y], dx) => softmaxGradRows(dy!, y!, classesOf(args.inputs.y!), dx));

export const lossOverrides: WasmKernelOverride[] = [
  { kernelName: CROSSENTROPY, note: "added", add: crossentropy },
  { kernelName: CROSSENTROPY_GRAD, note: "added", add: crossentropyGrad },
  { kernelName: ACCURACY, note: "added", add: accuracy },
  { kernelName: SOFTMAX_GRAD, note: "added", add: softmaxGrad },
];
