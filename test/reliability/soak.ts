// The soak: hundreds of cells in a row that create and dispose tensors and display charts, with the
// kernel's memory measured as it goes. soak.test.ts runs the CI variant; the long one runs with
//   node dist/test/reliability/soak.js --long        (or TSDL_SOAK=long, or --cells N)
// and prints the probes as a table, exiting 1 when a bound is broken.
import { runScenario } from "./driver";

export interface Probe {
  cell: number;
  seconds?: number;
  /** VmRSS of the kernel process, from /proc. */
  rss: number;
  /** V8 heap in use after a full GC (the kernel runs with --expose-gc for the soak). */
  heap: number;
  /** Memory outside the V8 heap: Buffers, typed arrays, the wasm backend's memory. */
  external?: number;
  tensors: number;
  gc: boolean;
}

export interface SoakReport {
  cells: number;
  warmup: number;
  seconds: number;
  displays: number;
  /** 'true' while the library has no linePlot and the soak displays raw vega-lite + PNG bundles. */
  rawCharts: string;
  failures: unknown[];
  probes: Probe[];
  setup?: unknown;
}

export interface SoakBounds {
  /** RSS growth from its lowest point after warm-up to the last cell, per cell. */
  rssBytesPerCell: number;
  /** ...and never more than this in total. */
  rssBytesTotal: number;
  /** Live heap growth (after GC) from the end of warm-up to the last cell, per cell. */
  heapBytesPerCell: number;
}

export const CI_CELLS = 500;
export const LONG_CELLS = 2000;
export const CHARTS_EVERY = 5;

/**
 * Stated bounds. Each cell declares new top-level names, which tslab keeps (in the TypeScript program and
 * as live values) for the rest of the session, so some growth per cell is inherent; a leak of the
 * cell's tensors, charts or outputs would be megabytes per cell.
 */
export const BOUNDS: SoakBounds = { rssBytesPerCell: 1024 * 1024, rssBytesTotal: 768 * 1024 * 1024, heapBytesPerCell: 32 * 1024 };

export function runSoak(cells: number, timeoutSeconds: number): SoakReport {
  return runScenario<SoakReport>("soak", ["--cells", String(cells), "--charts-every", String(CHARTS_EVERY)], timeoutSeconds);
}

/** Every broken bound, as a sentence; empty when the soak passed. */
export function soakViolations(report: SoakReport, bounds: SoakBounds = BOUNDS): string[] {
  const out: string[] = [];
  if (report.setup) return [`the soak's setup cell failed: ${JSON.stringify(report.setup)}`];
  if (report.failures.length > 0) out.push(`${report.failures.length} cell(s) failed, first: ${JSON.stringify(report.failures[0])}`);
  const expectedDisplays = Math.floor(report.cells / CHARTS_EVERY);
  if (report.displays !== expectedDisplays) out.push(`expected ${expectedDisplays} chart displays; got ${report.displays}`);
  const baseline = report.probes[0]!;
  const last = report.probes[report.probes.length - 1]!;
  const warm = report.probes.find((p) => p.cell === report.warmup) ?? baseline;
  if (last.cell !== report.cells) out.push(`the soak stopped at cell ${last.cell} of ${report.cells}`);
  for (const p of report.probes) {
    if (p.tensors !== baseline.tensors) out.push(`tf.memory().numTensors was ${p.tensors} after cell ${p.cell}; baseline ${baseline.tensors}`);
  }
  if (!last.gc) out.push("the kernel ran without --expose-gc, so heap probes are not after a full GC");
  // RSS peaks while the first charts render and V8 returns pages lazily: measure from its low after warm-up.
  const low = report.probes.filter((p) => p.cell >= warm.cell).reduce((a, b) => (b.rss < a.rss ? b : a));
  const rssCells = Math.max(1, last.cell - low.cell);
  const rss = last.rss - low.rss;
  const after = Math.max(1, last.cell - warm.cell);
  const heap = last.heap - warm.heap;
  if (rss > bounds.rssBytesPerCell * rssCells) out.push(`RSS grew ${mb(rss)} over ${rssCells} cells (${kb(rss / rssCells)}/cell); bound ${kb(bounds.rssBytesPerCell)}/cell`);
  if (rss > bounds.rssBytesTotal) out.push(`RSS grew ${mb(rss)}; bound ${mb(bounds.rssBytesTotal)}`);
  if (heap > bounds.heapBytesPerCell * after) out.push(`live heap grew ${mb(heap)} over ${after} cells (${kb(heap / after)}/cell); bound ${kb(bounds.heapBytesPerCell)}/cell`);
  return out;
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

export function probeTable(report: SoakReport): string {
  const rows = report.probes.map((p) => [String(p.cell), p.seconds === undefined ? "" : p.seconds.toFixed(1), mb(p.rss), mb(p.heap), p.external === undefined ? "" : mb(p.external), String(p.tensors)]);
  const header = ["cell", "s", "RSS", "heap after GC", "external", "tensors"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padStart(widths[i]!)).join("  ")).join("\n");
}

function main(argv: string[]): void {
  const i = argv.indexOf("--cells");
  const long = argv.includes("--long") || process.env.TSDL_SOAK === "long";
  const cells = i >= 0 ? Number(argv[i + 1]) : long ? LONG_CELLS : CI_CELLS;
  const report = runSoak(cells, 6 * 3600);
  console.log(`soak: ${report.cells} cells in ${report.seconds} s, ${report.displays} charts (${report.rawCharts === "true" ? "raw vega-lite + PNG bundles" : "linePlot"})`);
  console.log(probeTable(report));
  const broken = soakViolations(report);
  for (const line of broken) console.log(`BROKEN: ${line}`);
  if (broken.length === 0) console.log("all bounds held");
  process.exitCode = broken.length ? 1 : 0;
}

if (require.main === module) main(process.argv.slice(2));
