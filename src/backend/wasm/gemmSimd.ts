// Matrix products in WebAssembly SIMD over row-major factors, with no packing: C = A·B in 4×8
// tiles (eight accumulators: four rows of A, each broadcast, times two vectors of a row of B).
// XNNPACK packs B before every product it has not seen; in training that is every step, since
// the optimizer replaces the weights. `gemmTA` reads A transposed where it lies (X^T·dY, the
// weight gradient of a Dense layer): four rows of A^T at one column are four adjacent floats.
// With relaxed SIMD each multiply-add is one fused instruction, about 1.4× the speed of the
// separate multiply and add that XNNPACK's wasm build is limited to. The sparse forms skip the
// steps where a tile's four entries of A are all zero: an image's background, ReLU's zeros.
// This module imports nothing but the assembler, the options and node:v8, so a worker thread can load it too.
import v8 from "node:v8";

import { tuningOptions } from "./options";
import { AssembledFunction, assembleModule, elementAt, forRange, get, I32, i32, instantiateOn, OP, set, uleb, V128, WasmMemory } from "./assembler";

/**
 * gemm(a, b, c, m, n, k, rowFrom, rowTo, bias, flags, list): rows [rowFrom, rowTo) of c = a·b, then
 * + bias (flags & BIAS) and max(·, 0) (flags & RELU); flags & ROWS_FIRST chooses the dense loop order. Byte offsets; needs rowTo − rowFrom ≥ 4 and
 * n ≥ 8 (a last tile overlaps the one before it). For the Aᵀ forms, `a` holds Aᵀ: a [k, m] matrix. The sparse forms
 * skip every p at which a tile's four entries of A are all ±0, listing the others at `list`
 * (2·k int32s of scratch per thread); that is exact only when b is all finite (0·∞ is NaN).
 */
export type GemmFn = (a: number, b: number, c: number, m: number, n: number, k: number, rowFrom: number, rowTo: number, bias: number, flags: number, list: number) => void;

export interface Gemm {
  gemm: GemmFn;
  gemmTA: GemmFn;
  gemmSparse: GemmFn;
  gemmTASparse: GemmFn;
  /** A row-major A with many zeros, one row at a time, every zero skipped (ROW_SPARSE); n ≥ 32. */
  gemmRows: GemmFn;
  /** allFinite(x, count): 1 when the `count` floats at x (count ≡ 0 mod 8) hold no NaN or ±∞. */
  allFinite: (x: number, count: number) => number;
  /** Whether the multiply-adds are fused (relaxed SIMD). */
  fused: boolean;
}

export const GEMM_ROWS = 4;
export const GEMM_COLS = 8;
/**
 * bias and relu: the epilogue; rowsFirst: a dense plain product walks each row of tiles across every
 * strip of B (for a B that stays in L2); byRow: a sparse plain product skips A's zeros one row at a time (gemmRows).
 */
export const GEMM_FLAGS = { bias: 1, relu: 2, rowsFirst: 4, byRow: 8 } as const;

const [A, B, C, M, N, K, FROM, TO, BIAS, FLAGS, LIST] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** LP walks the list of nonzero steps up to LIST_END; DENSE_RUN counts the rows of tiles in a row found dense. */
const [I, J, P, BP, AP, KB, NB, MB, LP, LIST_END, DENSE_RUN] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const ROW = [22, 23, 24, 25];
const ROW_START = [26, 27, 28, 29];
/** The tile's first row and column: I and J, except that the last tile ends at the last row or column. */
const [TI, TJ] = [30, 31];
/** Where the sparse steps start from: Aᵀ's tile at p = 0 and B's column strip at p = 0; LEN counts the listed steps. */
const [A_START, B_START, LEN] = [32, 33, 34];
const I32_LOCALS = 24;
/** Rows of tiles found dense in a row after which a sparse product stops listing nonzero steps. */
const DENSE_ROWS = 8;
const ACC = [35, 36, 37, 38, 39, 40, 41, 42];
const [B0, B1, S] = [43, 44, 45];
const V128_LOCALS = 11;
const BV = [B0, B1];

const flat = (...parts: (readonly number[] | number)[]): number[] => parts.flatMap((p) => (typeof p === "number" ? [p] : [...p]));
const zero = flat(OP.f32Const, 0, 0, 0, 0, OP.f32x4Splat);

