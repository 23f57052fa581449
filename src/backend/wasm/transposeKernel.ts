// Transpose of the last two axes for the wasm backend, in 4×4 blocks of WebAssembly SIMD
// shuffles. The matmul kernels transpose explicitly to stay on XNNPACK (four transposes
// of up to 784×512 per MNIST training step), and the wasm kernel moves one element at a
// time with strided stores: ~0.3 ms for 784×512.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";
import { AssembledFunction, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";

/** transpose(in, out, rows, cols): out (cols × rows) = inᵀ for 4-byte elements at byte offsets in and out. */
export type TransposeSimdFn = (input: number, output: number, rows: number, cols: number) => void;

const [IN, OUT, ROWS, COLS] = [0, 1, 2, 3];
const [R, C, R4, C4, C0, C_END] = [4, 5, 6, 7, 8, 9];
const A = [10, 11, 12, 13];
const T = [14, 15, 16, 17];
/** Columns per tile: the tile's output rows (one cache line per 16 input rows) stay in L1 while the rows go by. */
const TILE = 64;

const load = [...OP.v128Load, 4, 0];
const store = [...OP.v128Store, 4, 0];
/** Byte address of element (row, col) of a matrix `width` elements wide at byte offset `base`, with row = get(row) + dr. */
const addr = (base: number, row: number, dr: number, col: number, width: number) => [
  ...get(base), ...get(row), ...(dr ? [...i32(dr), ...OP.i32Add] : []), ...get(width), ...OP.i32Mul, ...get(col), ...OP.i32Add, ...i32(2), ...OP.i32Shl, ...OP.i32Add,
];
/** i8x16.shuffle picking i32 lanes (0–3 from the first operand, 4–7 from the second). */
const lanes = (...l: number[]) => [...OP.i8x16Shuffle, ...l.flatMap((k) => [4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3])];
/** out(c, r + dr) = in(r + dr, c), one element. */
const copyOne = (dr: number) => [...addr(OUT, C, 0, R, ROWS), ...(dr ? [...i32(4 * dr), ...OP.i32Add] : []), ...addr(IN, R, dr, C, COLS), ...OP.i32Load, 2, 0, ...OP.i32Store, 2, 0];

const block4x4 = [
  ...[0, 1, 2, 3].flatMap((k) => [...addr(IN, R, k, C, COLS), ...load, ...set(A[k]!)]),
  ...[get(A[0]!), get(A[1]!), lanes(0, 4, 1, 5), set(T[0]!)].flat(),
  ...[get(A[0]!), get(A[1]!), lanes(2, 6, 3, 7), set(T[1]!)].flat(),
  ...[get(A[2]!), get(A[3]!), lanes(0, 4, 1, 5), set(T[2]!)].flat(),
  ...[get(A[2]!), get(A[3]!), lanes(2, 6, 3, 7), set(T[3]!)].flat(),
  // Column k of the block, rows r..r+3, is one v128 of the output.
  ...[[0, 2, lanes(0, 1, 4, 5)], [0, 2, lanes(2, 3, 6, 7)], [1, 3, lanes(0, 1, 4, 5)], [1, 3, lanes(2, 3, 6, 7)]].flatMap(([t, u, pick], k) => [
    ...get(OUT), ...get(C), ...i32(k), ...OP.i32Add, ...get(ROWS), ...OP.i32Mul, ...get(R), ...OP.i32Add, ...i32(2), ...OP.i32Shl, ...OP.i32Add,
    ...get(T[t as number]!), ...get(T[u as number]!), ...(pick as number[]), ...store,
  ]),
];

const TRANSPOSE: AssembledFunction = {
  name: "transpose",
  params: [I32, I32, I32, I32],
  locals: [[6, I32], [8, V128]],
  body: [
    ...get(ROWS), ...i32(-4), ...OP.i32And, ...set(R4),
    ...get(COLS), ...i32(-4), ...OP.i32And, ...set(C4),
    ...forRange(C0, i32(0), get(C4), TILE, [
      // C_END = min(C0 + TILE, C4)
      ...get(C0), ...i32(TILE), ...OP.i32Add, ...get(C4), ...get(C0), ...i32(TILE), ...OP.i32Add, ...get(C4), ...OP.i32LtU, ...OP.select, ...set(C_END),
      ...forRange(R, i32(0), get(R4), 4, forRange(C, get(C0), get(C_END), 4, block4x4)),
    ]),
    ...forRange(R, i32(0), get(R4), 4, forRange(C, get(C4), get(COLS), 1, [0, 1, 2, 3].flatMap(copyOne))),
    ...forRange(R, get(R4), get(ROWS), 1, forRange(C, i32(0), get(COLS), 1, copyOne(0))),
  ],
};

/** The transpose compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function transposeSimd(memory: WasmMemory): TransposeSimdFn | undefined {
  return instantiateOn(memory, "transpose", () => [TRANSPOSE])?.transpose as TransposeSimdFn | undefined;
}

/** Whether `perm` swaps the last two axes and keeps the others in place. */
export function swapsLastTwo(perm: number[]): boolean {
  const n = perm.length;
  return n >= 2 && perm[n - 2] === n - 1 && perm[n - 1] === n - 2 && perm.slice(0, -2).every((p, i) => p === i);
}

/** Wraps the wasm Transpose: 4-byte tensors whose last two axes swap go to the SIMD blocks. */
export function blockTranspose(fallback: KernelFn): KernelFn {
  const tsdlBlockTranspose: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const perm = args.attrs.perm as number[];
    const memory = heapMemory(args.backend);
    const simd = memory && (x.dtype === "float32" || x.dtype === "int32") && swapsLastTwo(perm) ? transposeSimd(memory) : undefined;
    if (!simd) return fallback(args);
    const backend = args.backend as unknown as HeapBackend;
    const rank = x.shape.length;
    const [rows, cols] = [x.shape[rank - 2]!, x.shape[rank - 1]!];
    const out = backend.makeOutput(perm.map((p) => x.shape[p]!), x.dtype);
    const [input, output] = [backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId)];
    const matrices = tf.util.sizeFromShape(x.shape.slice(0, -2));
    for (let m = 0; m < matrices; m++) simd(input + 4 * m * rows * cols, output + 4 * m * rows * cols, rows, cols);
    return out;
  };
  return tsdlBlockTranspose;
}

export const transposeOverrides: WasmKernelOverride[] = [{ kernelName: "Transpose", note: "SIMD", wrap: blockTranspose }];
