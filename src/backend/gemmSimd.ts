// Matrix products in WebAssembly SIMD over row-major factors, with no packing: C = A·B in 4×8
// tiles (eight accumulators: four rows of A, each broadcast, times two vectors of a row of B).
// XNNPACK packs B before every product it has not seen; in training that is every step, since
// the optimizer replaces the weights. `gemmTA` reads A transposed where it lies (X^T·dY, the
// weight gradient of a Dense layer): four rows of A^T at one column are four adjacent floats.
// With relaxed SIMD each multiply-add is one fused instruction, about 1.4× the speed of the
// separate multiply and add that XNNPACK's wasm build is limited to.
// This module imports nothing but the assembler and node:v8, so a worker thread can load it too.
import v8 from "node:v8";

import { AssembledFunction, assembleModule, forRange, get, I32, i32, instantiateOn, OP, set, uleb, V128, WasmMemory } from "./wasmAssembler";

/**
 * gemm(a, b, c, m, n, k, rowFrom, rowTo, bias, flags): rows [rowFrom, rowTo) of c = a·b, then
 * + bias (flags & BIAS) and max(·, 0) (flags & RELU). Byte offsets; needs m, rowFrom,
 * rowTo ≡ 0 (mod 4) and n ≡ 0 (mod 8). For gemmTA, `a` holds A^T: a [k, m] matrix.
 */
export type GemmFn = (a: number, b: number, c: number, m: number, n: number, k: number, rowFrom: number, rowTo: number, bias: number, flags: number) => void;

export interface Gemm {
  gemm: GemmFn;
  gemmTA: GemmFn;
  /** Whether the multiply-adds are fused (relaxed SIMD). */
  fused: boolean;
}

export const GEMM_ROWS = 4;
export const GEMM_COLS = 8;
export const GEMM_FLAGS = { bias: 1, relu: 2 } as const;
/** TSDL_WASM_FMA=0 keeps separate multiplies and adds, to measure what fusing brings. */
const WANT_FMA = process.env.TSDL_WASM_FMA !== "0";

const F32X4_RELAXED_MADD = [0xfd, 0x85, 0x02];
const IF = [0x04, 0x40];

const [A, B, C, M, N, K, FROM, TO, BIAS, FLAGS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const [I, J, P, BP, AP, KB, NB, MB] = [10, 11, 12, 13, 14, 15, 16, 17];
const ROW = [18, 19, 20, 21];
const I32_LOCALS = 12;
const ACC = [22, 23, 24, 25, 26, 27, 28, 29];
const [B0, B1, S, AV] = [30, 31, 32, 33];
const V128_LOCALS = 12;
const BV = [B0, B1];

const flat = (...parts: (readonly number[] | number)[]): number[] => parts.flatMap((p) => (typeof p === "number" ? [p] : [...p]));
const zero = flat(OP.f32Const, 0, 0, 0, 0, OP.f32x4Splat);
/** i8x16.shuffle immediates that broadcast lane `l` of a f32x4. */
const splatLane = (l: number) => [0, 1, 2, 3].flatMap(() => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]);

