// Chooses TensorFlow.js's backend in the browser: WebAssembly with SIMD (and threads where the page is
// cross-origin isolated) by default, as its numbers match the Node kernel's; WebGPU or WebGL on request, where
// the browser has them. The browser build puts this module in place of src/backend/select.ts (same exports).
import * as tf from "@tensorflow/tfjs";
import { checkOptions, oneOf } from "../../src/args/options";
import { BackendAttempt, firstThatStarts, SelectedBackend } from "../../src/backend/selection";
import { scope, siteUrl } from "./workerScope";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";

/** How the wasm backend runs: SIMD and threads are what the browser and the page's headers allow. */
export interface WasmFeatures {
  simd: boolean;
  threads: number;
  crossOriginIsolated: boolean;
}

/** The wasm backend's SIMD and threads, as the backend line says them. */
function describeFeatures(wasm: WasmFeatures): string {
  const threads = wasm.threads > 1 ? `${wasm.threads} threads` : `1 thread${wasm.crossOriginIsolated ? "" : " (the page is not cross-origin isolated)"}`;
  return `${wasm.simd ? "SIMD" : "no SIMD"}, ${threads}`;
}

/** Which backend is active in the browser, why, and how the wasm backend runs; displays as one line. */
export class BackendInfo extends SelectedBackend<BackendName> {
  constructor(
    name: string,
    reason: string,
    attempts: BackendAttempt<BackendName>[],
    ms: number,
    /** SIMD and threads of the wasm backend, when it is active. */
    readonly wasm?: WasmFeatures,
  ) {
    super(name, reason, attempts, ms, wasm && describeFeatures(wasm), " in the browser");
  }
}

export type { BackendAttempt } from "../../src/backend/selection";

const ORDER: BackendName[] = ["wasm", "webgpu", "webgl", "cpu"];
let current: BackendInfo | undefined;

async function tryBackend(name: BackendName): Promise<void> {
  if (name === "wasm") {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    // The three builds (plain, SIMD, threaded SIMD) lie next to the worker's script; tfjs picks the one the browser runs.
    wasm.setWasmPaths(new URL("kernel/", siteUrl()).href);
  } else if (name === "webgpu") {
    if (!scope.navigator.gpu || !(await scope.navigator.gpu.requestAdapter())) throw new Error("this browser offers no WebGPU adapter");
    // A dependency of the site build (lite/app), not of the library: it registers the backend as it loads.
    require("@tensorflow/tfjs-backend-webgpu");
  } else if (name === "webgl") {
    if (!scope.OffscreenCanvas || !new scope.OffscreenCanvas(1, 1).getContext("webgl2")) throw new Error("this browser offers no WebGL2 in a worker");
  }
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
  await tf.ready();
}

async function wasmFeatures(): Promise<WasmFeatures | undefined> {
  if (tf.getBackend() !== "wasm") return undefined;
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  return { simd: Boolean(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")), threads: wasm.getThreadsCount(), crossOriginIsolated: Boolean(scope.crossOriginIsolated) };
}

/**
 * Activates a backend, in the order wasm (SIMD; threads when cross-origin isolated), webgpu, webgl, cpu.
 * `prefer` puts one first: `await selectBackend({ prefer: "webgl" })` trains on the GPU where there is one.
 */
export async function selectBackend(options: { prefer?: BackendName } = {}): Promise<BackendInfo> {
  checkOptions("selectBackend", options, { prefer: oneOf(ORDER) });
  const { attempts, reason, ms } = await firstThatStarts(ORDER, options.prefer, tryBackend, {
    preferred: "requested by selectBackend({ prefer })",
    first: "the default: its numbers match the Node kernel's",
  });
  current = new BackendInfo(tf.getBackend(), reason, attempts, ms, await wasmFeatures());
  return current;
}

/** Which backend is active and why. */
export function backendInfo(): BackendInfo {
  if (current && current.name === tf.getBackend()) return current;
  const reason = current ? "changed with tf.setBackend after selection" : "tfjs default (selectBackend was not called)";
  return new BackendInfo(tf.getBackend(), reason, [], 0, current?.wasm);
}
