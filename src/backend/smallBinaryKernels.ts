// Element-wise Add, Sub, Multiply and RealDiv for small float32 tensors on the wasm
// backend, computed in JavaScript on the wasm heap. The loss and its gradient run a
// dozen such ops on [128,10] tensors per step; with threads, XNNPACK hands each to the
// thread pool and waits for a worker to wake (milliseconds on a busy machine) for
// microseconds of work. Large tensors keep the original (parallel, SIMD) kernels.
import * as tf from "@tensorflow/tfjs";

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => TensorInfo;

interface HeapBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
}

/** Outputs up to this many elements are computed in JavaScript. */
export const SMALL_SIZE = 4096;
const BACKEND = "wasm";

/** The float32 operations, as f(a, b). Each rounds like the float32 op (double rounding is exact for + − × ÷). */
const OPS: Record<string, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Multiply: (a, b) => a * b,
  RealDiv: (a, b) => a / b,
};

const originals = new Map<string, tf.KernelConfig>();

/** Strides of `shape` broadcast to `outShape` (0 along broadcast axes). */
function broadcastStrides(shape: number[], outShape: number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1, j = outShape.length - 1; i >= 0; i--, j--) {
    strides[j] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

/** out[i] = op(a[i'], b[i'']) with numpy broadcasting; pure apart from `out`. */
export function broadcastBinary(op: (a: number, b: number) => number, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[]): void {
  if (a.length === out.length && b.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = op(a[i]!, b[i]!);
    return;
  }
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = op(a[ia]!, b[ib]!);
    // Odometer over the output index, moving both input offsets along.
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      ia += sa[d]!;
      ib += sb[d]!;
      if (index[d]! < outShape[d]!) break;
      ia -= sa[d]! * outShape[d]!;
      ib -= sb[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}

/** Wraps a wasm binary kernel: small float32 operands are computed in JS, the rest by `original`. */
export function smallBinary(name: string, original: KernelFn): KernelFn {
  const op = OPS[name]!;
  const tsdlSmallBinary: KernelFn = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== "float32" || b.dtype !== "float32") return original(args);
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = tf.util.sizeFromShape(outShape);
    if (size > SMALL_SIZE || size === 0) return original(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(outShape, "float32");
    // Views after the allocation: growing the heap replaces its buffer.
    broadcastBinary(op, backend.typedArrayFromHeap(a), a.shape, backend.typedArrayFromHeap(b), b.shape, backend.typedArrayFromHeap(out), outShape);
    return out;
  };
  return tsdlSmallBinary;
}

/** Registers the small-tensor Add, Sub, Multiply and RealDiv for the wasm backend; idempotent. */
export function installSmallBinaryKernels(): void {
  if (originals.size) return;
  for (const name of Object.keys(OPS)) {
    const config = tf.getKernel(name, BACKEND);
    if (!config) throw new Error(`installSmallBinaryKernels: expected the wasm backend to register ${name}; it did not (import @tensorflow/tfjs-backend-wasm first)`);
    originals.set(name, config);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...config, kernelFunc: smallBinary(name, config.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc });
  }
}

/** Restores the wasm backend's own binary kernels. */
export function uninstallSmallBinaryKernels(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(config);
  }
  originals.clear();
}