/** acc += s · b (locals): one fused instruction with relaxed SIMD, else a multiply and an add. */
const multiplyAddInto = (fused: boolean, acc: number, s: number, b: number): number[] =>
  fused ? flat(get(s), get(b), get(acc), OP.f32x4RelaxedMadd, set(acc)) : flat(get(acc), get(s), get(b), OP.f32x4Mul, OP.f32x4Add, set(acc));

/**
 * The epilogue: accumulator `acc[i]` holds vector `vector(i)` of its row, from column TJ (a local) on;
 * + bias at those columns (flags & BIAS), then max(·, 0) (flags & RELU).
 */
function biasAndRelu(accs: readonly number[], vector: (i: number) => number, tj: number): number[] {
  return flat(
    get(FLAGS), i32(GEMM_FLAGS.bias), OP.i32And, OP.if,
    ...accs.map((acc, i) => flat(get(acc), elementAt(BIAS, get(tj)), OP.v128Load, 4, ...uleb(16 * vector(i)), OP.f32x4Add, set(acc))),
    OP.end,
    get(FLAGS), i32(GEMM_FLAGS.relu), OP.i32And, OP.if,
    ...accs.map((acc) => flat(get(acc), zero, OP.f32x4Max, set(acc))),
    OP.end,
  );
}

/**
 * t = min(i, end − size): a last row or column of tiles (or strip) that would run past the end is moved
 * back onto the one before, whose overlap it computes again, the same way.
 */
const lastTile = (t: number, i: number, end: number[], size: number): number[] =>
  flat(get(i), ...end, i32(-size), OP.i32Add, get(i), ...end, i32(-size), OP.i32Add, OP.i32LtU, OP.select, set(t));

interface Variant {
  transposedA: boolean;
  fused: boolean;
  sparse: boolean;
}

