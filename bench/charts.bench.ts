// Chart bundles with their PNG: the cold start of the first chart in a fresh process, then
// each chart type after warm-up (the target is ≤ 150 ms per bundle).
import { execFileSync } from "node:child_process";
import path from "node:path";
import { displaySymbol } from "../src/display/bundle";
import { median, Timing, timeBundle } from "./timing";
import { Chart, confusionMatrix, contourPlot, linePlot, plotHistory, scatterPlot, surfacePlot } from "../src/charts";

const TARGET_MS = 150;
const RUNS = 15;

function timeChart(make: () => Chart): Timing {
  return timeBundle(make, RUNS);
}

/** A fresh Node process: load the library, then time its first chart (vega, vega-lite and resvg load on first use). */
function coldStart(): ColdStart {
  const lib = path.join(__dirname, "..", "src", "index.js");
  const script = `
    const cpu = (c) => (c.user + c.system) / 1000;
    let t = performance.now(), c = process.cpuUsage();
    const lib = require(${JSON.stringify(lib)});
    const loadMs = performance.now() - t, loadCpuMs = cpu(process.cpuUsage(c));
    t = performance.now(); c = process.cpuUsage();
    lib.linePlot({ name: "a", x: [0, 1, 2], y: [0, 1, 4] })[Symbol.for("Jupyter.display")]();
    console.log(JSON.stringify({ loadMs, loadCpuMs, firstChartMs: performance.now() - t, firstChartCpuMs: cpu(process.cpuUsage(c)) }));`;
  const out = execFileSync(process.execPath, ["-e", script], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return JSON.parse(out.trim().split("\n").pop()!) as ColdStart;
}

interface ColdStart {
  loadMs: number;
  loadCpuMs: number;
  firstChartMs: number;
  firstChartCpuMs: number;
}

export async function run(): Promise<void> {
  const colds = [coldStart(), coldStart(), coldStart()];
  const m = (key: keyof ColdStart) => median(colds.map((c) => c[key])).toFixed(0);
  const row = (label: string, wall: string, cpu: string) => console.log(`${label.padEnd(60)}${wall.padStart(8)}${cpu.padStart(9)}`);
  row("cold start, fresh process (median of 3)", "wall", "cpu");
  row("load tsdl (tfjs and the library)", `${m("loadMs")} ms`, `${m("loadCpuMs")} ms`);
  row("first chart bundle with PNG (loads vega, vega-lite, resvg)", `${m("firstChartMs")} ms`, `${m("firstChartCpuMs")} ms`);

  const x = Array.from({ length: 101 }, (_, i) => -5 + i / 10);
  const points = Array.from({ length: 400 }, (_, i) => [Math.cos(i) * (1 + (i % 7) / 7), Math.sin(i * 1.3)]);
  const labels = Array.from({ length: 1000 }, (_, i) => i % 10);
  const epochs = Array.from({ length: 20 }, (_, i) => 1 / (i + 1));
  const bowl = (a: number, b: number) => a * a + 5 * b * b;
  const path = Array.from({ length: 20 }, (_, i): [number, number] => [1.8 * 0.8 ** i, 1.6 * 0.5 ** i]);
  const cases: Record<string, () => Chart> = {
    "plotHistory (20 epochs, 2 panels)": () => plotHistory({ loss: epochs, val_loss: epochs.map((v) => v * 1.1), acc: epochs.map((v) => 1 - v), val_acc: epochs.map((v) => 0.95 - v) }),
    "linePlot (3 × 101 points)": () => linePlot([{ name: "relu", x, y: x.map((v) => Math.max(0, v)) }, { name: "sigmoid", x, y: x.map((v) => 1 / (1 + Math.exp(-v))) }, { name: "tanh", x, y: x.map(Math.tanh) }]),
    "scatterPlot (400 points)": () => scatterPlot(points),
    "contourPlot (50×50, path)": () => contourPlot(bowl, { x: [-2, 2], y: [-2, 2], path }),
    "surfacePlot (50×50, path)": () => surfacePlot(bowl, { x: [-2, 2], y: [-2, 2], path }),
    "confusionMatrix (10 classes)": () => confusionMatrix(labels, labels.map((v, i) => (i % 7 ? v : (v + 1) % 10))),
  };
  for (const make of Object.values(cases)) make()[displaySymbol](); // warm-up
  console.log(`\nchart bundle with its 2× PNG, after warm-up (median of ${RUNS})    wall    wall p90      cpu   ≤ ${TARGET_MS} ms`);
  for (const [name, make] of Object.entries(cases)) {
    const t = timeChart(make);
    const ok = t.wall <= TARGET_MS ? "yes" : t.cpu <= TARGET_MS ? "cpu yes (machine busy)" : "NO";
    console.log(`${name.padEnd(48)}${t.wall.toFixed(1).padStart(8)} ms${t.wallP90.toFixed(1).padStart(9)} ms${t.cpu.toFixed(1).padStart(9)} ms   ${ok}`);
  }
}
