// What the main thread and a gemm worker share: the control block (a request counter the worker waits
// on, the request's state, a done counter the main thread waits on, whether the last request failed,
// and the product's arguments), the queue of a product's chunks, and how one thread takes chunks from it.
import { Gemm, GEMM_FLAGS, GEMM_ROWS, productFn } from "./gemmSimd";

export type { WasmMemory } from "./assembler";

export const SLOT = { request: 0, state: 1, done: 2, failed: 3, args: 4 } as const;
/**
 * A request's state: posted by the main thread, claimed by the worker when it wakes, or withdrawn by
 * the main thread when it has taken every chunk itself before the worker woke (on a busy machine a
 * worker may wait for a core longer than the whole product takes).
 */
export const STATE = { idle: 0, posted: 1, claimed: 2 } as const;
/**
 * A product's arguments: whether A is given transposed (1 or 0), a, b, c, m, n, k, the number of
 * chunks, bias, flags, this thread's list (0: dense), then kBlock: 0 for chunks of rows; else the
 * chunks are runs of blocks of kBlock inner indices, each block a product of its own into the [m, n]
 * partial at c + block · m · n floats.
 */
export const ARGS = 12;
/** Slots in one control block. */
export const SLOTS = SLOT.args + ARGS;
/** The request that ends a worker. */
export const STOP = -1;

/** Chunk `i` of `chunks` over `units` whole units, as even as they come: [from, to) in units. */
function chunkRange(i: number, chunks: number, units: number): [number, number] {
  return [Math.round((i * units) / chunks), Math.round(((i + 1) * units) / chunks)];
}

/** Rows [from, to) of chunk `i`: whole tiles, the last chunk also taking the rows past the last whole tile. Needs m ≥ 4. */
export function chunkRows(i: number, chunks: number, m: number): [number, number] {
  const [from, to] = chunkRange(i, chunks, Math.floor(m / GEMM_ROWS));
  return [from * GEMM_ROWS, i === chunks - 1 ? m : to * GEMM_ROWS];
}

/**
 * Takes chunks of a product from `queue` (the next chunk's index, shared by every thread on it) and
 * computes them until none is left: how each thread runs its share, so that a thread slowed by the
 * machine's load takes fewer chunks instead of holding the others up.
 */
export function runChunks(gemm: Gemm, args: ArrayLike<number>, queue: Int32Array): void {
  const [transposedA, a, b, c, m, n, k, chunks, bias, flags, list, kBlock] = Array.from(args) as number[] as [number, number, number, number, number, number, number, number, number, number, number, number];
  const product = productFn(gemm, transposedA === 1, list !== 0, (flags & GEMM_FLAGS.byRow) !== 0);
  for (let i = Atomics.add(queue, 0, 1); i < chunks; i = Atomics.add(queue, 0, 1)) {
    if (kBlock === 0) {
      const [from, to] = chunkRows(i, chunks, m);
      product(a, b, c, m, n, k, from, to, bias, flags, list);
      continue;
    }
    // Aᵀ and B are [k, m] and [k, n]: a block of inner indices is a block of their rows.
    const [from, to] = chunkRange(i, chunks, Math.ceil(k / kBlock));
    for (let block = from; block < to; block++) {
      const p = block * kBlock;
      product(a + 4 * p * m, b + 4 * p * n, c + 4 * block * m * n, m, n, Math.min(kBlock, k - p), 0, m, 0, flags, list);
    }
  }
}
