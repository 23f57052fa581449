// The one bridge from library code to the notebook. A kernel (the Node kernel, or the in-browser one)
// installs a Frontend; display(), clearOutput() and comms go through it, and the kernel publishes what
// they send through its own single publisher. Without a kernel (plain Node), displays print their
// text/plain and comms are unavailable.
import type { WireBundle } from "../display/bundle";

export type CommMessageType = "comm_open" | "comm_msg" | "comm_close";

/** JSON data as comm messages carry it. */
export type JsonObject = { [key: string]: unknown };

/** What a kernel gives the library. Each call publishes at once, attributed to the running cell or comm message. */
export interface Frontend {
  /** Shows a bundle, or replaces the display `displayId` with it. */
  display(bundle: WireBundle, displayId: string | undefined, update: boolean): void;
  /**
   * Optional: shows a bundle still being built (a value whose Jupyter.display method is async) in its place
   * among the cell's outputs, so that what the cell shows after it waits for it. Without it, the library
   * calls `display` once the bundle is ready.
   */
  displayLater?(bundle: Promise<WireBundle>, displayId: string | undefined, update: boolean): void;
  clearOutput(wait: boolean): void;
  /** Publishes a comm message on iopub; `buffers` travel as binary frames after the content. */
  sendComm(type: CommMessageType, content: JsonObject, metadata: JsonObject, buffers: Uint8Array[]): void;
  /** The kernel's log (its stderr, never a cell's output). */
  log(line: string): void;
  /**
   * Returns `fn` bound to the cell running now: whatever it displays or prints when called later (a widget's
   * observer, run for a comm message) is published under that cell, where JupyterLab finds the outputs that
   * display updates replace. Optional: without it, such output goes under the message that caused it.
   */
  bindToCell?<F extends (...args: never[]) => unknown>(fn: F): F;
}

// One frontend per process, even when two copies of this library are loaded (one next to the notebook).
const FRONTEND_KEY = Symbol.for("tsdl.frontend");
type FrontendHolder = { [FRONTEND_KEY]?: Frontend };

/** Called by a kernel at start; `undefined` uninstalls (tests). */
export function installFrontend(frontend: Frontend | undefined): void {
  (globalThis as FrontendHolder)[FRONTEND_KEY] = frontend;
}

export function currentFrontend(): Frontend | undefined {
  return (globalThis as FrontendHolder)[FRONTEND_KEY];
}

/**
 * Library code that runs around every cell, installed by the library (the leak meter): the kernel calls
 * `before` as a cell starts and `after` once it ended; a bundle `after` returns is shown under the cell.
 */
export interface CellHook {
  before(): void;
  after(): WireBundle | undefined;
}

const HOOKS_KEY = Symbol.for("tsdl.cellHooks");
type HooksHolder = { [HOOKS_KEY]?: Set<CellHook> };

/** Adds a hook; returns a function that removes it. */
export function addCellHook(hook: CellHook): () => void {
  const hooks = ((globalThis as HooksHolder)[HOOKS_KEY] ??= new Set());
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** The hooks, in the order they were added (what the kernel runs around each cell). */
export function cellHooks(): readonly CellHook[] {
  return [...((globalThis as HooksHolder)[HOOKS_KEY] ?? [])];
}
