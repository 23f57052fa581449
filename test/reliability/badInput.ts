// Calls every function the library exports with bad arguments (fast-check) and reports each call that
// neither worked nor failed clearly: an error that does not name the function or argument and what was
// expected, a throw of a non-Error, a leaked tensor, a display that breaks, a slow call, or an
// asynchronous error. Run as a child process by badInput.test.ts, so a crash or a hang kills only this
// process: it prints "calling NAME(ARGS)" before each call, so the parent can name the culprit and
// resume with the next helper (--skip).
//
// usage: node dist/test/reliability/badInput.js [--runs N] [--seed S] [--only NAME] [--skip A,B]
// output lines: "calling …", "FUNCTION {name, stats, violations}" per helper, "END {skipped, asyncErrors}".
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { displaySymbol } from "../../src/display/bundle";
import { installFrontend } from "../../src/frontend";
import { isClearError, parameterNames } from "./clearErrors";
import { anyArg, describeArg, junk, materialize, modelArb, optionsArb, PATHS, SCRATCH, tensorArb } from "./badValues";
import fs from "node:fs";

type Library = Record<string, unknown>;
type Fn = (...args: unknown[]) => unknown;

export interface Violation {
  fn: string;
  kind: "unclear error" | "non-Error thrown" | "leaked tensors" | "display failed" | "slow" | "unserializable display";
  args: string;
  detail: string;
}

export interface CallStats {
  calls: number;
  worked: number;
  threw: number;
}

/** One helper's outcome, printed as a FUNCTION line. */
export interface FunctionReport {
  name: string;
  stats: CallStats;
  violations: Violation[];
}

/** Printed as the END line. */
export interface EndReport {
  skipped: Record<string, string>;
  asyncErrors: string[];
}

const SLOW_MS = 10_000;

/** A known helper's arguments, close to the real call shape but with bad parts; unknown helpers get `anyArgs`. */
const numberOpt = fc.oneof(junk, fc.constantFrom(NaN, -1, 0, 1e9, Infinity));
const seriesArb = fc.oneof(
  anyArg,
  fc.record({ name: anyArg, x: anyArg, y: anyArg }),
  fc.array(fc.record({ name: fc.string(), x: fc.oneof(tensorArb, anyArg), y: fc.oneof(tensorArb, anyArg) }), { maxLength: 3 }),
);
const pointsArb = fc.oneof(tensorArb, anyArg, fc.array(fc.array(fc.oneof(fc.double(), junk), { maxLength: 3 }), { maxLength: 5 }));
const rangeArb = fc.oneof(junk, fc.tuple(fc.double(), fc.double()), fc.constant([1, 1]), fc.constant([5, -5]));
const scalarFn = fc.constantFrom<unknown>((x: number, y: number) => x * y, () => NaN, () => Infinity, () => "a", () => { throw new Error("user function failed"); }, 42, null);
const plotOptions = optionsArb(["title", "xLabel", "yLabel", "xDomain", "yDomain", "width", "height", "equalAxes", "metrics"], fc.oneof(junk, rangeArb, numberOpt));
const contourOptions = fc.oneof(
  junk,
  fc.record({ x: rangeArb, y: rangeArb, steps: numberOpt, path: fc.oneof(junk, fc.array(fc.tuple(fc.double(), fc.double()), { maxLength: 4 })), title: junk }, { requiredKeys: [] }),
);
const shapeArb = fc.oneof(junk, fc.array(fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constantFrom(NaN, 1.5, 1e12, -1)), { maxLength: 6 }));
const pathArb = fc.oneof(fc.constantFrom(...PATHS), junk);

