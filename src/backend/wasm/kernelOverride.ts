// One change tsdl makes to the wasm backend through tfjs's kernel registry (never an edit of
// node_modules), as data: a kernel the backend has, wrapped so that it can fall back on the
// original, or one the backend lacks, added. tuning.ts keeps the one list of them.
import * as tf from "@tensorflow/tfjs";
import { KernelFn } from "./heap";

export type WasmKernelOverride = {
  /** The registered kernel name, e.g. "BatchMatMul". */
  kernelName: string;
  /** What backendInfo() says about it after the name, e.g. "small": "Add (small)". */
  note?: string;
} & (
  | {
      /** Builds the replacement from the wasm backend's own kernel, which it falls back on. */
      wrap: (original: KernelFn) => KernelFn;
    }
  | {
      /** A kernel the wasm backend does not have. */
      add: KernelFn;
    }
);

const BACKEND = "wasm";

/**
 * Registers `override` for the wasm backend. Idempotent: a kernel already tsdl's is left alone.
 * Needs "@tensorflow/tfjs-backend-wasm" imported.
 */
export function installOverride(override: WasmKernelOverride): void {
  const { kernelName } = override;
  const config = tf.getKernel(kernelName, BACKEND);
  if ("add" in override) {
    if (config?.kernelFunc === (override.add as unknown)) return;
    if (config) throw new Error(`tsdl backend: expected the wasm backend to lack ${kernelName}, which tsdl adds; it registers its own`);
    tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc: override.add as unknown as tf.KernelFunc });
    return;
  }
  if (!config) throw new Error(`tsdl backend: expected the wasm backend to register ${kernelName}; it did not (import @tensorflow/tfjs-backend-wasm first)`);
  if (wrapped.has(config.kernelFunc)) return;
  const kernelFunc = override.wrap(config.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc;
  wrapped.add(kernelFunc);
  tf.unregisterKernel(kernelName, BACKEND);
  tf.registerKernel({ ...config, kernelFunc });
}

/** The kernel functions installOverride registered in place of the backend's own. */
const wrapped = new WeakSet<object>();

/**
 * The overrides as backendInfo() lists them: names, each run of the same note once after the
 * names it belongs to ("Add/Sub (small)"). Pure.
 */
export function describeOverrides(overrides: readonly WasmKernelOverride[]): string[] {
  const runs: { names: string[]; note?: string }[] = [];
  for (const o of overrides) {
    const last = runs[runs.length - 1];
    if (last && o.note !== undefined && last.note === o.note) last.names.push(o.kernelName);
    else runs.push({ names: [o.kernelName], note: o.note });
  }
  return runs.map((r) => r.names.join("/") + (r.note ? ` (${r.note})` : ""));
}
