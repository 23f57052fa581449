// display(), update in place and clearOutput: the library's side of the Jupyter display protocol.
// The kernel installs a sink; without one (plain Node) displays fall back to printing text/plain.
import { randomBytes } from "node:crypto";
import { checkOptions, flag } from "../args/options";
import { displaySymbol, DisplayOptions, formatValue, MediaBundle, toWireBundle, WireBundle } from "./bundle";

/** Where displays go. The tsdl kernel installs one that sends Jupyter messages. */
export interface DisplaySink {
  display(bundle: WireBundle, displayId: string | undefined, update: boolean): void;
  clearOutput(wait: boolean): void;
}

// One sink per process, even when two copies of this library are loaded.
const SINK_KEY = Symbol.for("tsdl.displaySink");
type SinkHolder = { [SINK_KEY]?: DisplaySink };

export function setDisplaySink(sink: DisplaySink | undefined): void {
  (globalThis as SinkHolder)[SINK_KEY] = sink;
}

export function getDisplaySink(): DisplaySink | undefined {
  return (globalThis as SinkHolder)[SINK_KEY];
}

const consoleSink: DisplaySink = {
  display(bundle) {
    process.stdout.write(bundle["text/plain"] + "\n");
  },
  clearOutput() {},
};

/** A live output: `update` replaces what it shows, in place. */
export class DisplayHandle {
  constructor(readonly displayId: string) {}

  /** Replaces this output with a new value (or bundle, with `{ raw: true }`). */
  update(value: unknown, options: DisplayOptions = {}): this {
    send(value, options, this.displayId, true);
    return this;
  }

  /** A cell ending in `display(x)` shows x once, not also the handle. */
  [displaySymbol](): MediaBundle {
    return {};
  }
}

function send(value: unknown, options: DisplayOptions, displayId: string | undefined, update: boolean): void {
  const bundle: MediaBundle | undefined = formatValue(value, options);
  if (bundle === undefined) return;
  (getDisplaySink() ?? consoleSink).display(toWireBundle(bundle), displayId, update);
}

/**
 * Shows any value in the cell's output: tensors, models, charts, bundles
 * (with `{ raw: true }`) or plain values. Returns a handle whose `update()`
 * replaces that output in place.
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const handle = new DisplayHandle(randomBytes(8).toString("hex"));
  send(value, options, handle.displayId, false);
  return handle;
}

/** Clears the current cell's output; with `wait`, only when the next output arrives. */
export function clearOutput(options: { wait?: boolean } = {}): void {
  checkOptions("clearOutput", options, { wait: flag });
  getDisplaySink()?.clearOutput(options.wait ?? false);
}
