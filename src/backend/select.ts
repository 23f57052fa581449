// Chooses the TensorFlow.js compute backend: native tfjs-node when it loads, else wasm, else cpu.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, oneOf } from "../args/options";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { tuningOptions } from "./wasm/options";
import { describeWasmTuning, tuneWasm, wasmTuning, WasmTuning } from "./wasm/tuning";

export type BackendName = "tensorflow" | "wasm" | "cpu";

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was not used, when it was not. */
  error?: string;
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
    /** How the wasm backend was tuned (threads, replaced kernels), when it is active and tuned. */
    readonly tuning?: WasmTuning,
  ) {}

  toString(): string {
    const skipped = this.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.error}`);
    const tuning = this.tuning ? `; ${describeWasmTuning(this.tuning)}` : "";
    return `backend ${this.name} (${this.reason}${tuning})` + (skipped.length ? `; skipped ${skipped.join("; ")}` : "");
  }

  [displaySymbol](): MediaBundle {
    return { "text/plain": this.toString(), "text/html": `<code>${escapeHtml(this.toString())}</code>` };
  }
}

const ORDER: BackendName[] = ["tensorflow", "wasm", "cpu"];
let current: BackendInfo | undefined;

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]!.slice(0, 200);
}

async function tryBackend(name: BackendName): Promise<void> {
  if (name === "tensorflow") {
    // Optional dependency: it cannot install offline, so it is usually absent.
    const id = "@tensorflow/tfjs-node";
    await import(id);
  } else if (name === "wasm") {
    await import("@tensorflow/tfjs-backend-wasm");
    // Before setBackend: threads can only be chosen before the backend starts.
    if (tuningOptions().tune) tuneWasm();
  }
  await withoutAddedProcessHandlers(async () => {
    if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend("${name}") returned false`);
    await tf.ready();
  });
}

const PROCESS_EVENTS = ["uncaughtException", "unhandledRejection"] as const;

/**
 * Runs `start` and removes the uncaughtException/unhandledRejection listeners it added.
 * The wasm backend's Emscripten glue installs listeners that rethrow every error, so
 * one unawaited rejected promise in a cell would kill the kernel, which reports such
 * errors itself.
 */
async function withoutAddedProcessHandlers(start: () => Promise<void>): Promise<void> {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(PROCESS_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  try {
    await start();
  } finally {
    for (const event of PROCESS_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/**
 * Activates the fastest backend that loads, in the order tensorflow (tfjs-node),
 * wasm, cpu. `prefer` (or the TSDL_BACKEND environment variable) puts one first.
 * The wasm backend is tuned (threads, tsdl's own kernels; see
 * wasm/tuning.ts) unless TSDL_WASM_TUNE=0.
 */
export async function selectBackend(options: { prefer?: BackendName } = {}): Promise<BackendInfo> {
  checkOptions("selectBackend", options, { prefer: oneOf(ORDER) });
  const start = Date.now();
  const prefer = options.prefer ?? (process.env.TSDL_BACKEND as BackendName | undefined);
  if (prefer !== undefined && !ORDER.includes(prefer)) {
    throw new Error(`selectBackend: expected prefer (or TSDL_BACKEND) to be one of ${ORDER.join(", ")}; got "${prefer}"`);
  }
  const order = prefer ? [prefer, ...ORDER.filter((n) => n !== prefer)] : ORDER;
  const attempts: BackendAttempt[] = [];
  for (const name of order) {
    try {
      await tryBackend(name);
      attempts.push({ name, ok: true });
      const reason =
        name === prefer
          ? `requested by ${options.prefer ? "selectBackend({ prefer })" : "TSDL_BACKEND"}`
          : attempts.length === 1
            ? "fastest available"
            : `fallback after ${attempts.filter((a) => !a.ok).map((a) => a.name).join(", ")} failed`;
      current = new BackendInfo(tf.getBackend(), reason, attempts, Date.now() - start, activeTuning());
      return current;
    } catch (e) {
      attempts.push({ name, ok: false, error: message(e) });
    }
  }
  throw new Error(`selectBackend: no TensorFlow.js backend could start: ${attempts.map((a) => `${a.name}: ${a.error}`).join("; ")}`);
}

function activeTuning(): WasmTuning | undefined {
  return tf.getBackend() === "wasm" ? wasmTuning() : undefined;
}

/** Which backend is active, why it was chosen, and how it is tuned. */
export function backendInfo(): BackendInfo {
  if (current && current.name === tf.getBackend()) return current;
  const reason = current ? "changed with tf.setBackend after selection" : "tfjs default (selectBackend was not called)";
  return new BackendInfo(tf.getBackend(), reason, [], 0, activeTuning());
}
