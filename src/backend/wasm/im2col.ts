// A convolution as a matrix product: im2col lays out every output pixel's receptive field as one row
// (the filter's [height, width, in channels] order, so the filter itself is the right factor), and
// col2im adds such rows back into an image (the input gradient). Both are WebAssembly SIMD copies over
// the wasm heap, in runs of whole channel vectors; a receptive field past the image's edge reads as 0.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, TensorInfo } from "./heap";
import { AssembledFunction, elementAt, forRange, get, I32, i32, instantiateOn, OP, set, WasmMemory } from "./assembler";

/** Where an NHWC convolution reads its input: the shape and stride/dilation/padding of computeConv2DInfo. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padTop: number;
  padLeft: number;
}

/** The geometry of a conv info (channels last). */
export function convGeometry(info: tf.backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** The im2col matrix's [rows, columns]: one row per output pixel, one column per filter tap and channel. */
export function im2colShape(g: ConvGeometry): [number, number] {
  return [g.batch * g.outHeight * g.outWidth, g.filterHeight * g.filterWidth * g.inChannels];
}

/** im2col(x, cols, ...geometry) or col2im(dx, cols, ...geometry): the image's and the rows' byte offsets, then the 14 numbers of a ConvGeometry in its order. */
export type Im2colFn = (image: number, cols: number, ...geometry: number[]) => void;

const GEOMETRY_KEYS = ["batch", "inHeight", "inWidth", "inChannels", "outHeight", "outWidth", "filterHeight", "filterWidth", "strideHeight", "strideWidth", "dilationHeight", "dilationWidth", "padTop", "padLeft"] as const;

/** The arguments after the two offsets. */
export function geometryArgs(g: ConvGeometry): number[] {
  return GEOMETRY_KEYS.map((k) => g[k]);
}

const [IMAGE, COLS, BATCH, IN_H, IN_W, CH, OUT_H, OUT_W, FH, FW, SH, SW, DH, DW, TOP, LEFT] = [...Array(16).keys()];
const [B, OY, OX, FY, FX, IY, IX, DST, SRC, RUN, J, END4, IMAGE_B, FX_STEP, RUN_FX, ROW_OK] = [...Array(16).keys()].map((i) => 16 + i);

/**
 * The walk over every output pixel's receptive field, in the order of im2col's columns. `run` gets
 * DST (the cols row position) and SRC (the image position) with RUN bytes of channels to move, in
 * bounds; `outside` the same with only DST, for taps past the image's edge. When the dilation is 1
 * and a row of taps is all inside the image, the whole row is one run (filterWidth · channels).
 */
function walk(run: number[], outside: number[]): number[] {
  const imageBytes = [...get(IN_H), ...get(IN_W), ...OP.i32Mul, ...get(CH), ...OP.i32Mul, ...i32(2), ...OP.i32Shl];
  // The first tap's column, ox·sw − left; the row of taps is whole when it and the last are inside.
  const firstColumn = [...get(OX), ...get(SW), ...OP.i32Mul, ...get(LEFT), ...OP.i32Sub];
  const wholeRow = [
    ...get(DW), ...i32(1), ...OP.i32Eq,
    ...firstColumn, ...get(IN_W), ...OP.i32LtU, ...OP.i32And,
    ...firstColumn, ...get(FW), ...OP.i32Add, ...i32(-1), ...OP.i32Add, ...get(IN_W), ...OP.i32LtU, ...OP.i32And,
  ];
  const channelBytes = [...get(CH), ...i32(2), ...OP.i32Shl];
  return [
    ...get(COLS), ...set(DST),
    ...forRange(B, i32(0), get(BATCH), 1, [
      ...get(IMAGE), ...get(B), ...imageBytes, ...OP.i32Mul, ...OP.i32Add, ...set(IMAGE_B),
      ...forRange(OY, i32(0), get(OUT_H), 1,
        forRange(OX, i32(0), get(OUT_W), 1, [
          // A whole row of taps moves as one run, else one run per tap.
          ...wholeRow, ...OP.if,
          ...get(FW), ...set(FX_STEP), ...get(FW), ...get(CH), ...OP.i32Mul, ...i32(2), ...OP.i32Shl, ...set(RUN_FX),
          ...OP.else,
          ...i32(1), ...set(FX_STEP), ...channelBytes, ...set(RUN_FX),
          ...OP.end,
          ...forRange(FY, i32(0), get(FH), 1, [
            ...get(OY), ...get(SH), ...OP.i32Mul, ...get(FY), ...get(DH), ...OP.i32Mul, ...OP.i32Add, ...get(TOP), ...OP.i32Sub, ...set(IY),
            ...get(IY), ...get(IN_H), ...OP.i32LtU, ...set(ROW_OK),
            // FX advances by FX_STEP at the end of the body (the loop's own step is 0).
            ...forRange(FX, i32(0), get(FW), 0, [
              ...firstColumn, ...get(FX), ...get(DW), ...OP.i32Mul, ...OP.i32Add, ...set(IX),
              ...get(RUN_FX), ...set(RUN),
              ...get(ROW_OK), ...get(IX), ...get(IN_W), ...OP.i32LtU, ...OP.i32And, ...OP.if,
              ...elementAt(IMAGE_B, [...get(IY), ...get(IN_W), ...OP.i32Mul, ...get(IX), ...OP.i32Add, ...get(CH), ...OP.i32Mul]), ...set(SRC),
              ...run,
              ...OP.else,
              ...outside,
              ...OP.end,
              ...get(DST), ...get(RUN), ...OP.i32Add, ...set(DST),
              ...get(FX), ...get(FX_STEP), ...OP.i32Add, ...set(FX),
            ]),
          ]),
        ]),
      ),
    ]),
  ];
}

/** Moves RUN bytes from `from` to `to` (locals holding byte offsets), four floats at a time, then one: a copy, or with `add` an add onto `to`. */
function moveRun(from: number, to: number, add: boolean): number[] {
  const at = (base: number) => [...get(base), ...get(J), ...OP.i32Add];
  const vector = add ? [...at(to), ...OP.v128Load, 4, 0, ...at(from), ...OP.v128Load, 4, 0, ...OP.f32x4Add] : [...at(from), ...OP.v128Load, 4, 0];
  const scalar = add ? [...at(to), ...OP.f32Load, 2, 0, ...at(from), ...OP.f32Load, 2, 0, ...OP.f32Add] : [...at(from), ...OP.f32Load, 2, 0];
  return [
    ...get(RUN), ...i32(-16), ...OP.i32And, ...set(END4),
    ...forRange(J, i32(0), get(END4), 16, [...at(to), ...vector, ...OP.v128Store, 4, 0]),
    ...forRange(J, get(END4), get(RUN), 4, [...at(to), ...scalar, ...OP.f32Store, 2, 0]),
  ];
}

const zeroRun = [
  ...get(RUN), ...i32(-16), ...OP.i32And, ...set(END4),
  ...forRange(J, i32(0), get(END4), 16, [...get(DST), ...get(J), ...OP.i32Add, ...OP.f32Const, 0, 0, 0, 0, ...OP.f32x4Splat, ...OP.v128Store, 4, 0]),
  ...forRange(J, get(END4), get(RUN), 4, [...get(DST), ...get(J), ...OP.i32Add, ...OP.f32Const, 0, 0, 0, 0, ...OP.f32Store, 2, 0]),
];

const PARAMS = Array<number>(16).fill(I32);
const LOCALS: [number, number][] = [[16, I32]];

/** im2col(x, cols, ...): every receptive field copied into its row of cols, 0 past the edges. */
const IM2COL: AssembledFunction = { name: "im2col", params: PARAMS, locals: LOCALS, body: walk(moveRun(SRC, DST, false), zeroRun) };

/**
 * col2im(dx, cols, ...): dx = 0, then every row of cols added back onto the receptive field it came
 * from (taps past the edges dropped).
 */
const COL2IM: AssembledFunction = {
  name: "col2im",
  params: PARAMS,
  locals: LOCALS,
  body: [
    // dx = 0 over the whole image batch.
    ...get(BATCH), ...get(IN_H), ...OP.i32Mul, ...get(IN_W), ...OP.i32Mul, ...get(CH), ...OP.i32Mul, ...i32(2), ...OP.i32Shl, ...set(RUN),
    ...get(IMAGE), ...set(DST),
    ...zeroRun,
    ...walk(moveRun(DST, SRC, true), []),
  ],
};

/** The two copies compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function im2colSimd(memory: WasmMemory): { im2col: Im2colFn; col2im: Im2colFn } | undefined {
  const compiled = instantiateOn(memory, "im2col", () => [IM2COL, COL2IM]);
  return compiled && { im2col: compiled.im2col as Im2colFn, col2im: compiled.col2im as Im2colFn };
}

/** Calls `f(o, i)` for every run of channels im2col moves: o its start in the rows, i in the image (−1 past the edges). */
function eachTap(g: ConvGeometry, f: (o: number, i: number) => void): void {
  const c = g.inChannels;
  let o = 0;
  for (let b = 0; b < g.batch; b++) {
    for (let oy = 0; oy < g.outHeight; oy++) {
      for (let ox = 0; ox < g.outWidth; ox++) {
        for (let fy = 0; fy < g.filterHeight; fy++) {
          const iy = oy * g.strideHeight + fy * g.dilationHeight - g.padTop;
          for (let fx = 0; fx < g.filterWidth; fx++, o += c) {
            const ix = ox * g.strideWidth + fx * g.dilationWidth - g.padLeft;
            f(o, iy < 0 || iy >= g.inHeight || ix < 0 || ix >= g.inWidth ? -1 : ((b * g.inHeight + iy) * g.inWidth + ix) * c);
          }
        }
      }
    }
  }
}

/** The im2col rows of image `x` written into `cols`, what the SIMD im2col computes; pure apart from `cols`. */
export function im2colValues(x: Float32Array, cols: Float32Array, g: ConvGeometry): void {
  const c = g.inChannels;
  eachTap(g, (o, i) => {
    for (let k = 0; k < c; k++) cols[o + k] = i < 0 ? 0 : x[i + k]!;
  });
}

/** The rows `cols` added back into image `dx` (zeroed first), what the SIMD col2im computes; pure apart from `dx`. */
export function col2imValues(dx: Float32Array, cols: Float32Array, g: ConvGeometry): void {
  const c = g.inChannels;
  dx.fill(0);
  eachTap(g, (o, i) => {
    if (i >= 0) for (let k = 0; k < c; k++) dx[i + k] = dx[i + k]! + cols[o + k]!;
  });
}

/** A fresh [rows, columns] tensor holding the im2col rows of x: in SIMD, else in JavaScript. */
export function im2colTensor(x: TensorInfo, g: ConvGeometry, backend: tf.KernelBackend, memory: WasmMemory | undefined): TensorInfo {
  const heap = backend as unknown as HeapBackend;
  const cols = heap.makeOutput(im2colShape(g), "float32");
  const simd = memory && im2colSimd(memory);
  if (simd) simd.im2col(heap.getMemoryOffset(x.dataId), heap.getMemoryOffset(cols.dataId), ...geometryArgs(g));
  // Views after the allocation: growing the heap replaces its buffer.
  else im2colValues(heap.typedArrayFromHeap(x) as Float32Array, heap.typedArrayFromHeap(cols) as Float32Array, g);
  return cols;
}

/** A fresh image tensor of `shape` holding the rows of `cols` added back: in SIMD, else in JavaScript. */
export function col2imTensor(cols: TensorInfo, shape: number[], g: ConvGeometry, backend: tf.KernelBackend, memory: WasmMemory | undefined): TensorInfo {
  const heap = backend as unknown as HeapBackend;
  const dx = heap.makeOutput(shape, "float32");
  const simd = memory && im2colSimd(memory);
  if (simd) simd.col2im(heap.getMemoryOffset(dx.dataId), heap.getMemoryOffset(cols.dataId), ...geometryArgs(g));
  else col2imValues(heap.typedArrayFromHeap(dx) as Float32Array, heap.typedArrayFromHeap(cols) as Float32Array, g);
  return dx;
}
