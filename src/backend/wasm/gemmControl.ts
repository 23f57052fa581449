// The shared control block between the main thread and a gemm worker: a request counter the worker
// waits on, a done counter the main thread waits on, whether the last request failed, and the
// product's arguments.
export type { WasmMemory } from "./assembler";

export const SLOT = { request: 0, done: 1, failed: 2, args: 3 } as const;
/** The arguments: whether A is given transposed (1 or 0), then GemmFn's eleven (a list of 0: dense). */
export const ARGS = 12;
/** Slots in one control block. */
export const SLOTS = SLOT.args + ARGS;
/** The request that ends a worker. */
export const STOP = -1;
