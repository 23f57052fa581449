// Runs gemmSimd's products on several threads: the calling thread and one worker per further core take
// chunks of rows (or of inner blocks) from one shared queue until none is left, so a thread the machine's
// load slows takes fewer. The workers share the backend's wasm memory (a SharedArrayBuffer when the
// backend is threaded) and wait on Atomics between products; they are unref'd, so they never keep the
// process alive. The workers are used only while they pay (ThreadPayoff).
import path from "node:path";
import { Worker } from "node:worker_threads";
import { runChunks, SLOT, SLOTS, STATE, STOP } from "./gemmControl";
import { Gemm, GEMM_FLAGS, GEMM_ROWS, gemmOn, ROW_STRIP } from "./gemmSimd";
import { WasmMemory } from "./assembler";

interface Helper {
  worker: Worker;
  slots: Int32Array;
  request: number;
}

/** One product: c = a·b (or aᵀ·b when `a` holds Aᵀ), + bias, relu; byte offsets, m ≥ 4 and n ≥ 8. */
export interface GemmRequest {
  transposedA: boolean;
  a: number;
  b: number;
  c: number;
  m: number;
  n: number;
  k: number;
  /** Byte offset of n floats to add to every row, or 0. */
  bias: number;
  relu: boolean;
  /**
   * Byte offset of 2·k int32s of scratch per thread, to skip the zeros of A (exact: a product whose
   * b holds NaN or ±∞ runs again without skipping); 0 for a dense product.
   */
  list: number;
  /** Walk each row of tiles across every strip of B (B small, A large) instead of each strip down every row. */
  rowsFirst?: boolean;
  /** With a list: skip every zero of a row-major A one row at a time (gemmRows; n ≥ 32) instead of four rows' common zeros. */
  byRow?: boolean;
  /**
   * 0, or (Aᵀ only, no bias or relu) the inner indices per block: each block's product goes to its own
   * [m, n] partial, `c` then holding ceil(k / kBlock) of them for the caller to sum. Blocks keep a long
   * inner dimension (a convolution's pixels) in cache, and the threads take whole blocks.
   */
  kBlock?: number;
}

export interface ThreadedGemm {
  threads: number;
  /** How the recent products fared on the workers. */
  payoff: ThreadPayoff;
  /** Whether the multiply-adds are fused (relaxed SIMD). */
  fused: boolean;
  run(request: GemmRequest): void;
  close(): Promise<void>;
}

/** Rows a chunk holds at least: the rows each strip of B is read for, when B does not stay in cache. */
export const CHUNK_ROWS = 64;
/** Chunks per thread at most: enough that a slowed thread holds the others up by one small chunk. */
export const CHUNKS_PER_THREAD = 8;

/**
 * How many chunks a product is cut into for `threads` threads: blocks of the inner dimension one by
 * one (kBlock > 0); else on one thread one chunk, and on more runs of whole row tiles of at least
 * CHUNK_ROWS rows, at least one per thread and at most CHUNKS_PER_THREAD, never more than the row tiles.
 */
export function productChunks(m: number, k: number, kBlock: number, threads: number): number {
  if (kBlock > 0) return Math.ceil(k / kBlock);
  if (threads === 1) return 1;
  const tiles = Math.floor(m / GEMM_ROWS);
  return Math.max(1, Math.min(tiles, Math.max(threads, Math.min(Math.floor(m / CHUNK_ROWS), CHUNKS_PER_THREAD * threads))));
}

/**
 * Whether a product's workers pay, learned per product shape from its wall times: each shape runs
 * once with the workers (their first run, which may start them, is not counted) and once without,
 * then the faster way, with the slower one tried again every EXPLORE-th run to follow the machine's
 * load. On a busy machine a worker may wait for a core longer than the calling thread takes for
 * the whole product.
 */
export class ThreadPayoff {
  static readonly EXPLORE = 16;
  private readonly byShape = new Map<string, { workers: number; solo: number; runs: number }>();

  /** Whether the next product of `shape` should use the workers. */
  useWorkers(shape: string): boolean {
    const s = this.byShape.get(shape);
    let workers = true;
    if (s) {
      s.runs++;
      if (Number.isNaN(s.workers)) workers = true;
      else if (Number.isNaN(s.solo)) workers = false;
      else workers = s.workers <= s.solo !== (s.runs % ThreadPayoff.EXPLORE === 0);
    }
    return workers;
  }

  /** Whether a product of `shape` has run before. */
  seen(shape: string): boolean {
    return this.byShape.has(shape);
  }

  /** Records a product of `shape` that took `ms`, with the workers or without. */
  record(shape: string, workers: boolean, ms: number): void {
    const s = this.byShape.get(shape);
    if (!s) {
      // The first run: the workers may still be compiling their module.
      this.byShape.set(shape, { workers: NaN, solo: NaN, runs: 0 });
      return;
    }
    const key = workers ? "workers" : "solo";
    s[key] = Number.isNaN(s[key]) ? ms : 0.5 * s[key] + 0.5 * ms;
  }
}

