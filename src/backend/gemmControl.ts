// The shared control block between the main thread and a gemm worker: a request counter the worker
// waits on, a done counter the main thread waits on, whether the last request failed, and the
// product's arguments.
export type { WasmMemory } from "./wasmAssembler";

export const SLOT = { request: 0, done: 1, failed: 2, args: 3 } as const;
/** The arguments: which product (GEMM_OP bits), then GemmFn's eleven. */
export const ARGS = 12;
/** Slots in one control block. */
export const SLOTS = SLOT.args + ARGS;
/** The request that ends a worker. */
export const STOP = -1;
/** Which product a request runs. */
export const GEMM_OP = { transposedA: 1, sparse: 2 } as const;
