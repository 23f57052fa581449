// Small matrix products on the calling thread, in WebAssembly SIMD. A Dense(512→10) layer
// makes three per training step ([128,512]·[512,10], its gradients [128,10]·[10,512] and
// [512,128]·[128,10]): ~0.7 M multiply-adds each, which XNNPACK packs afresh and splits
// over its thread pool, waiting for a worker to wake (up to ~0.7 ms each on a busy
// machine). Long inner dimensions run as dot products, short ones (k = 10) as rows of
// scaled-row sums, where XNNPACK's tiles are mostly overhead.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, heapMemory, KernelFn, TensorInfo, transposeLastTwo } from "./heap";
import { matrixProduct } from "./productArgs";
import { AssembledFunction, elementAt, F32, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";

/** Products of at most this many multiply-adds, with one matrix per operand, run here. */
export const SMALL_PRODUCT = 1 << 21;
/** Inner dimensions from this length on run as dot products. */
const DOT_MIN_K = 16;

/** dot(a, bt, out, m, n, k, bias): out[i,j] = Σ_p a[i,p]·bt[j,p] (+ bias[j] when bias ≠ 0); row-major, byte offsets. */
export type DotFn = (a: number, bt: number, out: number, m: number, n: number, k: number, bias: number) => void;
/** rows(a, b, out, m, n, k): out[i,:] = Σ_p a[i,p]·b[p,:]; row-major, byte offsets. */
export type RowsFn = (a: number, b: number, out: number, m: number, n: number, k: number) => void;

const [A, B, OUT, M, N, K, BIAS] = [0, 1, 2, 3, 4, 5, 6];
const [I, J, P, K4, ROW_A, ROW_B, N4, K16_OR_N16] = [7, 8, 9, 10, 11, 12, 13, 14];
const [S] = [15];
const ACC = [16, 17, 18, 19];
const loadV = [...OP.v128Load, 4, 0];
const loadF = [...OP.f32Load, 2, 0];
const storeF = [...OP.f32Store, 2, 0];
const zeroV = [...OP.f32Const, 0, 0, 0, 0, ...OP.f32x4Splat];
const lane = (l: number) => [0xfd, 0x1f, l];
/** acc += x·y for the v128 instructions x and y. */
const madd = (acc: number, x: number[], y: number[]) => [...get(acc), ...x, ...y, ...OP.f32x4Mul, ...OP.f32x4Add, ...set(acc)];
const aAt = (dp: number) => [...elementAt(A, [...get(ROW_A), ...get(P), ...OP.i32Add]), ...loadV.slice(0, -1), 4 * dp];
const btAt = (dp: number) => [...elementAt(B, [...get(ROW_B), ...get(P), ...OP.i32Add]), ...loadV.slice(0, -1), 4 * dp];

// Four independent accumulators over p, so that the adds do not wait on one another.
const DOT: AssembledFunction = {
  name: "dot",
  params: [I32, I32, I32, I32, I32, I32, I32],
  locals: [[8, I32], [1, F32], [4, V128]],
  body: [
    ...get(K), ...i32(-4), ...OP.i32And, ...set(K4),
    ...get(K), ...i32(-16), ...OP.i32And, ...set(K16_OR_N16),
    ...forRange(I, i32(0), get(M), 1, [
      ...get(I), ...get(K), ...OP.i32Mul, ...set(ROW_A),
      ...forRange(J, i32(0), get(N), 1, [
        ...get(J), ...get(K), ...OP.i32Mul, ...set(ROW_B),
        ...ACC.flatMap((acc) => [...zeroV, ...set(acc)]),
        ...forRange(P, i32(0), get(K16_OR_N16), 16, ACC.flatMap((acc, q) => madd(acc, aAt(4 * q), btAt(4 * q)))),
        ...forRange(P, get(K16_OR_N16), get(K4), 4, madd(ACC[0]!, aAt(0), btAt(0))),
        ...get(ACC[0]!), ...get(ACC[1]!), ...OP.f32x4Add, ...get(ACC[2]!), ...get(ACC[3]!), ...OP.f32x4Add, ...OP.f32x4Add, ...set(ACC[0]!),
        ...get(ACC[0]!), ...lane(0), ...get(ACC[0]!), ...lane(1), ...OP.f32Add, ...get(ACC[0]!), ...lane(2), ...get(ACC[0]!), ...lane(3), ...OP.f32Add, ...OP.f32Add, ...set(S),
        ...forRange(P, get(K4), get(K), 1, [
          ...get(S),
          ...elementAt(A, [...get(ROW_A), ...get(P), ...OP.i32Add]), ...loadF,
          ...elementAt(B, [...get(ROW_B), ...get(P), ...OP.i32Add]), ...loadF,
          ...OP.f32Mul, ...OP.f32Add, ...set(S),
        ]),
        // out[i, j] = s (+ bias[j])
        ...OP.block, ...get(BIAS), ...OP.i32Eqz, ...OP.brIf, 0, ...get(S), ...elementAt(BIAS, get(J)), ...loadF, ...OP.f32Add, ...set(S), ...OP.end,
        ...elementAt(OUT, [...get(I), ...get(N), ...OP.i32Mul, ...get(J), ...OP.i32Add]), ...get(S), ...storeF,
      ]),
    ]),
  ],
};

/** Pushes the address of b[p, j + dj]. */
const bAt = (dj: number) => [...elementAt(B, [...get(P), ...get(N), ...OP.i32Mul, ...get(J), ...OP.i32Add]), ...loadV.slice(0, -1), 4 * dj];
const aSplat = [...elementAt(A, [...get(ROW_A), ...get(P), ...OP.i32Add]), ...OP.v128Load32Splat, 2, 0];
const outAt = (dj: number) => [...elementAt(OUT, [...get(I), ...get(N), ...OP.i32Mul, ...get(J), ...OP.i32Add]), ...(dj ? [...i32(4 * dj), ...OP.i32Add] : [])];

// Sixteen columns (four accumulators) at a time, then four, then one.
const ROWS: AssembledFunction = {
  name: "rows",
  params: [I32, I32, I32, I32, I32, I32],
  locals: [[9, I32], [1, F32], [4, V128]],
  body: [
    ...get(N), ...i32(-4), ...OP.i32And, ...set(N4),
    ...get(N), ...i32(-16), ...OP.i32And, ...set(K16_OR_N16),
    ...forRange(I, i32(0), get(M), 1, [
      ...get(I), ...get(K), ...OP.i32Mul, ...set(ROW_A),
      ...forRange(J, i32(0), get(K16_OR_N16), 16, [
        ...ACC.flatMap((acc) => [...zeroV, ...set(acc)]),
        ...forRange(P, i32(0), get(K), 1, ACC.flatMap((acc, q) => madd(acc, aSplat, bAt(4 * q)))),
        ...ACC.flatMap((acc, q) => [...outAt(4 * q), ...get(acc), ...OP.v128Store, 4, 0]),
      ]),
      ...forRange(J, get(K16_OR_N16), get(N4), 4, [
        ...zeroV, ...set(ACC[0]!),
        ...forRange(P, i32(0), get(K), 1, madd(ACC[0]!, aSplat, bAt(0))),
        ...outAt(0), ...get(ACC[0]!), ...OP.v128Store, 4, 0,
      ]),
      ...forRange(J, get(N4), get(N), 1, [
        ...OP.f32Const, 0, 0, 0, 0, ...set(S),
        ...forRange(P, i32(0), get(K), 1, [
          ...get(S),
          ...elementAt(A, [...get(ROW_A), ...get(P), ...OP.i32Add]), ...loadF,
          ...elementAt(B, [...get(P), ...get(N), ...OP.i32Mul, ...get(J), ...OP.i32Add]), ...loadF,
          ...OP.f32Mul, ...OP.f32Add, ...set(S),
        ]),
        ...outAt(0), ...get(S), ...storeF,
      ]),
    ]),
  ],
};

/** The two loops compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function smallMatMulSimd(memory: WasmMemory): { dot: DotFn; rows: RowsFn } | undefined {
  const compiled = instantiateOn(memory, "smallMatMul", () => [DOT, ROWS]);
  return compiled && { dot: compiled.dot as DotFn, rows: compiled.rows as RowsFn };
}

/**
 * Wraps a BatchMatMul or _FusedMatMul kernel: float32 products of two matrices (batch 1)
 * with at most SMALL_PRODUCT multiply-adds, and no fused activation other than a bias,
 * run in the SIMD loops above; everything else goes to `original`.
 */
export function smallProduct(original: KernelFn): KernelFn {
  const tsdlSmallProduct: KernelFn = (args) => {
    const product = matrixProduct(args);
    if (!product || product.activation !== "linear") return original(args);
    const { a, b, bias, transposeA: ta, transposeB: tb, m, k, n, outShape } = product;
    const memory = heapMemory(args.backend);
    const simd = m * k * n <= SMALL_PRODUCT && m * k * n > 0 && (!bias || bias.shape[0] === n) && memory ? smallMatMulSimd(memory) : undefined;
    if (!simd) return original(args);
    const backend = args.backend as unknown as HeapBackend;
    const temporaries: TensorInfo[] = [];
    const temporary = (x: TensorInfo) => (temporaries.push(x), x);
    const out = backend.makeOutput(outShape, "float32");
    const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    try {
      // Dot products want a as [m,k] and b as [n,k]; row sums want a as [m,k] and b as [k,n].
      const a2 = ta ? temporary(transposeLastTwo(a, args.backend)) : a;
      if (k >= DOT_MIN_K || bias) {
        const bt = tb ? b : temporary(transposeLastTwo(b, args.backend));
        simd.dot(at(a2), at(bt), at(out), m, n, k, bias ? at(bias) : 0);
      } else {
        const b2 = tb ? temporary(transposeLastTwo(b, args.backend)) : b;
        simd.rows(at(a2), at(b2), at(out), m, n, k);
      }
      return out;
    } finally {
      for (const t of temporaries) args.backend.disposeData(t.dataId);
    }
  };
  return tsdlSmallProduct;
}