const ARGS: Record<string, fc.Arbitrary<unknown[]>> = {
  inspect: fc.tuple(anyArg, optionsArb(["precision", "threshold", "edgeItems", "stats", "heatmap"], numberOpt)),
  formatTensor: fc.tuple(anyArg, optionsArb(["precision", "threshold", "edgeItems"], numberOpt)),
  tensorStats: fc.tuple(anyArg),
  showImage: fc.tuple(anyArg, optionsArb(["scale"], fc.oneof(numberOpt, fc.constant(100_000)))),
  showImages: fc.tuple(anyArg, optionsArb(["labels", "predictions", "cols", "scale"], fc.oneof(anyArg, numberOpt))),
  summary: fc.tuple(fc.oneof(modelArb, anyArg)),
  shapeTrace: fc.tuple(fc.oneof(modelArb, anyArg), fc.oneof(tensorArb, shapeArb)),
  explainBroadcast: fc.tuple(fc.oneof(tensorArb, shapeArb), fc.oneof(tensorArb, shapeArb)),
  explainMatMul: fc.tuple(fc.oneof(tensorArb, shapeArb), fc.oneof(tensorArb, shapeArb), optionsArb(["transposeA", "transposeB"], junk)),
  explainReshape: fc.tuple(shapeArb, shapeArb),
  plotHistory: fc.tuple(fc.oneof(anyArg, fc.dictionary(fc.string({ maxLength: 8 }), fc.array(fc.oneof(fc.double(), junk), { maxLength: 5 }))), optionsArb(["metrics"], junk)),
  liveProgress: fc.tuple(optionsArb(["metrics", "chart"], junk)),
  linePlot: fc.tuple(seriesArb, plotOptions),
  scatterPlot: fc.tuple(fc.oneof(pointsArb, fc.array(fc.record({ name: fc.string(), points: pointsArb, color: anyArg }), { maxLength: 3 })), plotOptions),
  barPlot: fc.tuple(fc.oneof(anyArg, fc.record({ name: anyArg, values: fc.oneof(tensorArb, anyArg), labels: anyArg }, { requiredKeys: ["values"] })), plotOptions),
  computationGraph: fc.tuple(
    fc.oneof(
      anyArg,
      fc.record({
        nodes: fc.oneof(junk, fc.array(fc.record({ id: fc.oneof(fc.string({ maxLength: 3 }), junk), label: anyArg, kind: fc.oneof(fc.constantFrom("op", "layer", "value", "box"), junk) }), { maxLength: 3 })),
        edges: fc.oneof(junk, fc.array(fc.record({ from: fc.oneof(fc.string({ maxLength: 3 }), junk), to: fc.oneof(fc.string({ maxLength: 3 }), junk), forward: fc.oneof(fc.double(), fc.string(), junk), backward: anyArg }), { maxLength: 4 })),
        title: anyArg,
      }, { requiredKeys: ["edges"] }),
    ),
  ),
  contourPlot: fc.tuple(scalarFn, contourOptions),
  surfacePlot: fc.tuple(scalarFn, contourOptions),
  confusionMatrix: fc.tuple(fc.oneof(tensorArb, anyArg), fc.oneof(tensorArb, anyArg), optionsArb(["classNames"], junk)),
  loadMnist: fc.tuple(fc.oneof(junk, fc.record({ dir: pathArb }), fc.record({ limit: fc.oneof(junk, fc.constantFrom(NaN, -1, 0, 2.5, Infinity, 2)) }))),
  readIdx: fc.tuple(pathArb),
  display: fc.tuple(anyArg, optionsArb(["raw"], junk)),
  formatValue: fc.tuple(anyArg, optionsArb(["raw"], junk)),
  encodePng: fc.tuple(fc.oneof(anyArg, fc.constant(new Uint8Array(16))), numberOpt, numberOpt),
  svgToPng: fc.tuple(fc.oneof(junk, fc.constantFrom("<svg", "<svg xmlns='http://www.w3.org/2000/svg' width='1e9' height='1e9'/>", "<html/>")), optionsArb(["scale", "width", "background"], numberOpt)),
  selectBackend: fc.tuple(fc.oneof(junk, fc.record({ prefer: junk }))),
  report: fc.tuple(fc.oneof(junk, fc.record({ title: anyArg, columns: fc.oneof(junk, fc.array(fc.oneof(fc.string(), junk), { maxLength: 3 })), rows: fc.oneof(junk, fc.array(fc.array(fc.oneof(fc.string(), junk), { maxLength: 4 }), { maxLength: 3 })), footer: anyArg }, { requiredKeys: [] }))),
  layerStats: fc.tuple(fc.oneof(modelArb, anyArg), fc.oneof(tensorArb, anyArg)),
  histogram: fc.tuple(fc.oneof(tensorArb, anyArg), optionsArb(["bins", "range", "title"], fc.oneof(numberOpt, rangeArb))),
  weightHistograms: fc.tuple(optionsArb(["bins", "weights", "everyBatches"], fc.oneof(numberOpt, junk))),
  perClassAccuracy: fc.tuple(fc.oneof(tensorArb, anyArg, fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 8 })), fc.oneof(tensorArb, anyArg, fc.array(fc.integer({ min: -2, max: 12 }), { maxLength: 8 })), optionsArb(["classNames", "title"], junk)),
  showMistakes: fc.tuple(fc.oneof(modelArb, anyArg), fc.oneof(tensorArb, anyArg), fc.oneof(tensorArb, anyArg, fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 6 })), optionsArb(["n", "cols", "scale", "classNames", "imageShape", "range"], fc.oneof(numberOpt, shapeArb, rangeArb))),
  activations: fc.tuple(fc.oneof(modelArb, anyArg), fc.oneof(tensorArb, anyArg), optionsArb(["maxChannels", "maxBars", "title", "width"], numberOpt)),
  compareHistories: fc.tuple(fc.oneof(anyArg, fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(anyArg, fc.dictionary(fc.constantFrom("loss", "val_loss", "acc", "accuracy", "mse"), fc.array(fc.oneof(fc.double(), junk), { maxLength: 4 }))), { maxKeys: 3 })), optionsArb(["metrics", "title"], junk)),
  trackTensors: fc.tuple(anyArg),
};

