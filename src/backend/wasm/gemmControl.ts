// What the main thread and a gemm worker share: the control block (a request counter the worker waits
// on, a done counter the main thread waits on, whether the last request failed, and the part's
// arguments) and how one thread runs its part of a product.
import { Gemm, productFn } from "./gemmSimd";

export type { WasmMemory } from "./assembler";

export const SLOT = { request: 0, done: 1, failed: 2, args: 3 } as const;
/**
 * A part's arguments: whether A is given transposed (1 or 0), GemmFn's eleven (a list of 0: dense),
 * then kBlock: 0 for rows [from, to) of one product; else from and to count blocks of kBlock inner
 * indices, each a product of its own into the [m, n] partial at c + block · m · n floats.
 */
export const ARGS = 13;
/** Slots in one control block. */
export const SLOTS = SLOT.args + ARGS;
/** The request that ends a worker. */
export const STOP = -1;

/** Runs one thread's part of a product, given as the ARGS numbers. */
export function runPart(gemm: Gemm, args: ArrayLike<number>): void {
  const [transposedA, a, b, c, m, n, k, from, to, bias, flags, list, kBlock] = Array.from(args) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number, number];
  const product = productFn(gemm, transposedA === 1, list !== 0);
  if (kBlock === 0) return product(a, b, c, m, n, k, from, to, bias, flags, list);
  // Aᵀ and B are [k, m] and [k, n]: a block of inner indices is a block of their rows.
  for (let block = from; block < to; block++) {
    const p = block * kBlock;
    product(a + 4 * p * m, b + 4 * p * n, c + 4 * block * m * n, m, n, Math.min(kBlock, k - p), 0, m, 0, flags, list);
  }
}
