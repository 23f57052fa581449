// liveProgress as a callback in real fits, against a recording display sink; and its pure text.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, WireBundle } from "../../src/display";
import { installFrontend } from "../../src/frontend";
import { liveProgress } from "../../src/charts";
import { bar, formatDuration, ProgressSnapshot, progressText } from "../../src/charts/progressBar";
import { Throttle } from "../../src/charts/throttle";

interface Sent {
  id: string | undefined;
  update: boolean;
  bundle: WireBundle;
}

let sent: Sent[] = [];
beforeEach(() => {
  sent = [];
  installFrontend({ display: (bundle, id, update) => void sent.push({ id, update, bundle }), clearOutput: () => {}, sendComm: () => {}, log: () => {} });
});
afterEach(() => installFrontend(undefined));

/** The last bundle sent to each display id, as a notebook keeps it after update_display_data. */
function finalOutputs(): WireBundle[] {
  const last = new Map<string, WireBundle>();
  for (const s of sent) last.set(s.id!, s.bundle);
  return [...last.values()];
}

function tinyModel(): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [2], activation: "relu" }), tf.layers.dense({ units: 1, activation: "sigmoid" })] });
  model.compile({ optimizer: "sgd", loss: "binaryCrossentropy", metrics: ["accuracy"] });
  return model;
}

function data(n = 64): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([n, 2]) as tf.Tensor2D;
    return { xs, ys: xs.sum(1, true).greater(0).cast("float32") as tf.Tensor2D };
  });
}

describe("progressText", () => {
  const base: ProgressSnapshot = { epochs: 3, initialEpoch: 0, epoch: 1, batch: 5, batchesPerEpoch: 10, elapsedMs: 3000, epochElapsedMs: 1000, current: { loss: 0.5 }, finished: [{ epoch: 0, batches: 10, ms: 2000, logs: { val_loss: 0.7, loss: 0.6 } }], status: "running" };

  it("shows Keras-style lines: epoch i/N, batch k/M, a bar, time, ETA and metrics", () => {
    const text = progressText(base);
    assert.equal(
      text,
      [
        "Epoch 1/3  10/10 [==============================] 2.0s 200ms/step - loss: 0.6000 - val_loss: 0.7000",
        "Epoch 2/3   5/10 [==============>...............] 1.0s ETA: 1.0s - loss: 0.5000",
        "Training: 1/3 epochs, elapsed 3.0s, ETA 3.0s",
      ].join("\n"),
    );
  });

  it("ends with what happened: done, nothing to train, or stopped", () => {
    assert.match(progressText({ ...base, epoch: undefined, status: "done" }), /Done: 1 epoch in 3.0s\.$/);
    assert.match(progressText({ ...base, epochs: 0, finished: [], epoch: undefined, status: "done" }), /^Done: nothing to train \(epochs = 0\)\.$/);
    const stopped = { ...base, epoch: undefined, status: "stopped" as const, finished: [...base.finished, { epoch: 1, batches: 4, ms: 900, logs: { loss: 0.55 } }] };
    assert.match(progressText(stopped), /4\/10 \[===========>\.+\] .* \(stopped\)\nStopped during epoch 2\/3 after batch 4\/10: 1 of 3 epochs completed/);
  });

  it("says a stop on an epoch's last batch, or between epochs, came after that epoch", () => {
    const onLastBatch = { ...base, epoch: undefined, status: "stopped" as const, finished: [...base.finished, { epoch: 1, batches: 10, ms: 900, logs: { loss: 0.55 } }] };
    const text = progressText(onLastBatch);
    assert.doesNotMatch(text, /\(stopped\)|during/);
    assert.match(text, /Epoch 2\/3  10\/10 \[={30}\] .*\nStopped after epoch 2\/3: 2 of 3 epochs completed in 3\.0s\.$/);
    assert.match(progressText({ ...base, epoch: undefined, status: "stopped" }), /\nStopped after epoch 1\/3: 1 of 3 epochs completed/);
  });

  it("formats bars and durations", () => {
    assert.equal(bar(0, 10, 10), "[..........]");
    assert.equal(bar(5, 10, 10), "[====>.....]");
    assert.equal(bar(10, 10, 10), "[==========]");
    assert.equal(bar(3, undefined, 5), "[.....]");
    assert.deepEqual([formatDuration(420), formatDuration(12_400), formatDuration(185_000)], ["0.4s", "12s", "3m 05s"]);
  });
});

