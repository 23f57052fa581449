// Runs the wasm backend on shared memory in Node, so tsdl's products can run on several threads.
// tfjs-backend-wasm disables threads in Node (WASM_HAS_MULTITHREAD_SUPPORT is false there), its
// worker cannot load from a blob URL, its C++ caps the thread pool at half the logical cores, and the
// pthread workers keep the process alive. This module builds the same threaded-SIMD module with a
// worker file Node can load, reports the wanted count to that cap, and unrefs the workers.
// XNNPACK's own pool gets one thread unless asked for more: it wakes its workers for every operation,
// even a [64,32] sigmoid, and on a busy machine each wake-up waits for a core (milliseconds).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

const GLUE = "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js";
/** tfjs's C++ creates at most this many pool threads (cc/BUILD pre-creates 8 workers). */
const MAX_THREADS = 8;

/** What the threaded backend started with, for backendInfo(). */
export interface WasmThreading {
  /** Threads tsdl's products compute on, the calling thread included. */
  threads: number;
  /** Threads XNNPACK's pool computes on, the calling thread included. */
  xnnpackThreads: number;
  /** Why threading is off, when it is. */
  fallback?: string;
}

type EmscriptenWorker = { unref(): void; terminate(): Promise<number> };
interface ThreadedModule {
  cwrap(name: string, ret: string | null, args: string[]): (...a: unknown[]) => unknown;
  PThread: { runningWorkers: EmscriptenWorker[]; unusedWorkers: EmscriptenWorker[]; terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}
type ModuleFactory = (config: Record<string, unknown>) => Promise<ThreadedModule>;
/** The WebAssembly API as this module uses it (the ES2022 lib does not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }>;
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Logical cores Node may use: the thread count chosen when none is given. */
export function availableCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

/** The thread count to request: `wanted` clamped to [1, MAX_THREADS], default the real cores. */
export function chooseThreads(wanted?: number, cores = availableCores()): number {
  const n = wanted ?? cores;
  if (!Number.isInteger(n) || n < 1) throw new Error(`chooseThreads: expected a positive integer thread count; got ${n}`);
  return Math.min(n, MAX_THREADS);
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`the threaded wasm module did not start within ${ms} ms`));
    }, ms);
    timer.unref();
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String((e as { message?: string })?.message ?? e)))),
    );
  });
}

/** Instantiates the threaded-SIMD wasm module with `threads` pool threads. */
async function instantiateThreaded(threads: number, timeoutMs: number): Promise<ThreadedModule> {
  const gluePath = require.resolve(GLUE);
  const dir = path.dirname(gluePath);
  const factory = require(gluePath) as ModuleFactory;
  const workerPath = path.join(__dirname, "pthreadWorker.js");
  // A worker that cannot load would leave the module waiting for it until the timeout.
  if (!fs.existsSync(workerPath)) throw new Error(`the pthread worker ${workerPath} is missing (run npm run build)`);
  const config: Record<string, unknown> = {
    locateFile: (file: string) => (file.endsWith(".worker.js") ? workerPath : path.join(dir, file)),
    // Workers import the glue by this path (a string, so no blob URL is involved).
    mainScriptUrlOrBlob: gluePath,
    instantiateWasm(imports: { env: Record<string, unknown> }, receive: (instance: object, module: object) => void) {
      // The C++ caps the pool at half the logical cores, assuming 2 hyperthreads per core.
      // Report twice the count we want so the cap lets it through.
      imports.env.emscripten_num_logical_cores = () => 2 * threads;
      const bytes = fs.readFileSync(path.join(dir, "tfjs-backend-wasm-threaded-simd.wasm"));
      WebAssemblyApi.instantiate(bytes, imports).then(
        (r) => receive(r.instance, r.module),
        (e: unknown) => rejectStart(e),
      );
      return {};
    },
    onAbort: (what: unknown) => rejectStart(new Error(`the threaded wasm module aborted: ${String(what)}`)),
  };
  let rejectStart: (e: unknown) => void = () => {};
  const aborted = new Promise<never>((_, reject) => (rejectStart = reject));
  const started = Promise.race([factory(config), aborted]);
  const module = await withTimeout(started, timeoutMs, () => (config.PThread as ThreadedModule["PThread"] | undefined)?.terminateAllThreads());
  return module;
}

/** The wasm module's C entry points that BackendWasm expects under `module.tfjs`. */
function bindTfjsEntryPoints(module: ThreadedModule): void {
  module.tfjs = {
    init: module.cwrap("init", null, []),
    initWithThreadsCount: module.cwrap("init_with_threads_count", null, ["number"]),
    getThreadsCount: module.cwrap("get_threads_count", "number", []),
    registerTensor: module.cwrap("register_tensor", null, ["number", "number", "number"]),
    disposeData: module.cwrap("dispose_data", null, ["number"]),
    dispose: module.cwrap("dispose", null, []),
  };
}

/**
 * Creates a wasm backend on shared memory: the threaded-SIMD module, `threads` XNNPACK
 * threads, workers that never keep the process alive, spare workers terminated.
 * Rejects (never hangs) when the module does not start within `timeoutMs`.
 */
export async function createThreadedWasmBackend(threads: number, timeoutMs = 30_000): Promise<tf.KernelBackend> {
  const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
  const module = await instantiateThreaded(threads, timeoutMs);
  bindTfjsEntryPoints(module);
  wasm.setThreadsCount(threads);
  const backend = new wasm.BackendWasm(module as never);
  // Pool threads wait forever for work; a referenced worker would keep Node from exiting.
  for (const worker of module.PThread.runningWorkers) worker.unref();
  // The glue pre-creates 8 workers; the thread pool is built once, in the constructor
  // above, so the spares are never used.
  for (const worker of module.PThread.unusedWorkers) void worker.terminate();
  module.PThread.unusedWorkers.length = 0;
  return backend;
}

let threading: WasmThreading | undefined;

/** How the wasm backend is threaded, once it has started through useThreadedWasm. */
export function wasmThreading(): WasmThreading | undefined {
  return threading;
}

/**
 * Makes the "wasm" backend start on shared memory with `threads` threads for tsdl's products and
 * `xnnpackThreads` (default 1) for XNNPACK's pool, with the single-threaded original as fallback
 * when the threaded module cannot start. Call before the wasm backend is initialized (before
 * tf.setBackend("wasm")); afterwards it has no effect and returns false.
 */
export function useThreadedWasm(options: { threads?: number; xnnpackThreads?: number; timeoutMs?: number } = {}): boolean {
  const engine = tf.engine() as unknown as { registry: Record<string, unknown> };
  if (engine.registry["wasm"]) return false;
  const original = tf.findBackendFactory("wasm");
  if (!original) throw new Error("useThreadedWasm: expected the wasm backend to be registered (import @tensorflow/tfjs-backend-wasm first); it is not");
  const threads = chooseThreads(options.threads);
  const xnnpackThreads = Math.min(threads, chooseThreads(options.xnnpackThreads ?? 1));
  tf.removeBackend("wasm");
  tf.registerBackend(
    "wasm",
    async () => {
      if (threads > 1) {
        try {
          const backend = await createThreadedWasmBackend(xnnpackThreads, options.timeoutMs);
          threading = { threads, xnnpackThreads: (require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm")).getThreadsCount() };
          return backend;
        } catch (e) {
          threading = { threads: 1, xnnpackThreads: 1, fallback: e instanceof Error ? e.message : String(e) };
          return original();
        }
      }
      threading = { threads: 1, xnnpackThreads: 1, fallback: `${availableCores()} core(s) available` };
      return original();
    },
    2,
  );
  return true;
}
