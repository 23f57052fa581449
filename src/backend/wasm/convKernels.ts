// Conv2D on the wasm backend as matrix products on tsdl's products (matmulKernels.ts): the forward
// pass as im2col(x)·W (+ bias, activation), the filter gradient, which the wasm backend lacks, as
// im2col(x)ᵀ·dy or (dyᵀ·im2col(x))ᵀ, whichever puts the sparser factor on the left, where the products
// skip its zeros, and the input gradient as col2im(dy·Wᵀ), in place of the wasm backend's scalar loop.
// A 1×1 convolution with stride 1 and no padding reads its input as the im2col matrix it already is.
import * as tf from "@tensorflow/tfjs";

import { skipZeros } from "./gemmKernel";
import { HeapBackend, heapMemory, KernelFn, TensorInfo, transposeLastTwo } from "./heap";
import { col2imTensor, ConvGeometry, convGeometry, im2colShape, im2colTensor } from "./im2col";
import { WasmKernelOverride } from "./kernelOverride";
import { tuningOptions } from "./options";
import { zeroQuadShare } from "./sparsity";

type Pad = "valid" | "same" | number | tf.backend_util.ExplicitPadding;

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat?: "NHWC" | "NCHW";
  dilations?: number | [number, number];
  dimRoundingMode?: "floor" | "round" | "ceil";
}

/** The conv info of a Conv2D (or one of its gradients) from its attrs; throws for NCHW, which the wasm backend lacks. */
export function convInfo(kernel: string, xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise = false): tf.backend_util.Conv2DInfo {
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat ?? "NHWC");
  if (dataFormat !== "channelsLast") throw new Error(`${kernel} on the wasm backend: expected dataFormat 'NHWC' (channels last); got '${attrs.dataFormat}'`);
  const info = tf.backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape as [number, number, number, number], attrs.strides, attrs.dilations ?? 1, attrs.pad, attrs.dimRoundingMode, depthwise, dataFormat);
  return info;
}

/** Whether the convolution reads x itself as its im2col matrix: a 1×1 filter, stride 1, no padding. */
function pointwise(g: ConvGeometry): boolean {
  return g.filterHeight === 1 && g.filterWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1 && g.padTop === 0 && g.padLeft === 0 && g.outHeight === g.inHeight && g.outWidth === g.inWidth;
}

/** `t` under another shape of the same size (the heap block is shared, not copied). */
function viewAs(t: TensorInfo, shape: number[]): TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** A registered wasm kernel, called as a function (the wasm products take rank-3 factors). */
function wasmKernel(name: string): KernelFn {
  const config = tf.getKernel(name, "wasm");
  if (!config) throw new Error(`tsdl backend: expected the wasm backend to register ${name}; it does not`);
  return config.kernelFunc as unknown as KernelFn;
}

/** The im2col matrix of x for `g`: x itself for a pointwise convolution, else a fresh [rows, columns] tensor. */
function im2colOf(x: TensorInfo, g: ConvGeometry, backend: tf.KernelBackend): TensorInfo {
  return pointwise(g) ? viewAs(x, im2colShape(g)) : im2colTensor(x, g, backend, heapMemory(backend));
}

/** Frees `t` unless it is `x` seen through another shape. */
function disposeUnlessView(t: TensorInfo, x: TensorInfo, backend: tf.KernelBackend): void {
  if (t.dataId !== x.dataId) backend.disposeData(t.dataId);
}

/**
 * Wraps Conv2D or FusedConv2D: float32 NHWC convolutions run as im2col(x)·W through the registered
 * _FusedMatMul (its bias and activation included); a PReLU activation, and everything when the
 * ownConv option is off, go to the original (XNNPACK).
 */
export function convAsProduct(kernel: string): (original: KernelFn) => KernelFn {
  return (original) => {
    const tsdlConvAsProduct: KernelFn = (args) => {
      const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
      const attrs = args.attrs as unknown as ConvAttrs & { activation?: string; leakyreluAlpha?: number };
      if (!tuningOptions().ownConv || !x || !filter || x.dtype !== "float32" || filter.dtype !== "float32" || preluActivationWeights) return original(args);
      const info = convInfo(kernel, x.shape, filter.shape, attrs);
      const g = convGeometry(info);
      const [rows, columns] = im2colShape(g);
      if (rows === 0 || columns === 0 || info.outChannels === 0) return original(args);
      const cols = im2colOf(x, g, args.backend);
      try {
        const out = wasmKernel("_FusedMatMul")({
          inputs: { a: viewAs(cols, [1, rows, columns]), b: viewAs(filter, [1, columns, info.outChannels]), ...(bias ? { bias: viewAs(bias, [info.outChannels]) } : {}) },
          backend: args.backend,
          attrs: { transposeA: false, transposeB: false, activation: attrs.activation ?? "linear", leakyreluAlpha: attrs.leakyreluAlpha },
        });
        return viewAs(out, info.outShape);
      } finally {
        disposeUnlessView(cols, x, args.backend);
      }
    };
    return tsdlConvAsProduct;
  };
}

