// Tensor inspection speed: the display bundle of a 1,000,000-element float32 tensor (goal ≤ 50 ms
// after warm-up, text kept short), its parts, and the image and model helpers, per backend.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { displaySymbol } from "../src/display";
import { formatTensor, inspect, showImages, tensorStats } from "../src/inspect";
import { shapeTrace, summary } from "../src/shapes";

function timeIt(f: () => unknown, runs: number, warmup = 3): { p50: number; p95: number } {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(runs / 2)]!, p95: times[Math.min(runs - 1, Math.floor(runs * 0.95))]! };
}

export async function run(): Promise<void> {
  console.log("backend  what                                          p50 ms    p95 ms   notes");
  for (const backend of ["wasm", "cpu"]) {
    if (!(await tf.setBackend(backend))) {
      console.log(`${backend.padEnd(9)}unavailable`);
      continue;
    }
    await tf.ready();
    const big = tf.randomNormal([1000, 1000]);
    const withNaN = tf.tidy(() => tf.where(tf.less(tf.randomUniform([1000, 1000]), 0.001), tf.fill([1000, 1000], NaN), big));
    const digits = tf.randomUniform([25, 28, 28], 0, 255, "int32");
    const labels = Array.from({ length: 25 }, (_, i) => i % 10);
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10 })] });
    const bundle = inspect(big)[displaySymbol]();
    const text = String(bundle["text/plain"]);
    const html = String(bundle["text/html"]);
    const before = tf.memory().numTensors;
    const rows: [string, () => unknown, number, string][] = [
      ["display bundle, 1M float32 [1000,1000]", () => inspect(big)[displaySymbol](), 30, `text ${text.length} chars, html ${html.length} chars; goal ≤ 50 ms`],
      ["display bundle, 1M float32 with NaNs", () => inspect(withNaN)[displaySymbol](), 10, "masked stats pass"],
      ["formatTensor, 1M float32", () => formatTensor(big), 30, ""],
      ["tensorStats, 1M float32", () => tensorStats(big), 30, ""],
      ["showImages, 25 digits 28×28 with labels", () => showImages(digits, { labels, predictions: labels }), 10, ""],
      ["summary(model) bundle", () => summary(model)[displaySymbol](), 30, ""],
      ["shapeTrace(model, [32, 784])", () => shapeTrace(model, [32, 784]), 10, ""],
    ];
    for (const [what, f, runs, notes] of rows) {
      const { p50, p95 } = timeIt(f, runs);
      console.log(`${backend.padEnd(9)}${what.padEnd(46)}${p50.toFixed(1).padStart(6)}${p95.toFixed(1).padStart(10)}   ${notes}`);
    }
    console.log(`${backend.padEnd(9)}tensors leaked by all of the above: ${tf.memory().numTensors - before}`);
    tf.dispose([big, withNaN, digits]);
    model.dispose();
  }
}
