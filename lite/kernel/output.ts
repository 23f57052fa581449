// Everything the worker publishes goes through here: console output as streams (batched as the Node kernel
// batches stdout), displays, comm messages; each attributed to the cell (or comm message) that runs.
import { format } from "node:util";
import type { WireBundle } from "../../src/display/bundle";
import type { FromWorker } from "./protocol";
import { scope } from "./workerScope";

type StreamName = "stdout" | "stderr";

const CUSTOM_INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** What Node's console prints for a value with a custom inspection (a tensor's numpy-style text); the browser's util knows no such symbol. */
function customText(value: unknown): unknown {
  const custom = value !== null && typeof value === "object" ? (value as Record<symbol, unknown>)[CUSTOM_INSPECT] : undefined;
  return typeof custom === "function" ? (custom as () => unknown).call(value) : value;
}
const FLUSH_MS = 50;

export class WorkerOutput {
  /** The request whose output this is: the running cell, or the last one (output from its timers). */
  current: number | undefined;
  private pending: { request: number | undefined; name: StreamName; text: string } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The browser's console, for the kernel's own log. */
  readonly log: (line: string) => void;

  constructor() {
    const original = console.log.bind(console);
    this.log = (line) => original(line);
  }

  /** Sends console.log and friends to the notebook, formatted as Node formats them. */
  captureConsole(): void {
    const to = (name: StreamName) => (...args: unknown[]) => this.write(name, `${format(...args.map(customText))}\n`);
    console.log = console.info = console.debug = to("stdout");
    console.warn = console.error = to("stderr");
  }

  write(name: StreamName, text: string): void {
    if (this.pending && (this.pending.request !== this.current || this.pending.name !== name)) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { request: this.current, name, text };
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p?.text) this.post({ type: "iopub", request: p.request, msgType: "stream", content: { name: p.name, text: p.text } });
  }

  /** Publishes an iopub message after the stream text before it. */
  send(msgType: string, content: Record<string, unknown>, extra: { request?: number; metadata?: Record<string, unknown>; buffers?: Uint8Array[] } = {}): void {
    this.flush();
    const buffers = extra.buffers?.map((b) => b.slice().buffer);
    this.post({ type: "iopub", request: extra.request ?? this.current, msgType, content, metadata: extra.metadata, buffers }, buffers);
  }

  display(bundle: WireBundle, displayId: string | undefined, update: boolean): void {
    this.send(update ? "update_display_data" : "display_data", { data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} });
  }

  post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
    scope.postMessage(message, transfer);
  }
}