/** How much more of dy's quads must be zero than x's for dy to go left: the swap costs a small transpose. */
const SPARSER_BY = 0.1;

/**
 * Whether the filter gradient skips more as dyᵀ·im2col(x) than as im2col(x)ᵀ·dy: the products skip
 * the zeros of their left factor four rows of a tile at a time, and dy's quads run along the output
 * channels at one pixel, im2col(x)'s along x's channels. After ReLU and max pooling most of dy is
 * zero (86% in the small convnet), more than of x.
 */
export function dyLeads(x: TensorInfo, dy: TensorInfo, heap: HeapBackend): boolean {
  if (!skipZeros()) return false;
  const share = (t: TensorInfo) => zeroQuadShare(heap.typedArrayFromHeap(t) as Float32Array);
  return share(dy) > share(x) + SPARSER_BY;
}

/**
 * Conv2DBackpropFilter, which the wasm backend lacks: dW = im2col(x)ᵀ·dy as a [filter taps · in
 * channels, out channels] product, or its transpose dyᵀ·im2col(x) when dy is the sparser (dyLeads),
 * each factor read in place by the registered BatchMatMul.
 */
export const conv2dBackpropFilter: KernelFn = (args) => {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
  const info = convInfo("Conv2DBackpropFilter", x.shape, attrs.filterShape, { ...attrs, dilations: 1 });
  const g = convGeometry(info);
  const [rows, columns] = im2colShape(g);
  const heap = args.backend as unknown as HeapBackend;
  if (rows === 0) {
    const zeros = heap.makeOutput([...attrs.filterShape], "float32");
    heap.typedArrayFromHeap(zeros).fill(0);
    return zeros;
  }
  const swap = dyLeads(x, dy, heap);
  const cols = im2colOf(x, g, args.backend);
  const [left, right] = swap ? [viewAs(dy, [1, rows, info.outChannels]), viewAs(cols, [1, rows, columns])] : [viewAs(cols, [1, rows, columns]), viewAs(dy, [1, rows, info.outChannels])];
  try {
    const product = wasmKernel("BatchMatMul")({ inputs: { a: left, b: right }, backend: args.backend, attrs: { transposeA: true, transposeB: false } });
    if (!swap) return viewAs(product, [...attrs.filterShape]);
    try {
      return viewAs(transposeLastTwo(product, args.backend), [...attrs.filterShape]);
    } finally {
      args.backend.disposeData(product.dataId);
    }
  } finally {
    disposeUnlessView(cols, x, args.backend);
  }
};

/**
 * Wraps Conv2DBackpropInput: dx = col2im(dy·Wᵀ), the product on tsdl's products, instead of the
 * wasm backend's scalar loop over every input pixel.
 */
export function conv2dBackpropInputAsProduct(original: KernelFn): KernelFn {
  const tsdlConv2dBackpropInput: KernelFn = (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    if (dy.dtype !== "float32" || filter.dtype !== "float32") return original(args);
    const info = convInfo("Conv2DBackpropInput", attrs.inputShape, filter.shape, { ...attrs, dilations: 1 });
    const g = convGeometry(info);
    const [rows, columns] = im2colShape(g);
    if (rows === 0 || columns === 0) return original(args);
    const dcols = wasmKernel("BatchMatMul")({
      inputs: { a: viewAs(dy, [1, rows, info.outChannels]), b: viewAs(filter, [1, columns, info.outChannels]) },
      backend: args.backend,
      attrs: { transposeA: false, transposeB: true },
    });
    if (pointwise(g)) return viewAs(dcols, [...attrs.inputShape]);
    try {
      return col2imTensor(dcols, [...attrs.inputShape], g, args.backend, heapMemory(args.backend));
    } finally {
      args.backend.disposeData(dcols.dataId);
    }
  };
  return tsdlConv2dBackpropInput;
}

export const convOverrides: WasmKernelOverride[] = [
  { kernelName: "Conv2D", note: "im2col products", wrap: convAsProduct("Conv2D") },
  { kernelName: "FusedConv2D", note: "im2col products", wrap: convAsProduct("FusedConv2D") },
  { kernelName: "Conv2DBackpropFilter", note: "im2col products", add: conv2dBackpropFilter },
  { kernelName: "Conv2DBackpropInput", note: "im2col products", wrap: conv2dBackpropInputAsProduct },
];
