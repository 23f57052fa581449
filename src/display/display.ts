// display(), update in place and clearOutput: the library's side of the Jupyter display protocol.
// They go through the installed Frontend (src/frontend); without one (plain Node) displays print text/plain.
import { checkOptions, flag } from "../args/options";
import { currentFrontend } from "../frontend";
import { displaySymbol, DisplayOptions, formatNow, MediaBundle, toWireBundle, WireBundle } from "./bundle";

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

/** A bundle from an async display method, on the wire; its failure names what failed. */
async function settled(bundle: Promise<MediaBundle>): Promise<WireBundle> {
  try {
    return toWireBundle(await bundle);
  } catch (e) {
    throw new Error(`display: the value's async Jupyter.display method failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function show(wire: WireBundle, displayId: string | undefined, update: boolean): void {
  const frontend = currentFrontend();
  if (frontend) frontend.display(wire, displayId, update);
  else process.stdout.write(wire["text/plain"] + "\n");
}

function send(value: unknown, options: DisplayOptions, displayId: string | undefined, update: boolean): void {
  const bundle = formatNow(value, options);
  if (bundle === undefined) return;
  if (!(bundle instanceof Promise)) {
    // An empty bundle (a display handle, an interact already shown) means: nothing to show, as for a cell's value.
    if (Object.keys(bundle).length > 0) show(toWireBundle(bundle), displayId, update);
    return;
  }
  const later = settled(bundle);
  const frontend = currentFrontend();
  if (frontend?.displayLater) frontend.displayLater(later, displayId, update);
  else later.then((wire) => show(wire, displayId, update), (e: Error) => (frontend?.log ?? console.error)(e.message));
}

/**
 * Shows any value in the cell's output: tensors, models, charts, bundles
 * (with `{ raw: true }`) or plain values. Returns a handle whose `update()`
 * replaces that output in place. A value whose Jupyter.display method is
 * async shows once its bundle is ready, in its place among the cell's outputs.
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