function assemble(name: string, { transposedA, fused, sparse }: Variant): AssembledFunction {
  const madd = (acc: number, s: number, b: number) => multiplyAddInto(fused, acc, s, b);
  const loadB = BV.map((bv, v) => flat(get(BP), OP.v128Load, 4, ...uleb(16 * v), set(bv)));
  /** Broadcasts A's entry of tile row r (pushed by `at`, plus `offset` bytes) and adds its products with B's two vectors. */
  const rowTimesB = (r: number, at: number[], offset: number) => flat(at, OP.v128Load32Splat, 2, ...uleb(offset), set(S), ...BV.map((bv, v) => madd(ACC[2 * r + v]!, S, bv)));
  // AP (Aᵀ) or ROW[r] (A) point at column p of the tile's rows; BP at row p of its column strip.
  const multiplyAdd = flat(...ROW.map((row, r) => (transposedA ? rowTimesB(r, get(AP), 4 * r) : rowTimesB(r, get(row), 0))));
  const rowStarts = transposedA
    ? flat(elementAt(A, get(TI)), set(AP))
    : flat(...ROW.map((row, r) => flat(get(A), get(TI), i32(r), OP.i32Add, get(KB), OP.i32Mul, OP.i32Add, set(row))));
  const bStrip = flat(elementAt(B, get(TJ)), set(BP));
  // Dense: every p in order, pointers stepped (unrolling made V8's code slower). Sparse: the listed p only.
  const denseSteps = flat(
    rowStarts,
    bStrip,
    forRange(P, i32(0), get(K), 1, flat(
      ...loadB,
      multiplyAdd,
      transposedA ? flat(get(AP), get(MB), OP.i32Add, set(AP)) : flat(...ROW.map((row) => flat(get(row), i32(4), OP.i32Add, set(row)))),
      get(BP), get(NB), OP.i32Add, set(BP),
    )),
  );
  // The list holds, per nonzero p, the byte offsets of B's row p and of A's (or Aᵀ's) entries at p.
  const sparseSteps = flat(
    bStrip, get(BP), set(B_START),
    forRange(LP, get(LIST), get(LIST_END), 8, flat(
      get(B_START), get(LP), OP.i32Load, 2, 0, OP.i32Add, set(BP),
      get(LP), OP.i32Load, 2, 4, set(P),
      ...loadB,
      transposedA
        ? flat(get(A_START), get(P), OP.i32Add, set(AP), multiplyAdd)
        : flat(...ROW.map((_, r) => rowTimesB(r, flat(get(ROW_START[r]!), get(P), OP.i32Add), 0))),
    )),
  );
  // The p at which the tile's four entries of A are not all ±0 (shifting out the sign bit), listed
  // at LIST without branches: store p's offsets, advance only when it counts.
  const nonzero = transposedA
    ? flat(get(AP), OP.v128Load, 2, 0, i32(1), OP.i32x4Shl, OP.v128AnyTrue, get(AP), get(MB), OP.i32Add, set(AP))
    : flat(
        ...ROW.map((row, r) => flat(get(row), OP.i32Load, 2, 0, ...(r > 0 ? OP.i32Or : []))),
        i32(1), OP.i32Shl, i32(0), OP.i32Ne,
        ...ROW.map((row) => flat(get(row), i32(4), OP.i32Add, set(row))),
      );
  const listNonzero = flat(
    rowStarts,
    ...(transposedA ? flat(get(AP), set(A_START)) : ROW.map((row, r) => flat(get(row), set(ROW_START[r]!)))),
    get(LIST), set(LIST_END),
    forRange(P, i32(0), get(K), 1, flat(
      get(LIST_END), get(P), get(NB), OP.i32Mul, OP.i32Store, 2, 0,
      get(LIST_END), get(P), transposedA ? get(MB) : i32(4), OP.i32Mul, OP.i32Store, 2, 4,
      get(LIST_END), nonzero, i32(3), OP.i32Shl, OP.i32Add, set(LIST_END),
    )),
    get(LIST_END), get(LIST), OP.i32Sub, i32(3), OP.i32ShrU, set(LEN),
  );
  // ACC holds the tile's rows two vectors each.
  const epilogue = biasAndRelu(ACC, (i) => i % 2, TJ);
  const store = flat(
    ...ROW.flatMap((_, r) =>
      BV.map((_, v) => flat(elementAt(C, flat(get(TI), i32(r), OP.i32Add, get(N), OP.i32Mul, get(TJ), OP.i32Add)), get(ACC[2 * r + v]!), OP.v128Store, 4, ...uleb(16 * v))),
    ),
  );
  const tile = (steps: number[]) => flat(...ACC.map((acc) => flat(zero, set(acc))), steps, epilogue, store);
  const rows = (body: number[]) => forRange(I, get(FROM), get(TO), GEMM_ROWS, flat(lastTile(TI, I, get(TO), GEMM_ROWS), body));
  const cols = (body: number[]) => forRange(J, i32(0), get(N), GEMM_COLS, flat(lastTile(TJ, J, get(N), GEMM_COLS), body));
  const strips = (steps: number[]) => cols(tile(steps));
  // A dense plain product walks a column strip of B (k × 8 floats) down all its rows of tiles, so
  // the strip stays in L1; B itself (1.6 MB for Dense(784→512)) would not stay in L2 row by row.
  // A sparse one lists a row of tiles' nonzero p once, then walks every strip with that list,
  // unless more than 7/8 of them are nonzero: then the dense steps, without indirection, win.
  // With rowsFirst, a row of tiles (4 rows of A) stays in L1 across every strip instead: B small
  // enough to stay in L2 (a convolution's filter), A too large for it (its im2col rows).
  // After DENSE_ROWS rows of tiles in a row were dense (a convolution's activations), the rest take
  // the dense steps without listing.
  const body = sparse
    ? flat(i32(0), set(DENSE_RUN), rows(flat(
        get(DENSE_RUN), i32(DENSE_ROWS), OP.i32GeU,
        OP.if, strips(denseSteps), OP.else,
        listNonzero,
        get(LEN), i32(8), OP.i32Mul, get(K), i32(7), OP.i32Mul, OP.i32GtU,
        OP.if, get(DENSE_RUN), i32(1), OP.i32Add, set(DENSE_RUN), strips(denseSteps), OP.else, i32(0), set(DENSE_RUN), strips(sparseSteps), OP.end,
        OP.end,
      )))
    : transposedA
      ? rows(strips(denseSteps))
      : flat(get(FLAGS), i32(GEMM_FLAGS.rowsFirst), OP.i32And, OP.if, rows(strips(denseSteps)), OP.else, cols(rows(tile(denseSteps))), OP.end);
  return {
    name,
    params: Array<number>(11).fill(I32),
    locals: [
      [I32_LOCALS, I32],
      [V128_LOCALS, V128],
    ],
    body: flat(get(K), i32(2), OP.i32Shl, set(KB), get(N), i32(2), OP.i32Shl, set(NB), get(M), i32(2), OP.i32Shl, set(MB), body),
  };
}

