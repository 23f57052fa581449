// Element-wise Add, Sub, Multiply and RealDiv of float32 tensors on the wasm backend, on the calling
// thread. The loss and its gradient run a dozen such ops on [128,10] tensors per step, computed here
// in JavaScript (a call into XNNPACK costs more than the work); larger operands of one shape, or one
// a row of the other (a bias), run in one-thread SIMD (elementwiseSimd): a Dense(512) layer's bias
// add, a convolution's. Other broadcasts keep the original kernels.
import * as tf from "@tensorflow/tfjs";

import { deferredSource } from "./deferredCast";
import { BinaryOp, elementwiseSimd } from "./elementwiseSimd";
import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/** Outputs up to this many elements are computed in JavaScript. */
export const SMALL_SIZE = 4096;

/** The operations by code. */
const OPS = ["Add", "Sub", "Multiply", "RealDiv"] as const;

/**
 * op(x, y) for an op code. One small function instead of a closure per op keeps the
 * loops below monomorphic: V8 inlines it, where a call through four different closures
 * was not (~2× slower). Each rounds like the float32 op (double rounding is exact for + − × ÷).
 */
function apply(code: number, x: number, y: number): number {
  switch (code) {
    case 0:
      return x + y;
    case 1:
      return x - y;
    case 2:
      return x * y;
    default:
      return x / y;
  }
}

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

/** out[i] = op(a[i'], b[i'']) with numpy broadcasting, for op `name` (Add, Sub, Multiply, RealDiv); pure apart from `out`. */
export function broadcastBinary(name: string, a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], out: Float32Array, outShape: number[]): void {
  const code = OPS.indexOf(name as (typeof OPS)[number]);
  if (code < 0) throw new Error(`broadcastBinary: expected one of ${OPS.join(", ")}; got ${name}`);
  if (a.length === out.length && b.length === out.length) {
    for (let i = 0; i < out.length; i++) out[i] = apply(code, a[i]!, b[i]!);
    return;
  }
  const rank = outShape.length;
  const n = rank === 0 ? 1 : outShape[rank - 1]!;
  if (out.length === 0) return;
  const [sa, sb] = [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)];
  // Rows along the last axis, where each input steps by 1 or stays (0); an odometer over the rest.
  const [la, lb] = rank === 0 ? [0, 0] : [sa[rank - 1]!, sb[rank - 1]!];
  const index = new Array<number>(Math.max(0, rank - 1)).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < out.length; o += n) {
    for (let j = 0; j < n; j++) out[o + j] = apply(code, a[ia + j * la]!, b[ib + j * lb]!);
    for (let d = rank - 2; d >= 0; d--) {
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

/** values[i] = op(values[i], y), or op(y, values[i]) when `yFirst`, in place; pure apart from `values`. */
export function scalarBinary(name: string, values: Float32Array, y: number, yFirst: boolean): void {
  const code = OPS.indexOf(name as (typeof OPS)[number]);
  if (code < 0) throw new Error(`scalarBinary: expected one of ${OPS.join(", ")}; got ${name}`);
  if (yFirst) for (let i = 0; i < values.length; i++) values[i] = apply(code, y, values[i]!);
  else for (let i = 0; i < values.length; i++) values[i] = apply(code, values[i]!, y);
}

/**
 * `a op b` when one operand is a deferred cast and the other a single number (`images.toFloat().div(255)`):
 * the cast is written straight into the output and the op applied there, so its float32 copy is never made.
 * Undefined for any other operands.
 */
function castThenScalar(name: string, a: TensorInfo, b: TensorInfo, backend: HeapBackend): TensorInfo | undefined {
  const [sourceA, sourceB] = [deferredSource(a), deferredSource(b)];
  const [one, source] = sourceA && !sourceB ? [b, sourceA] : sourceB && !sourceA ? [a, sourceB] : [];
  if (!one || !source || one.dtype !== "float32" || tf.util.sizeFromShape(one.shape) !== 1) return undefined;
  const out = backend.makeOutput(tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape), "float32");
  const values = backend.typedArrayFromHeap(out) as Float32Array;
  values.set(backend.typedArrayFromHeap(source));
  scalarBinary(name, values, (backend.typedArrayFromHeap(one) as Float32Array)[0]!, one === a);
  return out;
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * How `a op b` runs as rows of the SIMD loop: [first, second, rows, cols, second's row step
 * in elements], when the operands have one shape or one is a single row of the other
 * (swapped only for the commutative ops); else undefined.
 */
export function rowsPlan(name: string, a: TensorInfo, b: TensorInfo): [TensorInfo, TensorInfo, number, number, number] | undefined {
  const size = tf.util.sizeFromShape(a.shape);
  if (sameShape(a.shape, b.shape)) return [a, b, 1, size, 0];
  const isRowOf = (row: number[], full: number[]) => full.length > 0 && row.length > 0 && row[row.length - 1] === full[full.length - 1] && tf.util.sizeFromShape(row) === full[full.length - 1] && row.length <= full.length;
  const cols = (x: TensorInfo) => x.shape[x.shape.length - 1]!;
  if (isRowOf(b.shape, a.shape)) return [a, b, size / cols(a), cols(a), 0];
  if ((name === "Add" || name === "Multiply") && isRowOf(a.shape, b.shape)) {
    const bSize = tf.util.sizeFromShape(b.shape);
    return [b, a, bSize / cols(b), cols(b), 0];
  }
  return undefined;
}

/** Wraps a wasm binary kernel: small float32 operands are computed in JS, larger ones in SIMD when rowsPlan has a plan, the rest by `original`. */
export function binaryOnHeap(name: string, original: KernelFn): KernelFn {
  const tsdlBinary: KernelFn = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== "float32" || b.dtype !== "float32") return original(args);
    const fused = castThenScalar(name, a, b, args.backend as unknown as HeapBackend);
    if (fused) return fused;
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
    const size = tf.util.sizeFromShape(outShape);
    if (size === 0) return original(args);
    const backend = args.backend as unknown as HeapBackend;
    if (size > SMALL_SIZE) {
      const plan = rowsPlan(name, a, b);
      const memory = heapMemory(args.backend);
      const simd = plan && memory && elementwiseSimd(memory);
      if (!plan || !simd) return original(args);
      const [first, second, rows, cols, step] = plan;
      const out = backend.makeOutput(outShape, "float32");
      const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
      simd.binary[name as BinaryOp](at(first), at(second), at(out), rows, cols, 4 * step);
      return out;
    }
    const out = backend.makeOutput(outShape, "float32");
    // Views after the allocation: growing the heap replaces its buffer.
    broadcastBinary(name, backend.typedArrayFromHeap(a) as Float32Array, a.shape, backend.typedArrayFromHeap(b) as Float32Array, b.shape, backend.typedArrayFromHeap(out) as Float32Array, outShape);
    return out;
  };
  return tsdlBinary;
}

export const binaryOverrides: WasmKernelOverride[] = OPS.map((kernelName) => ({ kernelName, note: "one thread", wrap: (original: KernelFn) => binaryOnHeap(kernelName, original) }));
