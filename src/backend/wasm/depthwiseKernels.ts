// The two gradients of DepthwiseConv2dNative, which the wasm backend lacks (DepthwiseConv2D and
// SeparableConv2D layers). Through the same im2col rows as Conv2D's: each input channel meets only
// its own `multiplier` filters, so the products are per channel, summed in float64 in JavaScript.
import * as tf from "@tensorflow/tfjs";

import { convInfo } from "./convKernels";
import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { col2imTensor, ConvGeometry, convGeometry, im2colShape, im2colTensor } from "./im2col";
import { WasmKernelOverride } from "./kernelOverride";

interface DepthwiseAttrs {
  strides: number | [number, number];
  pad: "valid" | "same" | number | tf.backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/**
 * dW[t, c, q] = Σ_p cols[p, t·C + c] · dy[p, c·M + q] for the im2col rows `cols` ([P, T·C]) and
 * dy ([P, C·M]); writes dW ([T, C, M] flattened). Pure apart from `dW`.
 */
export function depthwiseFilterGradient(cols: Float32Array, dy: Float32Array, dW: Float32Array, g: ConvGeometry, multiplier: number): void {
  const c = g.inChannels;
  const taps = g.filterHeight * g.filterWidth;
  const rows = cols.length / (taps * c);
  const sums = new Float64Array(dW.length);
  for (let p = 0; p < rows; p++) {
    const colRow = p * taps * c;
    const dyRow = p * c * multiplier;
    for (let t = 0; t < taps; t++) {
      for (let k = 0; k < c; k++) {
        const v = cols[colRow + t * c + k]!;
        const at = (t * c + k) * multiplier;
        for (let q = 0; q < multiplier; q++) sums[at + q] += v * dy[dyRow + k * multiplier + q]!;
      }
    }
  }
  dW.set(sums);
}

/** dcols[p, t·C + c] = Σ_q dy[p, c·M + q] · W[t, c, q]: the rows that col2im adds into dx. Pure apart from `dcols`. */
export function depthwiseInputRows(dy: Float32Array, filter: Float32Array, dcols: Float32Array, g: ConvGeometry, multiplier: number): void {
  const c = g.inChannels;
  const taps = g.filterHeight * g.filterWidth;
  const rows = dcols.length / (taps * c);
  for (let p = 0; p < rows; p++) {
    const colRow = p * taps * c;
    const dyRow = p * c * multiplier;
    for (let t = 0; t < taps; t++) {
      for (let k = 0; k < c; k++) {
        const w = (t * c + k) * multiplier;
        let sum = 0;
        for (let q = 0; q < multiplier; q++) sum += dy[dyRow + k * multiplier + q]! * filter[w + q]!;
        dcols[colRow + t * c + k] = sum;
      }
    }
  }
}

/** DepthwiseConv2dNativeBackpropFilter: the filter gradient, [FH, FW, C, M]. */
export const depthwiseBackpropFilter: KernelFn = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs & { filterShape: [number, number, number, number] };
  const info = convInfo("DepthwiseConv2dNativeBackpropFilter", x.shape, attrs.filterShape, attrs, true);
  const g = convGeometry(info);
  const heap = args.backend as unknown as HeapBackend;
  const cols = im2colTensor(x, g, args.backend, heapMemory(args.backend));
  try {
    const dW = heap.makeOutput([...attrs.filterShape], "float32");
    // Views after every allocation: growing the heap replaces its buffer.
    const view = (t: TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    depthwiseFilterGradient(view(cols), view(dy), view(dW), g, attrs.filterShape[3]);
    return dW;
  } finally {
    args.backend.disposeData(cols.dataId);
  }
};

/** DepthwiseConv2dNativeBackpropInput: the input gradient, col2im of the per-channel rows. */
export const depthwiseBackpropInput: KernelFn = (args) => {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as DepthwiseAttrs & { inputShape: [number, number, number, number] };
  const info = convInfo("DepthwiseConv2dNativeBackpropInput", attrs.inputShape, filter.shape, attrs, true);
  const g = convGeometry(info);
  const heap = args.backend as unknown as HeapBackend;
  const dcols = heap.makeOutput(im2colShape(g), "float32");
  try {
    const view = (t: TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    depthwiseInputRows(view(dy), view(filter), view(dcols), g, filter.shape[3]!);
    return col2imTensor(dcols, [...attrs.inputShape], g, args.backend, heapMemory(args.backend));
  } finally {
    args.backend.disposeData(dcols.dataId);
  }
};

export const depthwiseOverrides: WasmKernelOverride[] = [
  { kernelName: "DepthwiseConv2dNativeBackpropFilter", note: "added", add: depthwiseBackpropFilter },
  { kernelName: "DepthwiseConv2dNativeBackpropInput", note: "added", add: depthwiseBackpropInput },
];
