// MaxPoolGrad for the wasm backend: each pooling window's gradient goes to the first of its largest
// inputs, as the cpu backend sends it. The wasm kernel starts its search from the smallest positive
// float instead of −∞, so a window of zeros (after ReLU) or of negative values sends its gradient
// to the tensor's first element; the MaxPooling2D layers of a convnet then train on wrong gradients.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/** Where a 2-D pooling reads: NHWC sizes, window, strides, padding (computePool2DInfo's). */
export interface PoolGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * dx[argmax of window] += dy[window] for every window of x, argmax the first position (row-major)
 * of the window's largest value; a window of only NaN and −∞ passes nothing on. Sums in float64.
 * Pure apart from `dx`.
 */
export function maxPoolGradValues(x: Float32Array, dy: Float32Array, dx: Float32Array, g: PoolGeometry): void {
  const c = g.channels;
  const sums = new Float64Array(dx.length);
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      const y0 = oy * g.strideHeight - g.padTop;
      const yFrom = Math.max(0, y0);
      const yTo = Math.min(g.inHeight, y0 + g.filterHeight);
      for (let ox = 0; ox < g.outWidth; ox++) {
        const x0 = ox * g.strideWidth - g.padLeft;
        const xFrom = Math.max(0, x0);
        const xTo = Math.min(g.inWidth, x0 + g.filterWidth);
        const dyAt = ((b * g.outHeight + oy) * g.outWidth + ox) * c;
        for (let k = 0; k < c; k++) {
          let max = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let iy = yFrom; iy < yTo; iy++) {
            for (let ix = xFrom; ix < xTo; ix++) {
              const i = ((b * g.inHeight + iy) * g.inWidth + ix) * c + k;
              if (x[i]! > max) {
                max = x[i]!;
                at = i;
              }
            }
          }
          if (at >= 0) sums[at] += dy[dyAt + k]!;
        }
      }
    }
  }
  dx.set(sums);
}

/** Wraps the wasm MaxPoolGrad: float32 inputs take maxPoolGradValues. */
export function firstMaxPoolGrad(fallback: KernelFn): KernelFn {
  const tsdlMaxPoolGrad: KernelFn = (args) => {
    const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
    if (input.dtype !== "float32" || dy.dtype !== "float32") return fallback(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as { filterSize: number | [number, number]; strides: number | [number, number]; pad: "valid" | "same" | number; dimRoundingMode?: "floor" | "round" | "ceil" };
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const heap = args.backend as unknown as HeapBackend;
    const dx = heap.makeOutput([...input.shape], "float32");
    const g: PoolGeometry = {
      batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, channels: info.inChannels, outHeight: info.outHeight, outWidth: info.outWidth,
      filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
    };
    // Views after the allocation: growing the heap replaces its buffer.
    const view = (t: TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    maxPoolGradValues(view(input), view(dy), view(dx), g);
    return dx;
  };
  return tsdlMaxPoolGrad;
}

export const maxPoolGradOverrides: WasmKernelOverride[] = [{ kernelName: "MaxPoolGrad", note: "first max", wrap: firstMaxPoolGrad }];