/** Columns of the row-sparse product's strips: eight vectors, eight multiply-add chains in flight. */
export const ROW_STRIP = 32;

/**
 * gemmRows(a, b, c, m, n, k, rowFrom, rowTo, bias, flags, list): rows [rowFrom, rowTo) of c = a·b for a
 * row-major A with many zeros, one row at a time: the row's nonzero entries are listed at `list`
 * (each with B's row offset, 2·k int32s), then every strip of ROW_STRIP columns adds only their
 * products. Where a 4×8 tile skips a step only when four rows are all zero, this skips every zero:
 * an output gradient after ReLU and max pooling is 86% zeros but only ~60% zero quads. Needs n ≥ 32;
 * the last strip overlaps the one before. Exact only when b is all finite, as the other sparse forms.
 */
function assembleRows(fused: boolean): AssembledFunction {
  const [ROW_A, STRIP, TJ_R, VAL, I_R, J_R, P_R, LP_R, END_R, KB_R, NB_R, BP_R] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
  const ACC_R = [23, 24, 25, 26, 27, 28, 29, 30];
  const S_R = 31;
  const B_R = 32;
  const strip = flat(
    lastTile(TJ_R, J_R, get(N), ROW_STRIP),
    ...ACC_R.map((acc) => flat(zero, set(acc))),
    elementAt(B, get(TJ_R)), set(STRIP),
    forRange(LP_R, get(LIST), get(END_R), 8, flat(
      get(LP_R), OP.v128Load32Splat, 2, 0, set(S_R),
      get(STRIP), get(LP_R), OP.i32Load, 2, 4, OP.i32Add, set(BP_R),
      ...ACC_R.map((acc, v) => flat(get(BP_R), OP.v128Load, 4, ...uleb(16 * v), set(B_R), multiplyAddInto(fused, acc, S_R, B_R))),
    )),
    biasAndRelu(ACC_R, (v) => v, TJ_R),
    ...ACC_R.map((acc, v) => flat(elementAt(C, flat(get(I_R), get(N), OP.i32Mul, get(TJ_R), OP.i32Add)), get(acc), OP.v128Store, 4, ...uleb(16 * v))),
  );
  return {
    name: "gemmRows",
    params: Array<number>(11).fill(I32),
    locals: [[12, I32], [10, V128]],
    body: flat(
      get(K), i32(2), OP.i32Shl, set(KB_R), get(N), i32(2), OP.i32Shl, set(NB_R),
      forRange(I_R, get(FROM), get(TO), 1, flat(
        get(A), get(I_R), get(KB_R), OP.i32Mul, OP.i32Add, set(ROW_A),
        // List the row's nonzero entries (the sign bit shifted out), without branches: store, advance only when it counts.
        get(LIST), set(END_R),
        forRange(P_R, i32(0), get(K), 1, flat(
          get(ROW_A), OP.i32Load, 2, 0, set(VAL),
          get(END_R), get(VAL), OP.i32Store, 2, 0,
          get(END_R), get(P_R), get(NB_R), OP.i32Mul, OP.i32Store, 2, 4,
          get(END_R), get(VAL), i32(1), OP.i32Shl, i32(0), OP.i32Ne, i32(3), OP.i32Shl, OP.i32Add, set(END_R),
          get(ROW_A), i32(4), OP.i32Add, set(ROW_A),
        )),
        forRange(J_R, i32(0), get(N), ROW_STRIP, strip),
      )),
    ),
  };
}

