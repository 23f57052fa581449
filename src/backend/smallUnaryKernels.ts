// Neg, Relu and ClipByValue for small float32 tensors on the wasm backend, in JavaScript
// on the wasm heap. With threads, XNNPACK hands each of these to its thread pool and waits
// for a worker to wake: ~75 µs for a [128,10] ClipByValue on a busy machine, against
// ~3 µs here. The loss and its gradient make a few such calls per step. Large tensors keep
// the original kernels.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo, WasmKernelOverride } from "./kernelOverride";
import { SMALL_SIZE } from "./smallBinaryKernels";

/** out[i] = f(x[i]) for the op `name` (Neg, Relu, ClipByValue with [lo, hi]), as the cpu backend computes it. */
export function unaryOp(name: string, x: Float32Array, out: Float32Array, lo = 0, hi = 0): void {
  const n = x.length;
  if (name === "Neg") for (let i = 0; i < n; i++) out[i] = -x[i]!;
  else if (name === "Relu") for (let i = 0; i < n; i++) out[i] = Math.max(0, x[i]!);
  else if (name === "ClipByValue") for (let i = 0; i < n; i++) out[i] = x[i]! > hi ? hi : x[i]! < lo ? lo : x[i]!;
  else throw new Error(`unaryOp: expected Neg, Relu or ClipByValue; got ${name}`);
}

function smallUnary(name: string): (fallback: KernelFn) => KernelFn {
  return (fallback) => {
    const tsdlSmallUnary: KernelFn = (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      const size = tf.util.sizeFromShape(x.shape);
      if (x.dtype !== "float32" || size > SMALL_SIZE || size === 0) return fallback(args);
      const backend = args.backend as unknown as HeapBackend;
      const out = backend.makeOutput([...x.shape], "float32");
      // Neg and Relu are run without attrs.
      const [lo, hi] = [args.attrs?.clipValueMin as number | undefined, args.attrs?.clipValueMax as number | undefined];
      // Views after the allocation: growing the heap replaces its buffer.
      unaryOp(name, backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(out) as Float32Array, lo, hi);
      return out;
    };
    return tsdlSmallUnary;
  };
}

const overrides = ["Neg", "Relu", "ClipByValue"].map((name) => new WasmKernelOverride(name, smallUnary(name)));

/** Registers the small-tensor Neg, Relu and ClipByValue for the wasm backend; idempotent. */
export function installSmallUnaryKernels(): void {
  for (const o of overrides) o.install();
}

/** Restores the wasm backend's own Neg, Relu and ClipByValue. */
export function uninstallSmallUnaryKernels(): void {
  for (const o of overrides) o.uninstall();
}
