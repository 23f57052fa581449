// The wasm backend as tsdl runs it: multi-threaded, with kernels that keep training on
// XNNPACK's fast paths and a fused RMSprop update. selectBackend() applies this
// whenever it picks wasm.
import { installColumnSumKernel, uninstallColumnSumKernel } from "./columnSumKernel";
import { installGatherKernel, uninstallGatherKernel } from "./gatherKernel";
import { ownGemm, skipZeros } from "./gemmKernel";
import { fusedMultiplyAdd } from "./gemmSimd";
import { installIdentityKernels, uninstallIdentityKernels } from "./identityKernel";
import { installSliceKernel, uninstallSliceKernel } from "./sliceKernel";
import { installMatmulKernels, uninstallMatmulKernels } from "./matmulKernels";
import { installRmspropKernel, RMSPROP_UPDATE, uninstallRmspropKernel } from "./rmspropKernel";
import { installSmallBinaryKernels, uninstallSmallBinaryKernels } from "./smallBinaryKernels";
import { installSmallUnaryKernels, uninstallSmallUnaryKernels } from "./smallUnaryKernels";
import { installTransposeKernel, uninstallTransposeKernel } from "./transposeKernel";
import { useThreadedWasm, wasmThreading } from "./wasmThreads";

/** How the wasm backend was tuned; displayed by backendInfo(). */
export interface WasmTuning {
  /** Threads XNNPACK computes on (1 until the backend has started). */
  threads: number;
  /** Why the backend runs single-threaded, when it does. */
  threadFallback?: string;
  /** The wasm kernels replaced through the kernel registry. */
  kernels: string[];
  /** How large products run when their output is whole 4×8 tiles. */
  products: string;
}

export interface WasmTuningOptions {
  /** XNNPACK threads; default the TSDL_WASM_THREADS environment variable, else the logical cores. */
  threads?: number;
}

const KERNELS = ["BatchMatMul", "_FusedMatMul", "GatherV2", "Slice", RMSPROP_UPDATE, "Add/Sub/Multiply/RealDiv (small)", "Identity/Cast (shared)", "Transpose (SIMD)", "Sum (leading axes)", "Neg/Relu/ClipByValue/Softmax (small)"];
let tuned = false;
let threadNote: string | undefined;

function threadsFromEnv(): number | undefined {
  const text = process.env.TSDL_WASM_THREADS;
  if (text === undefined || text === "") return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`tuneWasm: expected TSDL_WASM_THREADS to be a positive integer; got "${text}"`);
  return n;
}

/** Whether tuning is switched off with TSDL_WASM_TUNE=0 (for comparisons). */
export function wasmTuningDisabled(): boolean {
  return process.env.TSDL_WASM_TUNE === "0";
}

/**
 * Tunes the wasm backend: threads (only if it has not started yet) and the kernels
 * that keep training on XNNPACK. Needs "@tensorflow/tfjs-backend-wasm" imported.
 * Idempotent.
 */
export function tuneWasm(options: WasmTuningOptions = {}): void {
  if (tuned) return;
  const threaded = useThreadedWasm({ threads: options.threads ?? threadsFromEnv() });
  threadNote = threaded ? undefined : "the wasm backend had started before tuning";
  installMatmulKernels();
  installGatherKernel();
  installSliceKernel();
  installRmspropKernel();
  installSmallBinaryKernels();
  installIdentityKernels();
  installTransposeKernel();
  installColumnSumKernel();
  installSmallUnaryKernels();
  tuned = true;
}

/** Restores the wasm backend's own kernels and tfjs's RMSprop (threads stay as started). */
export function untuneWasmKernels(): void {
  uninstallMatmulKernels();
  uninstallGatherKernel();
  uninstallSliceKernel();
  uninstallRmspropKernel();
  uninstallSmallBinaryKernels();
  uninstallIdentityKernels();
  uninstallTransposeKernel();
  uninstallColumnSumKernel();
  uninstallSmallUnaryKernels();
  tuned = false;
}

/** The tuning in effect, or undefined when tuneWasm has not run. */
export function wasmTuning(): WasmTuning | undefined {
  if (!tuned) return undefined;
  const threading = wasmThreading();
  const products = !ownGemm()
    ? "XNNPACK"
    : `4×8 SIMD tiles, ${fusedMultiplyAdd() ? "fused multiply-adds (relaxed SIMD)" : "separate multiplies and adds"}, ${skipZeros() ? "zeros of the left factor skipped" : "zeros multiplied"}`;
  return { threads: threading?.threads ?? 1, threadFallback: threading?.fallback ?? threadNote, kernels: [...KERNELS], products };
}

/** One line for the banner and backendInfo(). */
export function describeWasmTuning(t: WasmTuning): string {
  const threads = `${t.threads} thread${t.threads === 1 ? "" : "s"}` + (t.threadFallback ? ` (${t.threadFallback})` : "");
  return `tuned: ${threads}, kernels ${t.kernels.join(", ")}; large products in ${t.products}`;
}
