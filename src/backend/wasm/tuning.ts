// The wasm backend as tsdl runs it: multi-threaded, with the kernels of OVERRIDES in place of (or
// beside) the backend's own; RMSprop, ReLU's and softmax's gradients, categorical crossentropy and
// accuracy through one fused kernel each. selectBackend() applies this
// whenever it picks wasm.
import { columnSumOverrides } from "./columnSumKernel";
import { convOverrides } from "./convKernels";
import { depthwiseOverrides } from "./depthwiseKernels";
import { gatherOverrides } from "./gatherKernel";
import { ownGemm, skipZeros } from "./gemmKernel";
import { fusedMultiplyAdd } from "./gemmSimd";
import { identityOverrides } from "./identityKernel";
import { describeOverrides, installOverride, WasmKernelOverride } from "./kernelOverride";
import { lossOverrides } from "./lossKernels";
import { fuseClassifierLoss } from "./lossFusion";
import { matmulOverrides } from "./matmulKernels";
import { maxPoolGradOverrides } from "./maxPoolGradKernel";
import { setTuningOptions, WasmTuningOptions } from "./options";
import { fuseRmsprop, rmspropOverrides } from "./rmspropKernel";
import { fuseReluGradient, reluGradOverrides } from "./reluGradKernel";
import { segmentSumOverrides } from "./segmentSumKernel";
import { sliceOverrides } from "./sliceKernel";
import { binaryOverrides } from "./binaryKernels";
import { unaryOverrides } from "./unaryKernels";
import { transposeOverrides } from "./transposeKernel";
import { useThreadedWasm, wasmThreading } from "./threads";

/** Every kernel tsdl registers for the wasm backend, in the order backendInfo() lists them. */
export const OVERRIDES: readonly WasmKernelOverride[] = [
  ...matmulOverrides,
  ...gatherOverrides,
  ...sliceOverrides,
  ...rmspropOverrides,
  ...binaryOverrides,
  ...identityOverrides,
  ...transposeOverrides,
  ...columnSumOverrides,
  ...unaryOverrides,
  ...reluGradOverrides,
  ...convOverrides,
  ...maxPoolGradOverrides,
  ...depthwiseOverrides,
  ...segmentSumOverrides,
  ...lossOverrides,
];

/** How the wasm backend was tuned; displayed by backendInfo(). */
export interface WasmTuning {
  /** Threads tsdl's products compute on (1 until the backend has started). */
  threads: number;
  /** Threads XNNPACK's pool computes on. */
  xnnpackThreads: number;
  /** Why the backend runs single-threaded, when it does. */
  threadFallback?: string;
  /** The wasm kernels replaced or added through the kernel registry. */
  kernels: string[];
  /** How large products run when their output is whole 4×8 tiles. */
  products: string;
}

let tuned = false;
let threadNote: string | undefined;

/**
 * Tunes the wasm backend: threads (only if it has not started yet) and every kernel of OVERRIDES.
 * `options` go over the environment's (TSDL_WASM_*), fixed for the process from here on. Needs
 * "@tensorflow/tfjs-backend-wasm" imported. Idempotent: options after the first call are ignored.
 */
export function tuneWasm(options: Partial<WasmTuningOptions> = {}): void {
  if (tuned) return;
  const { threads, xnnpackThreads } = setTuningOptions(options);
  const threaded = useThreadedWasm({ threads, xnnpackThreads });
  threadNote = threaded ? undefined : "the wasm backend had started before tuning";
  for (const o of OVERRIDES) installOverride(o);
  fuseRmsprop();
  fuseReluGradient();
  fuseClassifierLoss();
  tuned = true;
}

/** The tuning in effect, or undefined when tuneWasm has not run. */
export function wasmTuning(): WasmTuning | undefined {
  if (!tuned) return undefined;
  const threading = wasmThreading();
  const products = !ownGemm()
    ? "XNNPACK"
    : `4×8 SIMD tiles, ${fusedMultiplyAdd() ? "fused multiply-adds (relaxed SIMD)" : "separate multiplies and adds"}, ${skipZeros() ? "zeros of the left factor skipped (row by row when mostly zero)" : "zeros multiplied"}`;
  return { threads: threading?.threads ?? 1, xnnpackThreads: threading?.xnnpackThreads ?? 1, threadFallback: threading?.fallback ?? threadNote, kernels: describeOverrides(OVERRIDES), products };
}

/** One line for the banner and backendInfo(). */
export function describeWasmTuning(t: WasmTuning): string {
  const threads = `${t.threads} thread${t.threads === 1 ? "" : "s"}` + (t.threadFallback ? ` (${t.threadFallback})` : t.xnnpackThreads !== t.threads ? ` (XNNPACK ${t.xnnpackThreads})` : "");
  return `tuned: ${threads}, kernels ${t.kernels.join(", ")}; large products in ${t.products}`;
}
