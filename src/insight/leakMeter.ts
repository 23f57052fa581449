// The leak meter: trackTensors(true) adds one line under every cell that changed the number of live
// tensors, saying how many it left (or freed) and what tf.memory() holds now. It runs as a cell hook
// (src/frontend), around every cell the kernel executes.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";
import { displaySymbol, Displayable, MediaBundle, WireBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { addCellHook } from "../frontend";
import { formatBytes } from "../inspect/html";

/** Live tensors and their bytes, as tf.memory() counts them. */
export interface TensorCount {
  tensors: number;
  bytes: number;
}

function count(): TensorCount {
  const m = tf.memory();
  return { tensors: m.numTensors, bytes: m.numBytes };
}

function signed(n: number, text: string): string {
  return `${n > 0 ? "+" : "−"}${text}`;
}

/** The line under a cell whose count changed, or undefined when it did not. Pure: counts in, text out. */
export function leakLine(before: TensorCount, after: TensorCount): string | undefined {
  const tensors = after.tensors - before.tensors;
  if (tensors === 0) return undefined;
  const bytes = after.bytes - before.bytes;
  const change = `${signed(tensors, `${Math.abs(tensors)} tensor${Math.abs(tensors) === 1 ? "" : "s"}`)} (${bytes === 0 ? "±0 B" : signed(bytes, formatBytes(Math.abs(bytes)))})`;
  return `${change} ${tensors > 0 ? "left by" : "freed by"} this cell; tf.memory(): ${after.tensors} tensor${after.tensors === 1 ? "" : "s"}, ${formatBytes(after.bytes)}`;
}

/** The bundle shown under the cell: the line, grey and small in HTML, amber when tensors were left. */
export function leakBundle(line: string, left: boolean): WireBundle {
  const colour = left ? "#b26b00" : "#5a8a5a";
  return { "text/plain": line, "text/html": `<div class="tsdl-leak-meter" style="font-size:85%;color:${colour};font-family:var(--jp-code-font-family,monospace)">${escapeHtml(line)}</div>` };
}

let removeHook: (() => void) | undefined;

/** Whether the leak meter is on, and what tf.memory() held when it was switched. Displays as one line. */
export class LeakMeterState implements Displayable {
  constructor(
    readonly on: boolean,
    readonly memory: TensorCount,
  ) {}

  toString(): string {
    const now = `tf.memory(): ${this.memory.tensors} tensors, ${formatBytes(this.memory.bytes)}`;
    return this.on ? `Leak meter on: a line under every cell that changes the number of live tensors (${now})` : `Leak meter off (${now})`;
  }

  [displaySymbol](): MediaBundle {
    return { "text/plain": this.toString() };
  }
}

/**
 * `trackTensors(true)` (or `trackTensors()`) switches on the leak meter: from the next cell on, every cell
 * that changes the number of live tensors gets one line under it, e.g. `+3 tensors (+1.2 MiB) left by this
 * cell; tf.memory(): 57 tensors, 12.4 MiB`. Cells that leave the count alone get nothing. `trackTensors(false)`
 * switches it off. Tensors made inside `tf.tidy`, or disposed, leave no line.
 */
export function trackTensors(on: boolean = true): LeakMeterState {
  if (typeof on !== "boolean") throw new TypeError(`trackTensors: expected on to be true or false; got ${describeValue(on)}`);
  if (on && !removeHook) {
    let before: TensorCount = count();
    // The kernel runs the hooks it found as the cell started: the cell that switches the meter off gets no line.
    let active = true;
    const remove = addCellHook({
      before: () => {
        before = count();
      },
      after: () => {
        if (!active) return undefined;
        try {
          const after = count();
          const line = leakLine(before, after);
          return line === undefined ? undefined : leakBundle(line, after.tensors > before.tensors);
        } catch {
          return undefined; // the meter never breaks a cell
        }
      },
    });
    removeHook = () => {
      active = false;
      remove();
    };
  } else if (!on && removeHook) {
    removeHook();
    removeHook = undefined;
  }
  return new LeakMeterState(on, count());
}
