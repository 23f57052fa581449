// Neg, Relu, ClipByValue and Softmax of small float32 tensors on the wasm backend, in JavaScript on
// the wasm heap (the loss and its gradient make a few such calls per step on [128,10] tensors, where
// a call into XNNPACK costs more than the work), and Relu of any size in one-thread SIMD. Other large
// tensors keep the original kernels.
import * as tf from "@tensorflow/tfjs";

import { elementwiseSimd } from "./elementwiseSimd";
import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";
import { SMALL_SIZE } from "./binaryKernels";

/** out[i] = f(x[i]) for the op `name` (Neg, Relu, ClipByValue with [lo, hi]), as the cpu backend computes it. */
export function unaryOp(name: string, x: Float32Array, out: Float32Array, lo = 0, hi = 0): void {
  const n = x.length;
  if (name === "Neg") for (let i = 0; i < n; i++) out[i] = -x[i]!;
  else if (name === "Relu") for (let i = 0; i < n; i++) out[i] = Math.max(0, x[i]!);
  else if (name === "ClipByValue") for (let i = 0; i < n; i++) out[i] = x[i]! > hi ? hi : x[i]! < lo ? lo : x[i]!;
  else throw new Error(`unaryOp: expected Neg, Relu or ClipByValue; got ${name}`);
}

/**
 * Softmax along rows of `cols` elements, rounding each step to float32 as the cpu backend's
 * chain of kernels does: exp(x − max) / Σ exp(x − max), the sum accumulated in float64.
 */
export function softmaxRows(x: Float32Array, cols: number, out: Float32Array): void {
  const f = Math.fround;
  for (let o = 0; o < x.length; o += cols) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[o + j]!);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += out[o + j] = f(Math.exp(f(x[o + j]! - max)));
    const s = f(sum);
    for (let j = 0; j < cols; j++) out[o + j] = out[o + j]! / s;
  }
}

/** Wraps the wasm Softmax: small float32 logits go through softmaxRows. */
function smallSoftmax(fallback: KernelFn): KernelFn {
  const tsdlSmallSoftmax: KernelFn = (args) => {
    const { logits } = args.inputs as { logits: TensorInfo };
    const size = tf.util.sizeFromShape(logits.shape);
    const rank = logits.shape.length;
    const dim = args.attrs.dim as number;
    if (logits.dtype !== "float32" || size === 0 || size > SMALL_SIZE || !(dim === -1 || dim === rank - 1)) return fallback(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput([...logits.shape], "float32");
    // Views after the allocation: growing the heap replaces its buffer.
    softmaxRows(backend.typedArrayFromHeap(logits) as Float32Array, logits.shape[rank - 1]!, backend.typedArrayFromHeap(out) as Float32Array);
    return out;
  };
  return tsdlSmallSoftmax;
}

function unaryOnHeap(name: string): (fallback: KernelFn) => KernelFn {
  return (fallback) => {
    const tsdlUnary: KernelFn = (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const size = tf.util.sizeFromShape(x.shape);
      if (x.dtype !== "float32" || size === 0 || (name !== "Relu" && size > SMALL_SIZE)) return fallback(args);
      const backend = args.backend as unknown as HeapBackend;
      if (size > SMALL_SIZE) {
        const memory = heapMemory(args.backend);
        const simd = memory && elementwiseSimd(memory);
        if (!simd) return fallback(args);
        const out = backend.makeOutput([...x.shape], "float32");
        simd.relu(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), size);
        return out;
      }
      const out = backend.makeOutput([...x.shape], "float32");
      // Neg and Relu are run without attrs.
      const [lo, hi] = [args.attrs?.clipValueMin as number | undefined, args.attrs?.clipValueMax as number | undefined];
      // Views after the allocation: growing the heap replaces its buffer.
      unaryOp(name, backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(out) as Float32Array, lo, hi);
      return out;
    };
    return tsdlUnary;
  };
}

export const unaryOverrides: WasmKernelOverride[] = [
  ...["Neg", "Relu", "ClipByValue"].map((kernelName) => ({ kernelName, note: "one thread", wrap: unaryOnHeap(kernelName) })),
  { kernelName: "Softmax", note: "one thread", wrap: smallSoftmax },
];
