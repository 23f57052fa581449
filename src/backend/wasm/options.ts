// How tsdl tunes the wasm backend, in one object: read from the environment once, when the backend is
// tuned (or a kernel first asks), so a kernel never reads process.env on its own. The switches other
// than `threads` exist to measure what each part brings.
// This module imports nothing, so a worker thread can load it too.

export interface WasmTuningOptions {
  /** Tune at all (TSDL_WASM_TUNE=0: the wasm backend as shipped). */
  tune: boolean;
  /** Threads for tsdl's products (TSDL_WASM_THREADS); undefined: every logical core. */
  threads: number | undefined;
  /** Threads for XNNPACK's pool (TSDL_WASM_XNNPACK_THREADS); undefined: 1. */
  xnnpackThreads: number | undefined;
  /** Large products in tsdl's own SIMD kernels (TSDL_WASM_GEMM=0: XNNPACK's). */
  ownGemm: boolean;
  /** Fused multiply-adds through relaxed SIMD when the runtime has it (TSDL_WASM_FMA=0: separate). */
  fusedMultiplyAdd: boolean;
  /** Forward convolutions as im2col products on tsdl's products (TSDL_WASM_CONV=0: XNNPACK's convolution). */
  ownConv: boolean;
  /** Large products skip the zeros of their left factor (TSDL_WASM_SPARSE=0: multiply them). */
  skipZeros: boolean;
  /** XNNPACK packs the smaller factor of a fresh product (TSDL_WASM_SWAP=0: always the right one). */
  swapFactors: boolean;
}

/** The variables read, by option. */
export const TUNING_VARIABLES = {
  tune: "TSDL_WASM_TUNE",
  threads: "TSDL_WASM_THREADS",
  xnnpackThreads: "TSDL_WASM_XNNPACK_THREADS",
  ownGemm: "TSDL_WASM_GEMM",
  ownConv: "TSDL_WASM_CONV",
  fusedMultiplyAdd: "TSDL_WASM_FMA",
  skipZeros: "TSDL_WASM_SPARSE",
  swapFactors: "TSDL_WASM_SWAP",
} as const satisfies Record<keyof WasmTuningOptions, string>;

type Env = Record<string, string | undefined>;

function threadsFrom(env: Env, option: "threads" | "xnnpackThreads"): number | undefined {
  const text = env[TUNING_VARIABLES[option]];
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`tuneWasm: expected ${TUNING_VARIABLES[option]} to be a positive integer; got "${text}"`);
  return n;
}

/** The options an environment asks for: every switch on unless set to "0". Pure. */
export function wasmTuningFromEnv(env: Env): WasmTuningOptions {
  const on = (option: Exclude<keyof WasmTuningOptions, "threads" | "xnnpackThreads">) => env[TUNING_VARIABLES[option]] !== "0";
  return {
    tune: on("tune"),
    threads: threadsFrom(env, "threads"),
    xnnpackThreads: threadsFrom(env, "xnnpackThreads"),
    ownGemm: on("ownGemm"),
    ownConv: on("ownConv"),
    fusedMultiplyAdd: on("fusedMultiplyAdd"),
    skipZeros: on("skipZeros"),
    swapFactors: on("swapFactors"),
  };
}

let active: WasmTuningOptions | undefined;

/** The options in effect: those tuneWasm was given over the environment's, read once. */
export function tuningOptions(): WasmTuningOptions {
  return (active ??= wasmTuningFromEnv(process.env));
}

/** Fixes the options for this process (tuneWasm does, before it installs anything). */
export function setTuningOptions(options: Partial<WasmTuningOptions>): WasmTuningOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return (active = { ...wasmTuningFromEnv(process.env), ...defined });
}
