// display(), update in place and clearOutput: the library's side of the Jupyter display protocol.
// They go through the installed Frontend (src/frontend); without one (plain Node) displays print text/plain.
import { checkOptions, flag } from "../args/options";
import { currentFrontend } from "../frontend";
import { displaySymbol, DisplayOptions, formatValue, MediaBundle, toWireBundle } from "./bundle";

function newDisplayId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, "");
}

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
  // An empty bundle (a display handle, an interact already shown) means: nothing to show, as for a cell's value.
  if (bundle === undefined || Object.keys(bundle).length === 0) return;
  const wire = toWireBundle(bundle);
  const frontend = currentFrontend();
  if (frontend) frontend.display(wire, displayId, update);
  else process.stdout.write(wire["text/plain"] + "\n");
}

/**
 * Shows any value in the cell's output: tensors, models, charts, bundles
 * (with `{ raw: true }`) or plain values. Returns a handle whose `update()`
 * replaces that output in place.
 */
export function display(value: unknown, options: DisplayOptions = {}): DisplayHandle {
  const handle = new DisplayHandle(newDisplayId());
  send(value, options, handle.displayId, false);
  return handle;
}

/** Clears the current cell's output; with `wait`, only when the next output arrives. */
export function clearOutput(options: { wait?: boolean } = {}): void {
  checkOptions("clearOutput", options, { wait: flag });
  currentFrontend()?.clearOutput(options.wait ?? false);
}
