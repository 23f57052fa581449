// UnsortedSegmentSum, which the wasm backend lacks: the gradient of a gather (an Embedding layer's
// lookup) adds each looked-up row's gradient into the row of the table it came from. One pass over
// the rows, summed in float64 as the cpu backend's Sum does, instead of one masked sum per segment.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/**
 * out[s] = Σ rows i of x with ids[i] = s, for rows of `rowSize` elements; ids outside
 * [0, segments) add nowhere, as in TensorFlow. Pure apart from `out` (segments × rowSize).
 */
export function segmentSums(x: ArrayLike<number>, ids: ArrayLike<number>, rowSize: number, segments: number, out: { [i: number]: number; length: number }): void {
  const sums = new Float64Array(segments * rowSize);
  for (let i = 0; i < ids.length; i++) {
    const s = ids[i]!;
    if (!(s >= 0 && s < segments)) continue;
    const from = i * rowSize;
    const to = s * rowSize;
    for (let j = 0; j < rowSize; j++) sums[to + j] += x[from + j]!;
  }
  for (let k = 0; k < sums.length; k++) out[k] = sums[k]!;
}

export const unsortedSegmentSum: KernelFn = (args) => {
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const segments = args.attrs.numSegments as number;
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const heap = args.backend as unknown as HeapBackend;
  const out = heap.makeOutput([segments, ...rowShape], x.dtype);
  // Views after the allocation: growing the heap replaces its buffer.
  segmentSums(heap.typedArrayFromHeap(x), heap.typedArrayFromHeap(segmentIds), tf.util.sizeFromShape(rowShape), segments, heap.typedArrayFromHeap(out));
  return out;
};

export const segmentSumOverrides: WasmKernelOverride[] = [{ kernelName: "UnsortedSegmentSum", note: "added", add: unsortedSegmentSum }];