function assemble(name: string, transposedA: boolean, fused: boolean): AssembledFunction {
  const madd = (acc: number, s: number, b: number) =>
    fused ? flat(get(s), get(b), get(acc), F32X4_RELAXED_MADD, set(acc)) : flat(get(acc), get(s), get(b), OP.f32x4Mul, OP.f32x4Add, set(acc));
  const loadB = BV.map((bv, v) => flat(get(BP), OP.v128Load, 4, ...uleb(16 * v), set(bv)));
  // One step of p: acc[r][v] += A[I+r, p] · B[p, J+4v .. J+4v+3].
  const step = transposedA
    ? flat(
        ...loadB,
        get(AP), OP.v128Load, 2, 0, set(AV),
        ...ROW.map((_, r) => flat(get(AV), get(AV), OP.i8x16Shuffle, ...splatLane(r), set(S), ...BV.map((bv, v) => madd(ACC[2 * r + v]!, S, bv)))),
        get(AP), get(MB), OP.i32Add, set(AP),
        get(BP), get(NB), OP.i32Add, set(BP),
      )
    : flat(
        ...loadB,
        ...ROW.map((row, r) => flat(get(row), OP.v128Load32Splat, 2, 0, set(S), ...BV.map((bv, v) => madd(ACC[2 * r + v]!, S, bv)), get(row), i32(4), OP.i32Add, set(row))),
        get(BP), get(NB), OP.i32Add, set(BP),
      );
  const startA = transposedA
    ? flat(get(A), get(I), i32(2), OP.i32Shl, OP.i32Add, set(AP))
    : flat(...ROW.map((row, r) => flat(get(A), get(I), i32(r), OP.i32Add, get(KB), OP.i32Mul, OP.i32Add, set(row))));
  const eachAcc = (f: (acc: number, v: number) => number[]) => flat(...ACC.map((acc, i) => f(acc, i % 2)));
  const epilogue = flat(
    get(FLAGS), i32(GEMM_FLAGS.bias), OP.i32And, IF,
    eachAcc((acc, v) => flat(get(acc), get(BIAS), get(J), i32(2), OP.i32Shl, OP.i32Add, OP.v128Load, 4, ...uleb(16 * v), OP.f32x4Add, set(acc))),
    OP.end,
    get(FLAGS), i32(GEMM_FLAGS.relu), OP.i32And, IF,
    eachAcc((acc) => flat(get(acc), zero, OP.f32x4Max, set(acc))),
    OP.end,
  );
  const store = flat(
    ...ROW.flatMap((_, r) =>
      BV.map((_, v) => flat(get(C), get(I), i32(r), OP.i32Add, get(N), OP.i32Mul, get(J), OP.i32Add, i32(2), OP.i32Shl, OP.i32Add, get(ACC[2 * r + v]!), OP.v128Store, 4, ...uleb(16 * v))),
    ),
  );
  // A plain product walks a column strip of B (k × 8 floats) down all its rows of tiles, so the
  // strip stays in L1; B itself (1.6 MB for Dense(784→512)) would not stay in L2 row by row.
  // Aᵀ·b has a short k: a strip of B per tile fits in L1 either way.
  const tiles = (body: number[]) =>
    transposedA
      ? forRange(I, get(FROM), get(TO), GEMM_ROWS, forRange(J, i32(0), get(N), GEMM_COLS, body))
      : forRange(J, i32(0), get(N), GEMM_COLS, forRange(I, get(FROM), get(TO), GEMM_ROWS, body));
  return {
    name,
    params: Array<number>(10).fill(I32),
    locals: [
      [I32_LOCALS, I32],
      [V128_LOCALS, V128],
    ],
    body: flat(
      get(K), i32(2), OP.i32Shl, set(KB),
      get(N), i32(2), OP.i32Shl, set(NB),
      get(M), i32(2), OP.i32Shl, set(MB),
      tiles(flat(
        ...ACC.map((acc) => flat(zero, set(acc))),
        startA,
        get(B), get(J), i32(2), OP.i32Shl, OP.i32Add, set(BP),
        forRange(P, i32(0), get(K), 1, step),
        epilogue,
        store,
      )),
    ),
  };
}

let relaxedSimdFlag: boolean | undefined;

/** Turns on V8's relaxed SIMD (a flag in Node 20, on by default from Node 22); process-wide. */
function enableRelaxedSimd(): boolean {
  if (relaxedSimdFlag === undefined) {
    try {
      v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
      relaxedSimdFlag = true;
    } catch {
      relaxedSimdFlag = false;
    }
  }
  return relaxedSimdFlag;
}

/** Whether gemmOn will fuse multiply-adds: relaxed SIMD is on and not switched off (TSDL_WASM_FMA=0). */
export function fusedMultiplyAdd(): boolean {
  if (!WANT_FMA || !enableRelaxedSimd()) return false;
  const probe = assembleModule([assemble("gemm", false, true)], { shared: false });
  return (globalThis as unknown as { WebAssembly: { validate(bytes: Uint8Array): boolean } }).WebAssembly.validate(probe);
}

/**
 * The products compiled against `memory`: with fused multiply-adds when the runtime has relaxed
 * SIMD, else with separate ones; undefined when it lacks WebAssembly SIMD altogether.
 */
export function gemmOn(memory: WasmMemory, fma = WANT_FMA): Gemm | undefined {
  const build = (fused: boolean) => instantiateOn(memory, fused ? "gemm-fma" : "gemm", () => [assemble("gemm", false, fused), assemble("gemmTA", true, fused)]);
  const fusedExports = fma && enableRelaxedSimd() ? build(true) : undefined;
  const exports = fusedExports ?? build(false);
  if (!exports) return undefined;
  return { gemm: exports.gemm as GemmFn, gemmTA: exports.gemmTA as GemmFn, fused: fusedExports !== undefined };
}

/** Whether gemm computes an [m, n] product: every tile full. */
export function gemmFits(m: number, n: number): boolean {
  return m > 0 && n > 0 && m % GEMM_ROWS === 0 && n % GEMM_COLS === 0;
}