describe("Throttle", () => {
  it("runs at once, then defers calls inside the interval to a single trailing run", async () => {
    let runs = 0;
    const t = new Throttle(50, () => void runs++, () => 1000);
    for (let i = 0; i < 100; i++) t.request();
    assert.equal(runs, 1);
    assert.equal(t.pending, true);
    await new Promise((r) => setTimeout(r, 80));
    assert.equal(runs, 2, "the last request still runs");
  });
});

describe("liveProgress in model.fit", () => {
  it("shows a bar updated in place and a chart, ending on the final state", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    await model.fit(xs, ys, { epochs: 2, batchSize: 8, validationSplit: 0.25, callbacks: [liveProgress()] });
    const ids = [...new Set(sent.map((s) => s.id))];
    assert.equal(ids.length, 2, "one bar and one chart");
    for (const id of ids) {
      const msgs = sent.filter((s) => s.id === id);
      assert.equal(msgs[0]!.update, false, "first a display_data");
      assert.ok(msgs.slice(1).every((m) => m.update), "then only updates in place");
    }
    const [barBundle, chartBundle] = finalOutputs();
    assert.deepEqual(Object.keys(barBundle!).sort(), ["text/html", "text/plain"]);
    const text = barBundle!["text/plain"];
    assert.match(text, /^Epoch 1\/2  6\/6 \[=+\] .* - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}\nEpoch 2\/2  6\/6 .*\nDone: 2 epochs in /);
    assert.deepEqual(Object.keys(chartBundle!).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    assert.match(chartBundle!["text/plain"], /^Training history: 2 epochs \(loss, acc\)/);
    assert.equal((chartBundle!["application/vnd.vegalite.v5+json"] as { title: string }).title, "Training", "the saved chart is the final one, not the live one");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("redraws the chart after every epoch when asked to, each time with one more epoch", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    await model.fit(xs, ys, { epochs: 3, batchSize: 16, callbacks: [liveProgress({ chartEveryMs: 0 })] });
    const charts = sent.filter((s) => "image/png" in s.bundle);
    const epochsShown = charts.map((s) => (s.bundle["application/vnd.vegalite.v5+json"] as { hconcat: Array<{ data: { values: unknown[] } }> }).hconcat[0]!.data.values.length);
    assert.deepEqual(epochsShown, [1, 2, 3, 3], "after epochs 1, 2 and 3, then the final redraw");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("updates the bar at most once per interval between epochs", async () => {
    const model = tinyModel();
    const { xs, ys } = data(256);
    await model.fit(xs, ys, { epochs: 2, batchSize: 4, callbacks: [liveProgress({ updateEveryMs: 60_000, chart: false })] });
    // 128 batches: the first display, one immediate batch update, the end of epoch 1 and the final state.
    assert.ok(sent.length <= 4, `expected at most 4 bar messages, got ${sent.length}`);
    assert.match(finalOutputs()[0]!["text/plain"], /Done: 2 epochs/);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("leaks no tensor", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, verbose: 0 }); // creates the optimizer's state
    const before = tf.memory().numTensors;
    await model.fit(xs, ys, { epochs: 2, batchSize: 16, validationSplit: 0.25, callbacks: [liveProgress()] });
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("says there was nothing to train when epochs is 0, and draws no chart", async () => {
    const model = tinyModel();
    const { xs, ys } = data(8);
    await model.fit(xs, ys, { epochs: 0, callbacks: [liveProgress()] });
    const outputs = finalOutputs();
    assert.equal(outputs.length, 1);
    assert.equal(outputs[0]!["text/plain"], "Done: nothing to train (epochs = 0).");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("reports a stop (interrupt, early stopping) with where it happened", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    const stopper = new tf.CustomCallback({ onBatchEnd: async (batch) => void (batch === 2 && (model.stopTraining = true)) });
    const progress = liveProgress();
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, callbacks: [progress, stopper] });
    const [barBundle, chartBundle] = finalOutputs();
    assert.match(barBundle!["text/plain"], /Epoch 1\/3  3\/8 .*\(stopped\)\nStopped during epoch 1\/3 after batch 3\/8: 0 of 3 epochs completed/);
    assert.ok(chartBundle, "the partial epoch is charted");
    assert.equal(progress.state.status, "stopped");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("reports a stop on an epoch's last batch as a stop after that epoch", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    let epoch = 0;
    const stopper = new tf.CustomCallback({
      onEpochBegin: async (e) => void (epoch = e),
      onBatchEnd: async (batch) => void (epoch === 1 && batch === 7 && (model.stopTraining = true)),
    });
    const progress = liveProgress({ chart: false });
    await model.fit(xs, ys, { epochs: 3, batchSize: 8, callbacks: [progress, stopper] });
    const [barBundle] = finalOutputs();
    assert.match(barBundle!["text/plain"], /Epoch 2\/3  8\/8 \[={30}\] [^\n]*\d\nStopped after epoch 2\/3: 2 of 3 epochs completed in /);
    assert.equal(progress.state.status, "stopped");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("leaves its last state readable when fit throws midway", async () => {
    const model = tinyModel();
    const { xs, ys } = data();
    const failing = new tf.CustomCallback({
      onBatchEnd: async (batch) => {
        if (batch === 3) throw new Error("boom");
      },
    });
    const progress = liveProgress({ updateEveryMs: 0 });
    await assert.rejects(model.fit(xs, ys, { epochs: 2, batchSize: 8, callbacks: [progress, failing] }), /boom/);
    const last = finalOutputs()[0]!["text/plain"];
    assert.equal(last, progress.text());
    assert.match(last, /^Epoch 1\/2  4\/8 \[.*\] .* - loss: /);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("displays itself as its latest state, e.g. after an interrupt", async () => {
    const model = tinyModel();
    const { xs, ys } = data(16);
    const progress = liveProgress({ chart: false });
    await model.fit(xs, ys, { epochs: 1, batchSize: 8, callbacks: [progress] });
    const bundle = progress[displaySymbol]();
    assert.equal(bundle["text/plain"], finalOutputs()[0]!["text/plain"]);
    assert.match(String(bundle["text/html"]), /<progress value="1.0000"/);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("refuses a metric the fit does not log, naming those it does", async () => {
    const model = tinyModel();
    const { xs, ys } = data(8);
    await assert.rejects(model.fit(xs, ys, { epochs: 1, callbacks: [liveProgress({ metrics: ["mae"] })] }), /liveProgress: metric 'mae' is not logged by this fit; it logs: loss, acc/);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("names a bad option when it is created, not when training starts", () => {
    assert.throws(() => liveProgress({ metrics: "loss" as never }), /liveProgress: options.metrics: expected an array of strings; got "loss"/);
    assert.throws(() => liveProgress({ chart: "no" as never }), /liveProgress: options.chart: expected true or false; got "no"/);
    assert.throws(() => liveProgress({ updateEveryMs: -1 }), /liveProgress: options.updateEveryMs: expected a number of milliseconds ≥ 0; got -1/);
  });

  it("works with fitDataset, learning the batch count from the first epoch", async () => {
    const model = tinyModel();
    const { xs, ys } = data(40);
    const ds = tf.data.zip({ xs: tf.data.array(xs.arraySync()), ys: tf.data.array(ys.arraySync()) }).batch(10) as tf.data.Dataset<tf.TensorContainer>;
    await model.fitDataset(ds, { epochs: 2, callbacks: [liveProgress({ metrics: ["loss"] })] });
    const text = finalOutputs()[0]!["text/plain"];
    assert.match(text, /^Epoch 1\/2  4\/4 \[=+\] .* - loss: \d\.\d{4}\nEpoch 2\/2  4\/4 .*\nDone: 2 epochs/);
    assert.doesNotMatch(text, /acc/, "only the requested metrics");
    tf.dispose([xs, ys]);
    model.dispose();
  });
});
