// The statistics behind the insight helpers, against values worked out by hand: value statistics and
// histograms counted in tf, histograms moved onto other bins, layerStats (dead units and flags),
// histogram() and the weightHistograms callback. No helper leaves a tensor behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol } from "../../src/display/bundle";
import { rebin } from "../../src/charts/specs/histogram";
import { histogram, layerStats, weightHistograms } from "../../src/insight";
import { histogramCounts, valueStats } from "../../src/insight/valueStats";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} ≠ ${b}`);

/** Runs `f`, and fails if it changed the number of live tensors. */
function noLeak<T>(f: () => T): T {
  const before = tf.memory().numTensors;
  const out = f();
  assert.equal(tf.memory().numTensors, before, "no tensor left behind");
  return out;
}

/** Dense(2, relu) on 2 inputs with the given kernel and a zero bias, then Dense(1). */
function tinyModel(kernel: number[][]): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: "relu", name: "hidden" }), tf.layers.dense({ units: 1, name: "out" })] });
  const [k, b] = [tf.tensor2d(kernel), tf.zeros([2])];
  model.layers[0]!.setWeights([k, b]);
  tf.dispose([k, b]);
  return model;
}

describe("valueStats", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("gives min, max, mean and std of the finite values, the share of zeros and the NaN and Inf counts", () => {
    const t = tf.tensor1d([0, 1, 2, NaN, Infinity, -Infinity, 0]);
    const [s] = noLeak(() => valueStats([t]));
    // Finite values 0, 1, 2, 0: mean 3/4; squared deviations 0.5625 + 0.0625 + 1.5625 + 0.5625 = 2.75; std √(2.75/4).
    assert.equal(s!.size, 7);
    assert.deepEqual([s!.min, s!.max], [0, 2]);
    close(s!.mean, 0.75, "mean");
    close(s!.std, Math.sqrt(2.75 / 4), "std");
    close(s!.zeroFraction, 2 / 7, "zeros");
    assert.deepEqual([s!.nanCount, s!.infCount], [1, 2]);
    t.dispose();
  });

  it("reads many tensors at once, int32 and empty ones included", () => {
    const a = tf.tensor2d([[1, -1], [0, 0]]);
    const b = tf.tensor1d([3, 3, 3], "int32");
    const empty = tf.zeros([0, 4]);
    const allNaN = tf.tensor1d([NaN, NaN]);
    const [sa, sb, se, sn] = noLeak(() => valueStats([a, b, empty, allNaN]));
    assert.deepEqual([sa!.min, sa!.max, sa!.mean, sa!.zeroFraction], [-1, 1, 0, 0.5]);
    close(sa!.std, Math.sqrt(0.5), "std of [1,-1,0,0]");
    assert.deepEqual([sb!.mean, sb!.std, sb!.min], [3, 0, 3]);
    assert.equal(se!.size, 0);
    assert.ok(Number.isNaN(se!.mean) && Number.isNaN(sn!.min) && Number.isNaN(sn!.std));
    assert.equal(sn!.nanCount, 2);
    tf.dispose([a, b, empty, allNaN]);
  });
});

describe("histogramCounts", () => {
  it("counts equal bins from the smallest to the largest value, the largest in the last bin", () => {
    const t = tf.tensor1d([0, 0.5, 1, 1.5, 2]);
    const [h] = noLeak(() => histogramCounts([t], 4));
    assert.deepEqual([h!.lo, h!.hi, h!.counts, h!.total], [0, 2, [1, 1, 1, 2], 5]);
    t.dispose();
  });

  it("leaves NaN, ±Inf and values outside a given range out of the bins, and counts NaN and Inf", () => {
    const t = tf.tensor1d([-5, 0.1, 0.2, 0.9, NaN, Infinity, 7]);
    const [h] = noLeak(() => histogramCounts([t], 2, [0, 1]));
    assert.deepEqual([h!.lo, h!.hi, h!.counts, h!.nanCount, h!.infCount], [0, 1, [2, 1], 1, 1]);
    const [free] = noLeak(() => histogramCounts([t], 3));
    assert.deepEqual([free!.lo, free!.hi, free!.counts], [-5, 7, [1, 3, 1]], "bins of 4 from -5: [-5,-1) [-1,3) [3,7]");
    t.dispose();
  });

  it("puts a constant tensor in the middle of a unit-wide range, and an empty one in empty bins", () => {
    const c = tf.fill([4], 3);
    const e = tf.zeros([0]);
    const [hc, he] = noLeak(() => histogramCounts([c, e], 3));
    assert.deepEqual([hc!.lo, hc!.hi, hc!.counts], [2.5, 3.5, [0, 4, 0]]);
    assert.deepEqual([he!.counts, he!.total], [[0, 0, 0], 0]);
    tf.dispose([c, e]);
  });
});

describe("rebin", () => {
  it("spreads each count evenly over the new bins it overlaps", () => {
    assert.deepEqual(rebin({ lo: 0, hi: 2, counts: [4] }, 0, 2, 4), [1, 1, 1, 1]);
    assert.deepEqual(rebin({ lo: 0, hi: 2, counts: [2, 2] }, 0, 4, 2), [4, 0]);
    assert.deepEqual(rebin({ lo: 1, hi: 2, counts: [3] }, 0, 4, 4), [0, 3, 0, 0]);
    const moved = rebin({ lo: -1, hi: 1, counts: [1, 3] }, -2, 2, 8);
    assert.equal(moved.reduce((a, b) => a + b, 0), 4, "nothing is lost");
  });
});

describe("layerStats", () => {
  it("gives each weight tensor's shape and statistics, as computed by hand", () => {
    const model = tinyModel([[1, -1], [0, 0]]);
    const stats = noLeak(() => layerStats(model));
    assert.deepEqual(stats.rows.map((r) => [r.layer, r.weight, r.shape]), [
      ["hidden", "kernel", [2, 2]],
      ["hidden", "bias", [2]],
      ["out", "kernel", [2, 1]],
      ["out", "bias", [1]],
    ]);
    const kernel = stats.rows[0]!.stats!;
    assert.deepEqual([kernel.min, kernel.max, kernel.mean, kernel.zeroFraction, kernel.nanCount, kernel.infCount], [-1, 1, 0, 0.5, 0, 0]);
    close(kernel.std, Math.sqrt(0.5), "std");
    assert.equal(stats.rows[1]!.stats!.zeroFraction, 1, "the bias is all zeros");
    assert.equal(stats.batchSize, 0);
    assert.match(stats.toString(), /pass an input batch to count the dead units/);
    model.dispose();
  });

  it("counts the dead units of ReLU layers on a batch, and flags more than half dead", () => {
    const batch = tf.tensor2d([[1, 0], [2, 0], [3, 5]]);
    // Unit 1 computes −x₀ ≤ 0 on every example: dead. Unit 0 is alive.
    const half = tinyModel([[1, -1], [0, 0]]);
    const s = noLeak(() => layerStats(half, batch));
    assert.deepEqual(s.rows[0]!.dead, { dead: 1, units: 2, fraction: 0.5 });
    assert.deepEqual(s.flagged, [], "exactly half is not flagged");
    assert.equal(s.rows[2]!.dead, undefined, "the linear output layer has no dead units");
    const all = tinyModel([[-1, -1], [0, 0]]);
    const d = noLeak(() => layerStats(all, batch));
    assert.deepEqual(d.rows[0]!.flags, ["100% dead"]);
    assert.match(d.toString(), /dead units: never above 0 on any of the 3 examples of the batch/);
    assert.match(d[displaySymbol]()["text/html"] as string, /<span style="color:#c62828;font-weight:bold">100% dead<\/span>/);
    tf.dispose(batch);
    half.dispose();
    all.dispose();
  });

  it("gives ReLU layers without weights a row of their own, and flags NaN and Inf weights", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], name: "lin" }), tf.layers.reLU({ name: "act" })] });
    const [k, b] = [tf.tensor2d([[NaN, 1, -1], [Infinity, 1, -1]]), tf.zeros([3])];
    model.layers[0]!.setWeights([k, b]);
    const batch = tf.tensor2d([[1, 1]]);
    const s = noLeak(() => layerStats(model, batch));
    assert.deepEqual(s.rows[0]!.flags, ["NaN/Inf"]);
    assert.deepEqual([s.rows[0]!.stats!.nanCount, s.rows[0]!.stats!.infCount], [1, 1]);
    const act = s.rows.find((r) => r.layer === "act")!;
    assert.deepEqual([act.weight, act.shape, act.dead?.dead, act.dead?.units], ["(output)", [3], 2, 3]);
    tf.dispose([k, b, batch]);
    model.dispose();
  });

  it("says what is wrong with the model or the batch", () => {
    assert.throws(() => layerStats(tf.sequential()), /layerStats: expected a built model; model "\w+" is not built yet \(it has no layers\)/);
    assert.throws(() => layerStats({} as never), /layerStats: expected model to be a tf\.LayersModel .*; got an object/);
    const model = tinyModel([[1, 0], [0, 1]]);
    const wrong = tf.zeros([4, 3]);
    assert.throws(() => layerStats(model, wrong), /layerStats: expected input to have shape \(None, 2\) \(model "\w+"'s input\); got \(4, 3\)/);
    assert.throws(() => layerStats(model, [[1, 2]] as never), /layerStats: expected input to be a tf\.Tensor of shape \(None, 2\); got an array of length 1/);
    wrong.dispose();
    model.dispose();
    assert.throws(() => layerStats(model), /layerStats: expected model to be a live tf\.LayersModel/);
  });
});

describe("histogram", () => {
  it("draws bars of the counts and says what it left out", () => {
    const t = tf.tensor1d([0, 0.5, 1, 1.5, 2, NaN]);
    const chart = noLeak(() => histogram(t, { bins: 4 }));
    assert.deepEqual(chart.counts.counts, [1, 1, 1, 2]);
    const values = (chart.spec.data as { values: Array<{ start: number; end: number; count: number }> }).values;
    assert.deepEqual(values.map((v) => [v.start, v.end, v.count]), [[0, 0.5, 1], [0.5, 1, 1], [1, 1.5, 1], [1.5, 2, 2]]);
    assert.match(chart.summary, /^Histogram of a float32 tensor of shape \[6\]: 5 values in 4 bins from 0 to 2/);
    assert.match(chart.summary, /left out: 1 NaN, 0 ±Infinity/);
    assert.deepEqual(Object.keys(chart[displaySymbol]()).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    t.dispose();
  });

  it("names a bad tensor or a bad number of bins", () => {
    const t = tf.ones([3]);
    assert.throws(() => histogram(t, { bins: 0 }), /histogram: options.bins: expected an integer from 1 to 1000; got 0/);
    assert.throws(() => histogram([1, 2] as never), /histogram: expected t to be a tf\.Tensor; got \[1,2\]/);
    t.dispose();
    assert.throws(() => histogram(t), /histogram: expected t to be a live tf\.Tensor/);
  });
});

describe("weightHistograms", () => {
  async function fitWith(callbacks: tf.CustomCallback[], epochs: number): Promise<tf.LayersModel> {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3], activation: "relu" }), tf.layers.dense({ units: 1 })] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const [xs, ys] = [tf.ones([8, 3]), tf.ones([8, 1])];
    await model.fit(xs, ys, { epochs, batchSize: 4, verbose: 0, callbacks });
    tf.dispose([xs, ys]);
    return model;
  }

  it("records each kernel's histogram at the start and after every epoch, counting all its values", async () => {
    const recorder = weightHistograms({ bins: 5 });
    const model = await fitWith([recorder], 2);
    assert.deepEqual(recorder.series.map((s) => s.snapshots.map((x) => x.label)), [["start", "epoch 1", "epoch 2"], ["start", "epoch 1", "epoch 2"]]);
    assert.deepEqual(recorder.series[0]!.snapshots.map((x) => x.bins.counts.reduce((a, b) => a + b, 0)), [12, 12, 12], "3×4 kernel values each time");
    assert.ok(/kernel$/.test(recorder.series[0]!.name));
    const ridge = recorder.plot();
    assert.match(ridge.summary, /^Weight histograms \(ridgeline\): 2 weight tensors, 3 snapshots/);
    assert.ok(recorder.plot({ kind: "heatmap" }).png()!.length > 1000);
    model.dispose();
  });

  it("records every few batches when asked, and continues the record in a second fit", async () => {
    const recorder = weightHistograms({ everyBatches: 2, weights: "all" });
    const model = await fitWith([recorder], 2);
    assert.equal(recorder.series.length, 4, "kernels and biases");
    assert.deepEqual(recorder.series[0]!.snapshots.map((x) => x.label), ["start", "step 2", "step 4"]);
    model.dispose();
  });

  it("adds no tensor to a fit", async () => {
    await fitWith([], 1).then((m) => m.dispose()); // warm up
    const plain = tf.memory().numTensors;
    (await fitWith([], 2)).dispose();
    assert.equal(tf.memory().numTensors, plain);
    const recorder = weightHistograms({ everyBatches: 1 });
    (await fitWith([recorder], 2)).dispose();
    assert.equal(tf.memory().numTensors, plain);
  });

  it("says when nothing was recorded, and names bad options", () => {
    const recorder = weightHistograms();
    assert.match(recorder[displaySymbol]()["text/plain"] as string, /nothing recorded yet/);
    assert.throws(() => recorder.plot(), /weightHistograms\.plot: nothing recorded yet; pass the callback to fit first/);
    assert.throws(() => weightHistograms({ bins: 1 }), /weightHistograms: options.bins: expected an integer from 2 to 500; got 1/);
    assert.throws(() => weightHistograms({ weights: "biases" as never }), /weightHistograms: options.weights: expected one of "kernels", "all"; got "biases"/);
    assert.throws(() => recorder.plot({ kind: "violin" as never }), /weightHistograms\.plot: options.kind: expected one of "ridgeline", "heatmap"; got "violin"/);
  });
});
