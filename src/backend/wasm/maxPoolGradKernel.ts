// MaxPoolGrad for the wasm backend: each pooling window's gradient goes to the first of its largest
// inputs, as the cpu backend sends it. The wasm kernel starts its search from the smallest positive
// float instead of −∞, so a window of zeros (after ReLU) or of negative values sends its gradient
// to the tensor's first element; the MaxPooling2D layers of a convnet then train on wrong gradients.
import * as tf from "@tensorflow/tfjs";

import { AssembledFunction, elementAt, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";
import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
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

/** maxPoolGrad(x, dy, dx, ...geometry): byte offsets, then the 12 numbers of a PoolGeometry in its order. */
export type MaxPoolGradFn = (x: number, dy: number, dx: number, ...geometry: number[]) => void;

const GEOMETRY_KEYS = ["batch", "inHeight", "inWidth", "channels", "outHeight", "outWidth", "filterHeight", "filterWidth", "strideHeight", "strideWidth", "padTop", "padLeft"] as const;

const [X, DY, DX, BATCH, IN_H, IN_W, CH, OUT_H, OUT_W, FH, FW, SH, SW, TOP, LEFT] = [...Array(15).keys()];
const [B, OY, OX, J, FY, FX, POS, CB, AT, END] = [...Array(10).keys()].map((i) => 15 + i);
/** A window's first pixel (WIN: its byte offset, possibly before the image), its taps inside the image, a row's stride and position. */
const [Y0, X0, FY_FROM, FY_TO, FX_FROM, FX_TO, WIN, ROW_BYTES, ROW_AT] = [...Array(9).keys()].map((i) => 25 + i);
const I32_LOCALS = 19;
const [MAX, ARG, V, D] = [34, 35, 36, 37];

/** max(a, b) and min(a, b) of signed i32 instructions. */
const maxS = (a: number[], b: number[]) => [...a, ...b, ...a, ...b, ...OP.i32GtS, ...OP.select];
const minS = (a: number[], b: number[]) => [...a, ...b, ...a, ...b, ...OP.i32LtS, ...OP.select];

/** The window at (OY, OX): its first pixel and the range of its taps inside the image, computed once for all its channels. */
const windowAt = [
  ...get(OY), ...get(SH), ...OP.i32Mul, ...get(TOP), ...OP.i32Sub, ...set(Y0),
  ...get(OX), ...get(SW), ...OP.i32Mul, ...get(LEFT), ...OP.i32Sub, ...set(X0),
  ...maxS(i32(0), [...i32(0), ...get(Y0), ...OP.i32Sub]), ...set(FY_FROM),
  ...minS(get(FH), [...get(IN_H), ...get(Y0), ...OP.i32Sub]), ...set(FY_TO),
  ...maxS(i32(0), [...i32(0), ...get(X0), ...OP.i32Sub]), ...set(FX_FROM),
  ...minS(get(FW), [...get(IN_W), ...get(X0), ...OP.i32Sub]), ...set(FX_TO),
  ...get(B), ...get(IN_H), ...OP.i32Mul, ...get(Y0), ...OP.i32Add, ...get(IN_W), ...OP.i32Mul, ...get(X0), ...OP.i32Add, ...get(CB), ...OP.i32Mul, ...set(WIN),
];

/** For every tap (FY, FX) of the window inside the image, with POS its index in the window and AT the byte offset of its channels J.. in an image at `base`. */
function eachTap(base: number, body: number[]): number[] {
  return forRange(FY, get(FY_FROM), get(FY_TO), 1, [
    ...get(base), ...get(WIN), ...OP.i32Add, ...get(FY), ...get(ROW_BYTES), ...OP.i32Mul, ...OP.i32Add, ...get(FX_FROM), ...get(CB), ...OP.i32Mul, ...OP.i32Add, ...get(J), ...OP.i32Add, ...set(ROW_AT),
    ...forRange(FX, get(FX_FROM), get(FX_TO), 1, [
      ...get(ROW_AT), ...set(AT),
      ...get(FY), ...get(FW), ...OP.i32Mul, ...get(FX), ...OP.i32Add, ...set(POS),
      ...body,
      ...get(ROW_AT), ...get(CB), ...OP.i32Add, ...set(ROW_AT),
    ]),
  ]);
}

/** dx = 0 over `end` bytes (a multiple of 16) from local `dx`, counting with local `j`. */
const zeroFill = (dx: number, end: number, j: number): number[] =>
  forRange(j, i32(0), get(end), 16, [...get(dx), ...get(j), ...OP.i32Add, ...OP.f32Const, 0, 0, 0, 0, ...OP.f32x4Splat, ...OP.v128Store, 4, 0]);

/** Where tap `v` (a vector, at window position `pos`, pushed) is strictly larger than `max`: it becomes the max and `arg` its position; `gt` is scratch. */
const takeIfLarger = (v: number, pos: number[], max: number, arg: number, gt: number): number[] => [
  ...get(v), ...get(max), ...OP.f32x4Gt, ...set(gt),
  ...get(v), ...get(max), ...get(gt), ...OP.v128Bitselect, ...set(max),
  ...pos, ...OP.i32x4Splat, ...get(arg), ...get(gt), ...OP.v128Bitselect, ...set(arg),
];

/** Stores at the pushed address the gradient `g` where `arg` is window position `pos` (pushed), else 0. */
const gradientWhere = (g: number, arg: number, pos: number[]): number[] => [...get(g), ...get(arg), ...pos, ...OP.i32x4Splat, ...OP.i32x4Eq, ...OP.v128And, ...OP.v128Store, 4, 0];

/**
 * The gradient for windows that do not overlap (strides ≥ window) and channels in fours: dx = 0, then
 * for each window and four channels, the first strictly largest tap (from −∞, so NaN and −∞ never
 * win) found in one pass, and dy written to it in a second; every other tap keeps 0.
 */
const MAX_POOL_GRAD: AssembledFunction = {
  name: "maxPoolGrad",
  params: Array<number>(15).fill(I32),
  locals: [[I32_LOCALS, I32], [4, V128]],
  body: [
    ...get(CH), ...i32(2), ...OP.i32Shl, ...set(CB),
    ...get(IN_W), ...get(CB), ...OP.i32Mul, ...set(ROW_BYTES),
    // dx = 0
    ...get(BATCH), ...get(IN_H), ...OP.i32Mul, ...get(IN_W), ...OP.i32Mul, ...get(CB), ...OP.i32Mul, ...set(END),
    ...zeroFill(DX, END, J),
    ...forRange(B, i32(0), get(BATCH), 1,
      forRange(OY, i32(0), get(OUT_H), 1,
        forRange(OX, i32(0), get(OUT_W), 1, [
          ...windowAt,
          ...forRange(J, i32(0), get(CB), 16, [
            ...OP.f32Const, 0x00, 0x00, 0x80, 0xff, ...OP.f32x4Splat, ...set(MAX),
            ...i32(-1), ...OP.i32x4Splat, ...set(ARG),
            ...eachTap(X, [
              ...get(AT), ...OP.v128Load, 4, 0, ...set(V),
              ...takeIfLarger(V, get(POS), MAX, ARG, D),
            ]),
            ...elementAt(DY, [...get(B), ...get(OUT_H), ...OP.i32Mul, ...get(OY), ...OP.i32Add, ...get(OUT_W), ...OP.i32Mul, ...get(OX), ...OP.i32Add, ...get(CH), ...OP.i32Mul]), ...get(J), ...OP.i32Add, ...OP.v128Load, 4, 0, ...set(D),
            ...eachTap(DX, [...get(AT), ...gradientWhere(D, ARG, get(POS))]),
          ]),
        ]),
      ),
    ),
  ],
};

/** maxPoolGrad2x2(x, dy, dx, batch, inHeight, inWidth, channels, outHeight, outWidth, strideHeight, strideWidth, zeroFirst). */
export type MaxPoolGrad2x2Fn = (x: number, dy: number, dx: number, ...geometry: number[]) => void;

const POOL2 = { X: 0, DY: 1, DX: 2, BATCH: 3, IN_H: 4, IN_W: 5, CH: 6, OUT_H: 7, OUT_W: 8, SH: 9, SW: 10, ZERO: 11 } as const;
const [B2, OY2, OX2, J2, CB2, ROW2, WIN2, DYAT2, END2, TAP0, DELTA] = [...Array(11).keys()].map((i) => 12 + i);
const [MAX2, ARG2, G2] = [23, 24, 25];
const TAPS2 = [26, 27, 28, 29];

/**
 * The gradient for the pooling of almost every convnet, 2×2 windows all inside the image with strides
 * of at least 2, channels in fours: each window's four taps are loaded, compared and written in
 * straight-line code, the first strictly largest winning as in MAX_POOL_GRAD. dx is zeroed first
 * only when the windows leave taps uncovered (zeroFirst).
 */
const MAX_POOL_GRAD_2X2: AssembledFunction = (() => {
  const { X, DY, DX, BATCH, IN_H, IN_W, CH, OUT_H, OUT_W, SH, SW, ZERO } = POOL2;
  // The four taps' byte offsets from the window's first, row-major: 0, one pixel right, one row down, both.
  const tapAt = (t: number) => [...get(TAP0), ...(t & 1 ? [...get(CB2), ...OP.i32Add] : []), ...(t & 2 ? [...get(ROW2), ...OP.i32Add] : [])];
  return {
    name: "maxPoolGrad2x2",
    params: Array<number>(12).fill(I32),
    locals: [[11, I32], [7, V128]],
    body: [
      ...get(CH), ...i32(2), ...OP.i32Shl, ...set(CB2),
      ...get(IN_W), ...get(CB2), ...OP.i32Mul, ...set(ROW2),
      ...get(DX), ...get(X), ...OP.i32Sub, ...set(DELTA),
      ...get(ZERO), ...OP.if,
      ...get(BATCH), ...get(IN_H), ...OP.i32Mul, ...get(ROW2), ...OP.i32Mul, ...set(END2),
      ...zeroFill(DX, END2, J2),
      ...OP.end,
      ...forRange(B2, i32(0), get(BATCH), 1,
        forRange(OY2, i32(0), get(OUT_H), 1,
          forRange(OX2, i32(0), get(OUT_W), 1, [
            ...get(X), ...get(B2), ...get(IN_H), ...OP.i32Mul, ...get(OY2), ...get(SH), ...OP.i32Mul, ...OP.i32Add, ...get(IN_W), ...OP.i32Mul, ...get(OX2), ...get(SW), ...OP.i32Mul, ...OP.i32Add, ...get(CB2), ...OP.i32Mul, ...OP.i32Add, ...set(WIN2),
            ...get(DY), ...get(B2), ...get(OUT_H), ...OP.i32Mul, ...get(OY2), ...OP.i32Add, ...get(OUT_W), ...OP.i32Mul, ...get(OX2), ...OP.i32Add, ...get(CB2), ...OP.i32Mul, ...OP.i32Add, ...set(DYAT2),
            ...forRange(J2, i32(0), get(CB2), 16, [
              ...get(WIN2), ...get(J2), ...OP.i32Add, ...set(TAP0),
              ...OP.f32Const, 0x00, 0x00, 0x80, 0xff, ...OP.f32x4Splat, ...set(MAX2),
              ...i32(-1), ...OP.i32x4Splat, ...set(ARG2),
              ...TAPS2.flatMap((v, t) => [
                ...tapAt(t), ...OP.v128Load, 4, 0, ...set(v),
                ...takeIfLarger(v, i32(t), MAX2, ARG2, G2),
              ]),
              ...get(DYAT2), ...get(J2), ...OP.i32Add, ...OP.v128Load, 4, 0, ...set(G2),
              ...TAPS2.flatMap((_, t) => [...tapAt(t), ...get(DELTA), ...OP.i32Add, ...gradientWhere(G2, ARG2, i32(t))]),
            ]),
          ]),
        ),
      ),
    ],
  };
})();

/** Whether the 2×2 gradient takes `g`: 2×2 windows, strides of at least 2, every window inside the image, channels in fours. */
export function pools2x2(g: PoolGeometry): boolean {
  return (
    g.filterHeight === 2 && g.filterWidth === 2 && g.strideHeight >= 2 && g.strideWidth >= 2 && g.padTop === 0 && g.padLeft === 0 && g.channels % 4 === 0 &&
    (g.outHeight - 1) * g.strideHeight + 2 <= g.inHeight && (g.outWidth - 1) * g.strideWidth + 2 <= g.inWidth
  );
}

/** The arguments of maxPoolGrad2x2 after the three offsets: zeroFirst unless the windows tile the image exactly. */
export function pool2x2Args(g: PoolGeometry): number[] {
  const tiled = g.strideHeight === 2 && g.strideWidth === 2 && 2 * g.outHeight === g.inHeight && 2 * g.outWidth === g.inWidth;
  return [g.batch, g.inHeight, g.inWidth, g.channels, g.outHeight, g.outWidth, g.strideHeight, g.strideWidth, tiled ? 0 : 1];
}

/** The SIMD gradients compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
function maxPoolGradModule(memory: WasmMemory): { general: MaxPoolGradFn; pool2x2: MaxPoolGrad2x2Fn } | undefined {
  const e = instantiateOn(memory, "maxPoolGrad", () => [MAX_POOL_GRAD, MAX_POOL_GRAD_2X2]);
  return e && { general: e.maxPoolGrad as MaxPoolGradFn, pool2x2: e.maxPoolGrad2x2 as MaxPoolGrad2x2Fn };
}

/** The general SIMD gradient compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function maxPoolGradSimd(memory: WasmMemory): MaxPoolGradFn | undefined {
  return maxPoolGradModule(memory)?.general;
}

/**
 * Wraps the wasm MaxPoolGrad: float32 inputs take the SIMD gradient when windows do not overlap and
 * channels come in fours (the straight-line one for 2×2 windows inside the image), else maxPoolGradValues.
 */
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
    const memory = heapMemory(args.backend);
    const simd = g.channels % 4 === 0 && g.strideHeight >= g.filterHeight && g.strideWidth >= g.filterWidth && memory ? maxPoolGradModule(memory) : undefined;
    if (simd) {
      const at = (t: TensorInfo) => heap.getMemoryOffset(t.dataId);
      if (pools2x2(g)) simd.pool2x2(at(input), at(dy), at(dx), ...pool2x2Args(g));
      else simd.general(at(input), at(dy), at(dx), ...GEOMETRY_KEYS.map((k) => g[k]));
      return dx;
    }
    // Views after the allocation: growing the heap replaces its buffer.
    const view = (t: TensorInfo) => heap.typedArrayFromHeap(t) as Float32Array;
    maxPoolGradValues(view(input), view(dy), view(dx), g);
    return dx;
  };
  return tsdlMaxPoolGrad;
}

export const maxPoolGradOverrides: WasmKernelOverride[] = [{ kernelName: "MaxPoolGrad", note: "first max", wrap: firstMaxPoolGrad }];
