// Where the time of a computation goes, kernel by kernel: a table built from tf.profile.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, integer } from "../args/options";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { Report } from "../display/report";

/** The time one kernel, at one set of input shapes, took over the profiled run. */
export interface KernelTiming {
  /** The kernel's registered name, e.g. "BatchMatMul". */
  kernel: string;
  /** Its input shapes, e.g. "[128,784] [784,512]". */
  shapes: string;
  calls: number;
  totalMs: number;
}

/** A kernel-by-kernel profile; displays as a table, per step when `steps` was given. */
export class KernelProfile {
  constructor(
    /** Timings, slowest first. */
    readonly timings: KernelTiming[],
    /** Wall-clock milliseconds of the whole run. */
    readonly wallMs: number,
    /** Steps (e.g. training batches) the run made; the table divides by it. */
    readonly steps = 1,
  ) {}

  /** Milliseconds spent inside kernels. */
  get kernelMs(): number {
    return this.timings.reduce((sum, t) => sum + t.totalMs, 0);
  }

  /** Milliseconds outside kernels: JavaScript, tfjs bookkeeping, memory management. */
  get outsideMs(): number {
    return Math.max(0, this.wallMs - this.kernelMs);
  }

  /** Table rows: the `top` slowest kernels, the rest summed, the time outside kernels. */
  rows(top = 15): string[][] {
    const perStep = (ms: number) => (ms / this.steps).toFixed(2);
    const share = (ms: number) => `${((100 * ms) / this.wallMs).toFixed(1)}%`;
    const shown = this.timings.slice(0, top).map((t) => [t.kernel, t.shapes, (t.calls / this.steps).toFixed(1), perStep(t.totalMs), share(t.totalMs)]);
    const rest = this.timings.slice(top);
    const restMs = rest.reduce((s, t) => s + t.totalMs, 0);
    const restCalls = rest.reduce((s, t) => s + t.calls, 0);
    if (rest.length) shown.push([`${rest.length} other kernels`, "", (restCalls / this.steps).toFixed(1), perStep(restMs), share(restMs)]);
    shown.push(["(outside kernels)", "", "", perStep(this.outsideMs), share(this.outsideMs)]);
    shown.push(["total", "", "", perStep(this.wallMs), "100%"]);
    return shown;
  }

  /** The table of the `top` slowest kernels. */
  report(top = 15): Report {
    const columns = [{ title: "kernel" }, { title: "input shapes", code: true }, ...[this.steps > 1 ? "calls/step" : "calls", this.steps > 1 ? "ms/step" : "ms", "share"].map((title) => ({ title, numeric: true }))];
    return new Report({ columns, rows: this.rows(top) });
  }

  toString(top = 15): string {
    return this.report(top).toString();
  }

  [displaySymbol](): MediaBundle {
    return this.report()[displaySymbol]();
  }
}

function shapesOf(shapes: (number[] | null | undefined)[]): string {
  return shapes.map((s) => (s ? `[${s.join(",")}]` : "-")).join(" ");
}

/**
 * Runs `f` under tf.profile and times every kernel it calls, grouped by kernel and
 * input shapes. `steps` (e.g. the number of batches) makes the table per step.
 * Scopes that are not kernels (custom-gradient wrappers) are left out, since their
 * time is already the time of the kernels inside them.
 */
export async function profileKernels(f: () => unknown, options: { steps?: number } = {}): Promise<KernelProfile> {
  if (typeof f !== "function") throw new TypeError(`profileKernels: f: expected a function that runs the steps to profile; got ${f === null ? "null" : typeof f}`);
  checkOptions("profileKernels", options, { steps: integer(1) });
  const steps = options.steps ?? 1;
  // The check reads every output back, which would add to the wall time measured.
  const check = tf.env().getBool("CHECK_COMPUTATION_FOR_ERRORS");
  tf.env().set("CHECK_COMPUTATION_FOR_ERRORS", false);
  const start = performance.now();
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    // tf.profile leaves profiling switched on when its function throws: catch inside, rethrow after.
    let failure: { error: unknown } | undefined;
    info = await tf.profile(async () => {
      try {
        await f();
      } catch (error) {
        failure = { error };
      }
      return [];
    });
    if (failure) throw failure.error;
  } finally {
    tf.env().set("CHECK_COMPUTATION_FOR_ERRORS", check);
  }
  const wallMs = performance.now() - start;
  const backend = tf.getBackend();
  const groups = new Map<string, KernelTiming>();
  for (const k of info.kernels) {
    if (!tf.getKernel(k.name, backend)) continue;
    const ms = Number(await k.kernelTimeMs);
    const shapes = shapesOf(k.inputShapes);
    const key = `${k.name} ${shapes}`;
    const g = groups.get(key) ?? { kernel: k.name, shapes, calls: 0, totalMs: 0 };
    g.calls += 1;
    g.totalMs += Number.isFinite(ms) ? ms : 0;
    groups.set(key, g);
  }
  return new KernelProfile([...groups.values()].sort((a, b) => b.totalMs - a.totalMs), wallMs, steps);
}