/** Kernel plumbing that replaces global state by design; calling it with junk is not a student's mistake. */
const SKIP: Record<string, string> = {};

function isClass(f: Function): boolean {
  return /^class\b/.test(Function.prototype.toString.call(f));
}

function tensorsIn(value: unknown, seen = new Set<unknown>(), depth = 0): tf.Tensor[] {
  if (value instanceof tf.Tensor) return value.isDisposed ? [] : [value];
  if (value === null || typeof value !== "object" || depth > 4 || seen.has(value)) return [];
  seen.add(value);
  if (ArrayBuffer.isView(value)) return [];
  return Object.values(value).flatMap((v) => tensorsIn(v, seen, depth + 1));
}

function disposeModels(models: tf.LayersModel[]): void {
  for (const m of models) {
    try {
      m.dispose();
    } catch {
      // Already disposed by the call.
    }
  }
}

async function settle(value: unknown): Promise<unknown> {
  if (!(value instanceof Promise)) return value;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`HANG: the promise did not settle within ${SLOW_MS} ms`)), SLOW_MS)));
  try {
    return await Promise.race([value, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One call, checked; returns whether it worked, plus the violations it showed. */
async function check(name: string, fn: Fn, params: string[], aliases: string[], rawArgs: unknown[]): Promise<{ worked: boolean; violations: Violation[] }> {
  const violations: Violation[] = [];
  const made = { tensors: [] as tf.Tensor[], models: [] as tf.LayersModel[] };
  const args = rawArgs.map((a) => materialize(a, made));
  const inputs = new Set(made.tensors.map((t) => t.id));
  const before = tf.memory().numTensors;
  const argText = rawArgs.map(describeArg).join(", ");
  const flag = (kind: Violation["kind"], detail: string) => violations.push({ fn: name, kind, args: argText, detail: detail.slice(0, 500) });
  const start = Date.now();
  let worked = false;
  let result: unknown;
  process.stdout.write(`calling ${name}(${argText.slice(0, 300)})\n`);
  try {
    result = await settle(fn(...args));
    worked = true;
  } catch (e) {
    if (!(e instanceof Error)) flag("non-Error thrown", String(e));
    else if (e.message.startsWith("HANG:")) flag("slow", e.message);
    else if (!isClearError(name, params, e.message, aliases)) flag("unclear error", `${e.name}: ${e.message}`);
  }
  // What the kernel would do with the value: show it, and send its bundle as JSON.
  if (worked && result !== null && typeof result === "object" && typeof (result as Record<symbol, unknown>)[displaySymbol] === "function") {
    try {
      const bundle = (result as { [displaySymbol](): unknown })[displaySymbol]();
      try {
        JSON.stringify(bundle, (_, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
      } catch (e) {
        flag("unserializable display", String(e));
      }
    } catch (e) {
      if (!(e instanceof Error) || !isClearError(name, params, e.message, aliases)) flag("display failed", e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    }
  }
  const ms = Date.now() - start;
  if (ms > SLOW_MS) flag("slow", `${ms} ms`);
  const returned = tensorsIn(result).filter((t) => !inputs.has(t.id));
  const leaked = tf.memory().numTensors - before - returned.length;
  if (leaked > 0) flag("leaked tensors", `${leaked} tensor(s) left behind`);
  for (const t of returned) t.dispose();
  tf.dispose(made.tensors);
  disposeModels(made.models);
  if (result && typeof result === "object" && "dispose" in result && typeof (result as { dispose: unknown }).dispose === "function" && !(result instanceof tf.Tensor)) {
    try {
      (result as { dispose(): void }).dispose();
    } catch {
      // Best effort only.
    }
  }
  return { worked, violations };
}

export async function runHarness(library: Library, options: { runs: number; seed: number; only?: string; skip: string[] }): Promise<void> {
  const end: EndReport = { skipped: {}, asyncErrors: [] };
  let current = "";
  const onAsync = (e: unknown) =>
    end.asyncErrors.push(`after calls of ${current}: ${e instanceof Error ? `${e.name}: ${e.message} ${(e.stack ?? "").split("\n").slice(1, 4).map((l) => l.trim()).join(" ")}` : String(e)}`);
  process.on("unhandledRejection", onAsync);
  process.on("uncaughtException", onAsync);
  // Displays go where the kernel would send them: serialized as JSON.
  installFrontend({
    display: (bundle: unknown) => void JSON.stringify(bundle),
    clearOutput: () => {},
    sendComm: (_type, content) => void JSON.stringify(content),
    log: () => {},
  });
  const aliases = Object.keys(library).filter((k) => typeof library[k] === "function");
  for (const [name, value] of publicFunctions(library)) {
    if ((options.only && name !== options.only && !(options.only.endsWith(".") && name.startsWith(options.only))) || options.skip.includes(name)) continue;
    if (SKIP[name]) {
      end.skipped[name] = SKIP[name]!;
      continue;
    }
    if (isClass(value)) {
      end.skipped[name] = "a class; its instances come from the helper functions, which are tested";
      continue;
    }
    current = name;
    const fn = value as Fn;
    // A namespace's helper may name itself without the namespace: `sigmoid(x): …` for scratch.sigmoid.
    const params = [...parameterNames(fn), ...(name.includes(".") ? [name.slice(name.lastIndexOf(".") + 1)] : [])];
    const args = ARGS[name] ?? fc.array(anyArg, { minLength: 0, maxLength: Math.max(1, fn.length) + 1 });
    const stats: CallStats = { calls: 0, worked: 0, threw: 0 };
    const found: Violation[] = [];
    await fc.check(
      fc.asyncProperty(args, async (a) => {
        const r = await check(name, fn, params, aliases, a);
        stats.calls++;
        if (r.worked) stats.worked++;
        else stats.threw++;
        if (found.length < 20) found.push(...r.violations);
        return true;
      }),
      { numRuns: options.runs, seed: options.seed },
    );
    const report: FunctionReport = { name, stats, violations: dedupe(found) };
    process.stdout.write(`FUNCTION ${JSON.stringify(report)}\n`);
  }
  await new Promise((r) => setTimeout(r, 200));
  process.off("unhandledRejection", onAsync);
  process.off("uncaughtException", onAsync);
  process.stdout.write(`END ${JSON.stringify(end)}\n`);
}

/** Every exported function, and the functions of exported namespaces (`scratch.sigmoid`). */
function publicFunctions(library: Library): [string, Function][] {
  return Object.entries(library).flatMap(([name, value]): [string, Function][] => {
    if (typeof value === "function") return [[name, value]];
    const isNamespace = value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof tf.Tensor);
    if (!isNamespace) return [];
    return Object.entries(value as Record<string, unknown>)
      .filter((entry): entry is [string, Function] => typeof entry[1] === "function")
      .map(([member, fn]): [string, Function] => [`${name}.${member}`, fn]);
  });
}

/** One violation per function, kind and message shape. */
function dedupe(vs: Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((v) => {
    const key = `${v.fn}|${v.kind}|${v.detail.replace(/\d+/g, "#").slice(0, 80)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function main(argv: string[]): Promise<void> {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const library = require("../../src/index") as Library;
  // The kernel's backend, so behaviour matches what students see.
  await (library.selectBackend as () => Promise<unknown>)?.();
  await runHarness(library, {
    runs: Number(flag("--runs") ?? 40),
    seed: Number(flag("--seed") ?? 1),
    only: flag("--only"),
    skip: (flag("--skip") ?? "").split(",").filter(Boolean),
  });
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  // tfjs-wasm keeps handles open; everything is reported, so stop here.
  process.exit(0);
}

if (require.main === module) void main(process.argv.slice(2));