/** allFinite(x, count): x − x is 0 for finite x and NaN otherwise; NaN survives the sums. */
const ALL_FINITE: AssembledFunction = (() => {
  const [X, COUNT, END] = [0, 1, 2];
  const [S0, S1, V] = [3, 4, 5];
  const diff = (offset: number, acc: number) => flat(get(acc), get(X), OP.v128Load, 4, offset, set(V), get(V), get(V), OP.f32x4Sub, OP.f32x4Add, set(acc));
  return {
    name: "allFinite",
    params: [I32, I32],
    results: [I32],
    locals: [
      [1, I32],
      [3, V128],
    ],
    body: flat(
      elementAt(X, get(COUNT)), set(END),
      zero, set(S0), zero, set(S1),
      OP.block, OP.loop, get(X), get(END), OP.i32GeU, OP.brIf, 1, diff(0, S0), diff(16, S1), get(X), i32(32), OP.i32Add, set(X), OP.br, 0, OP.end, OP.end,
      get(S0), get(S1), OP.f32x4Add, set(S0),
      get(S0), get(S0), OP.f32x4Eq, OP.i32x4AllTrue,
    ),
  };
})();

const validate = (bytes: Uint8Array): boolean => (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(bytes);
let relaxedSimd: boolean | undefined;

/**
 * Whether this runtime takes relaxed SIMD. V8 before 12 (Node 20) has it behind a flag, which this
 * turns on, process-wide, only when a module using it does not validate without; Node 22 has it on.
 */
function relaxedSimdAvailable(): boolean {
  if (relaxedSimd === undefined) {
    const probe = assembleModule([assemble("gemm", { transposedA: false, fused: true, sparse: false })], { shared: false });
    relaxedSimd = validate(probe);
    if (!relaxedSimd && Number(process.versions.v8.split(".")[0]) < 12) {
      v8.setFlagsFromString("--experimental-wasm-relaxed-simd");
      relaxedSimd = validate(probe);
    }
  }
  return relaxedSimd;
}

/** Whether gemmOn will fuse multiply-adds: relaxed SIMD is available and not switched off (the fusedMultiplyAdd option). */
export function fusedMultiplyAdd(): boolean {
  return tuningOptions().fusedMultiplyAdd && relaxedSimdAvailable();
}

function functions(fused: boolean): AssembledFunction[] {
  return [
    assemble("gemm", { transposedA: false, fused, sparse: false }),
    assemble("gemmTA", { transposedA: true, fused, sparse: false }),
    assemble("gemmSparse", { transposedA: false, fused, sparse: true }),
    assemble("gemmTASparse", { transposedA: true, fused, sparse: true }),
    assembleRows(fused),
    ALL_FINITE,
  ];
}

/**
 * The products compiled against `memory`: with fused multiply-adds when the runtime has relaxed
 * SIMD, else with separate ones; undefined when it lacks WebAssembly SIMD altogether.
 */
export function gemmOn(memory: WasmMemory, fma = tuningOptions().fusedMultiplyAdd): Gemm | undefined {
  const build = (fused: boolean) => instantiateOn(memory, fused ? "gemm-fma" : "gemm", () => functions(fused));
  const fusedExports = fma && relaxedSimdAvailable() ? build(true) : undefined;
  const e = fusedExports ?? build(false);
  if (!e) return undefined;
  return {
    gemm: e.gemm as GemmFn,
    gemmTA: e.gemmTA as GemmFn,
    gemmSparse: e.gemmSparse as GemmFn,
    gemmTASparse: e.gemmTASparse as GemmFn,
    gemmRows: e.gemmRows as GemmFn,
    allFinite: e.allFinite as Gemm["allFinite"],
    fused: fusedExports !== undefined,
  };
}

/** The product function for a layout of A, dense or skipping zeros (by row: every zero of a row-major A, flags & BY_ROW). */
export function productFn(gemm: Gemm, transposedA: boolean, sparse: boolean, byRow = false): GemmFn {
  if (sparse && byRow && !transposedA) return gemm.gemmRows;
  if (sparse) return transposedA ? gemm.gemmTASparse : gemm.gemmSparse;
  return transposedA ? gemm.gemmTA : gemm.gemm;
}

/** Whether gemm computes an [m, n] product: at least one whole 4×8 tile. */
export function gemmFits(m: number, n: number): boolean {
  return m >= GEMM_ROWS && n >= GEMM_COLS;
}
