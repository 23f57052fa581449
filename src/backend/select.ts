// Chooses the TensorFlow.js compute backend: native tfjs-node when it loads, else wasm, else cpu.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, oneOf } from "../args/options";
import { BackendAttempt, firstThatStarts, SelectedBackend } from "./selection";
import { tuningOptions } from "./wasm/options";
import { describeWasmTuning, tuneWasm, wasmTuning, WasmTuning } from "./wasm/tuning";

export type BackendName = "tensorflow" | "wasm" | "cpu";

/** Which backend is active, why, and how the wasm backend is tuned; displays as one line. */
export class BackendInfo extends SelectedBackend<BackendName> {
  constructor(
    name: string,
    reason: string,
    attempts: BackendAttempt<BackendName>[],
    ms: number,
    /** How the wasm backend was tuned (threads, replaced kernels), when it is active and tuned. */
    readonly tuning?: WasmTuning,
  ) {
    super(name, reason, attempts, ms, tuning && describeWasmTuning(tuning));
  }
}

export type { BackendAttempt } from "./selection";

const ORDER: BackendName[] = ["tensorflow", "wasm", "cpu"];
let current: BackendInfo | undefined;

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
  const prefer = options.prefer ?? (process.env.TSDL_BACKEND as BackendName | undefined);
  if (prefer !== undefined && !ORDER.includes(prefer)) {
    throw new Error(`selectBackend: expected prefer (or TSDL_BACKEND) to be one of ${ORDER.join(", ")}; got "${prefer}"`);
  }
  const { attempts, reason, ms } = await firstThatStarts(ORDER, prefer, tryBackend, {
    preferred: `requested by ${options.prefer ? "selectBackend({ prefer })" : "TSDL_BACKEND"}`,
    first: "fastest available",
  });
  current = new BackendInfo(tf.getBackend(), reason, attempts, ms, activeTuning());
  return current;
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
