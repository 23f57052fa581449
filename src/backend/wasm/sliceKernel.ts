// A Slice kernel for the wasm backend that copies one contiguous block. Taking a batch of rows
// out of a large tensor (`images.slice(i, 128)` over 60000×784) costs the wasm kernel ~100 ms;
// when the slice spans whole trailing axes the result is one contiguous run of the input.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/**
 * The [start, end) element range of a slice when it is one contiguous run of `shape`, else
 * undefined: the axes after the last cut one are taken whole, and those before it hold one index.
 */
export function contiguousRange(shape: number[], begin: number[], size: number[]): [number, number] | undefined {
  let last = -1;
  shape.forEach((d, i) => {
    if (begin[i] !== 0 || size[i] !== d) last = i;
  });
  for (let i = 0; i < last; i++) if (size[i] !== 1) return undefined;
  const strides = tf.util.computeStrides(shape);
  const stride = (i: number) => (i < shape.length - 1 ? strides[i]! : 1);
  let start = 0;
  for (let i = 0; i < shape.length; i++) start += begin[i]! * stride(i);
  return [start, start + tf.util.sizeFromShape(size)];
}

export function blockSlice(fallback: KernelFn): KernelFn {
  const tsdlBlockSlice: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const [begin, size] = tf.slice_util.parseSliceParams(x as never, args.attrs.begin as number[], args.attrs.size as number[]);
    const range = x.dtype === "string" ? undefined : contiguousRange(x.shape, begin, size);
    if (!range) return fallback(args);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(size, x.dtype);
    if (range[1] === range[0]) return out;
    // Views are taken after makeOutput: allocating may grow (and replace) the heap buffer.
    backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(range[0], range[1]) as never);
    return out;
  };
  return tsdlBlockSlice;
}

export const sliceOverrides: WasmKernelOverride[] = [{ kernelName: "Slice", wrap: blockSlice }];
