// Chooses TensorFlow.js's backend in the browser: WebAssembly with SIMD (and threads where the page is
// cross-origin isolated) by default, as its numbers match the Node kernel's; WebGPU or WebGL on request, where
// the browser has them. The browser build puts this module in place of src/backend/select.ts (same exports).
import * as tf from "@tensorflow/tfjs";
import { checkOptions, oneOf } from "../../src/args/options";
import { displaySymbol, MediaBundle } from "../../src/display/bundle";
import { escapeHtml } from "../../src/display/html";
import { scope, siteUrl } from "./workerScope";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was not used, when it was not. */
  error?: string;
}

/** How the wasm backend runs: SIMD and threads are what the browser and the page's headers allow. */
export interface WasmFeatures {
  simd: boolean;
  threads: number;
  crossOriginIsolated: boolean;
}

/** Which backend is active and why; displays as one line. */
export class BackendInfo {
  constructor(
    /** The active backend, as tf.getBackend() names it. */
    readonly name: string,
    /** Why it was chosen. */
    readonly reason: string,
    /** Every backend tried, in order, with the error of those that failed. */
    readonly attempts: BackendAttempt[],
    /** Milliseconds the selection took. */
    readonly ms: number,
    /** SIMD and threads of the wasm backend, when it is active. */
    readonly wasm?: WasmFeatures,
  ) {}

  toString(): string {
    const skipped = this.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.error}`);
    const wasm = this.wasm
      ? `; ${this.wasm.simd ? "SIMD" : "no SIMD"}, ${this.wasm.threads > 1 ? `${this.wasm.threads} threads` : `1 thread${this.wasm.crossOriginIsolated ? "" : " (the page is not cross-origin isolated)"}`}`
      : "";
    return `backend ${this.name} in the browser (${this.reason}${wasm})` + (skipped.length ? `; skipped ${skipped.join("; ")}` : "");
  }

  [displaySymbol](): MediaBundle {
    return { "text/plain": this.toString(), "text/html": `<code>${escapeHtml(this.toString())}</code>` };
  }
}

const ORDER: BackendName[] = ["wasm", "webgpu", "webgl", "cpu"];
let current: BackendInfo | undefined;

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]!.slice(0, 200);
}

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
  const start = Date.now();
  const prefer = options.prefer;
  const order = prefer ? [prefer, ...ORDER.filter((n) => n !== prefer)] : ORDER;
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await tryBackend(name);
      attempts.push({ name, ok: true });
      const reason =
        name === prefer
          ? "requested by selectBackend({ prefer })"
          : attempts.length === 1
            ? "the default: its numbers match the Node kernel's"
            : `fallback after ${attempts.filter((a) => !a.ok).map((a) => a.name).join(", ")} failed`;
      current = new BackendInfo(tf.getBackend(), reason, attempts, Date.now() - start, await wasmFeatures());
      return current;
    } catch (e) {
      attempts.push({ name, ok: false, error: message(e) });
    }
  }
  throw new Error(`selectBackend: no TensorFlow.js backend could start: ${attempts.map((a) => `${a.name}: ${a.error}`).join("; ")}`);
}

/** Which backend is active and why. */
export function backendInfo(): BackendInfo {
  if (current && current.name === tf.getBackend()) return current;
  const reason = current ? "changed with tf.setBackend after selection" : "tfjs default (selectBackend was not called)";
  return new BackendInfo(tf.getBackend(), reason, [], 0, current?.wasm);
}