/**
 * Products over `threads` threads on `memory` (one when the memory is not shared, as with a
 * single-threaded backend), or undefined when this runtime lacks WebAssembly SIMD.
 */
export function threadedGemm(memory: WasmMemory, threads: number): ThreadedGemm | undefined {
  const gemm = gemmOn(memory);
  if (!gemm) return undefined;
  const shared = typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer;
  const helpers: Helper[] = [];
  const queue = new Int32Array(new SharedArrayBuffer(4));
  for (let t = 1; shared && t < threads; t++) {
    const control = new SharedArrayBuffer(SLOTS * 4);
    const worker = new Worker(path.join(__dirname, "gemmWorker.js"), { workerData: { memory, control, queue: queue.buffer, fma: gemm.fused } });
    worker.unref();
    helpers.push({ worker, slots: new Int32Array(control), request: 0 });
  }
  const payoff = new ThreadPayoff();
  return {
    threads: helpers.length + 1,
    fused: gemm.fused,
    payoff,
    run: (request) => {
      const shape = `${request.transposedA ? "t" : ""}${request.m}x${request.k}x${request.n}/${request.list ? (request.byRow ? "rows" : "sparse") : "dense"}`;
      const workers = helpers.length > 0 && payoff.useWorkers(shape);
      const start = performance.now();
      runOn(gemm, workers ? helpers : [], queue, request);
      if (helpers.length) payoff.record(shape, workers, performance.now() - start);
    },
    close: async () => {
      for (const h of helpers) {
        Atomics.store(h.slots, SLOT.request, STOP);
        Atomics.notify(h.slots, SLOT.request);
      }
      await Promise.all(helpers.map((h) => h.worker.terminate()));
    },
  };
}

function runOn(gemm: Gemm, helpers: Helper[], queue: Int32Array, r: GemmRequest): void {
  const sparse = r.list !== 0;
  const kBlock = r.kBlock ?? 0;
  if (kBlock && (!r.transposedA || r.bias || r.relu)) throw new Error("gemm: blocks of the inner dimension need Aᵀ and no bias or relu");
  if (r.byRow && (r.transposedA || r.n < ROW_STRIP)) throw new Error("gemm: skipping zeros by row needs an untransposed a and n ≥ 32");
  const flags = (r.bias ? GEMM_FLAGS.bias : 0) | (r.relu ? GEMM_FLAGS.relu : 0) | (r.rowsFirst ? GEMM_FLAGS.rowsFirst : 0) | (r.byRow && sparse ? GEMM_FLAGS.byRow : 0);
  const chunks = productChunks(r.m, r.k, kBlock, helpers.length + 1);
  const args = (thread: number) => [r.transposedA ? 1 : 0, r.a, r.b, r.c, r.m, r.n, r.k, chunks, r.bias, flags, sparse ? r.list + 8 * r.k * thread : 0, kBlock];
  Atomics.store(queue, 0, 0);
  const posted = chunks > 1 ? helpers : [];
  for (const [i, h] of posted.entries()) {
    h.slots.set(args(i + 1), SLOT.args);
    h.request = (h.request % 0x3fffffff) + 1; // positive, never STOP
    // The request before the state: a worker that claims the state then reads this request, so it
    // reports the request it ran. (A worker still awake from a withdrawn one that sees the new request
    // first, but not yet its state, skips it; the main thread then withdraws it too.)
    Atomics.store(h.slots, SLOT.request, h.request);
    Atomics.store(h.slots, SLOT.state, STATE.posted);
    Atomics.notify(h.slots, SLOT.request);
  }
  // While the workers wake, check that skipping zeros is exact here.
  const exact = !sparse || gemm.allFinite(r.b, r.k * r.n) === 1;
  const claimed: Helper[] = [];
  try {
    runChunks(gemm, args(0), queue);
  } finally {
    // Even when this thread trapped: the output must not be freed while a worker still writes it. A
    // worker that has not woken yet is withdrawn instead of waited for; the chunks are all taken.
    for (const h of posted) {
      if (Atomics.compareExchange(h.slots, SLOT.state, STATE.posted, STATE.idle) === STATE.posted) continue;
      claimed.push(h);
      for (let done = Atomics.load(h.slots, SLOT.done); done !== h.request; done = Atomics.load(h.slots, SLOT.done)) Atomics.wait(h.slots, SLOT.done, done);
    }
  }
  if (claimed.some((h) => Atomics.load(h.slots, SLOT.failed))) {
    throw new Error(`tsdl's matrix product failed in a worker thread for [${r.m}×${r.k}]·[${r.k}×${r.n}]; set TSDL_WASM_GEMM=0 to leave products to XNNPACK, and report this`);
  }
  if (!exact) runOn(gemm, helpers, queue, { ...r, list: 0 });
}
