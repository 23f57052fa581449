// A GatherV2 kernel for the wasm backend that copies whole rows. model.fit gathers
// every batch out of the full training set with GatherV2 along axis 0; the wasm
// kernel walks element by element with strides, ~4 ms for a 128×784 batch, while
// copying 128 contiguous rows on the wasm heap takes microseconds.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/** Copies rows `indices` of `x` (rows along axis 0) into `out`; throws on an index out of range. */
export function copyRows(x: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }, rows: number, indices: ArrayLike<number>, out: { set(a: ArrayLike<number>, offset: number): void }): void {
  const rowSize = rows === 0 ? 0 : (x as unknown as { length: number }).length / rows;
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!(r >= 0 && r < rows)) throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
    out.set(x.subarray(r * rowSize, (r + 1) * rowSize), i * rowSize);
  }
}

/** Wraps the wasm GatherV2: axis-0 gathers without batch dims copy rows, others go to `fallback`. */
export function rowCopyGather(fallback: KernelFn): KernelFn {
  const tsdlRowCopyGather: KernelFn = (args) => {
    const { x, indices } = args.inputs as { x: TensorInfo; indices: TensorInfo };
    const axis = tf.util.parseAxisParam(args.attrs.axis as number, x.shape)[0];
    const batchDims = (args.attrs.batchDims as number | undefined) ?? 0;
    if (axis !== 0 || batchDims !== 0 || indices.dtype !== "int32" || x.shape.length === 0) return fallback(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    if (tf.util.sizeFromShape(out.shape) === 0) return out;
    // Views are taken after makeOutput: allocating may grow (and replace) the heap buffer.
    copyRows(backend.typedArrayFromHeap(x), x.shape[0]!, backend.typedArrayFromHeap(indices), backend.typedArrayFromHeap(out));
    return out;
  };
  return tsdlRowCopyGather;
}

export const gatherOverrides: WasmKernelOverride[] = [{ kernelName: "GatherV2", wrap: rowCopyGather }];
