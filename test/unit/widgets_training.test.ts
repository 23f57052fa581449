// Widgets around training: liveProgress's Stop button and a learning-rate slider, against a recording frontend.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeEach, describe, it } from "node:test";
import { liveProgress } from "../../src/charts/progress";
import { learningRateSlider } from "../../src/widgets";
import { RecordingFrontend } from "../support/recordingFrontend";

let frontend: RecordingFrontend;
beforeEach(() => {
  frontend = new RecordingFrontend().install();
});
afterEach(() => frontend.uninstall());

function tinyModel(optimizer: tf.Optimizer | string = "sgd"): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer, loss: "meanSquaredError" });
  return model;
}

describe("liveProgress({ stopButton: true })", () => {
  it("shows a Stop button above the bar; a click stops fit after the current batch, and the bar says so", async () => {
    const model = tinyModel();
    const xs = tf.randomNormal([256, 2]);
    const ys = xs.sum(1, true);
    const progress = liveProgress({ stopButton: true, chart: false, updateEveryMs: 0 });
    let batches = 0;
    let stopId: string | undefined;
    const clicker = new tf.CustomCallback({
      onBatchEnd: async () => {
        batches++;
        if (batches === 1) {
          const open = frontend.comms().find((c) => c.type === "comm_open" && (c.content.data as { state: { _model_name: string } }).state._model_name === "ButtonModel");
          stopId = open!.content.comm_id as string;
          await frontend.deliver(stopId, { method: "custom", content: { event: "click" } });
        }
      },
    });
    await model.fit(xs, ys, { epochs: 50, batchSize: 32, callbacks: [progress, clicker], verbose: 0 });
    assert.ok(stopId, "a button was opened");
    assert.equal(batches, 1, "training stopped after the batch during which Stop was clicked");
    const views = frontend.displays();
    assert.equal(views[0]!.bundle["application/vnd.jupyter.widget-view+json"] !== undefined, true, "the button shows first");
    assert.match(progress.text(), /Stopped by the Stop button during epoch 1\/50 after batch 1\/8: 0 of 50 epochs completed in /);
    const last = frontend.on(stopId!).at(-1)!.content.data as { state: Record<string, unknown> };
    assert.deepEqual(last.state, { disabled: true, description: "Training stopped", button_style: "" });
    assert.equal(model.stopTraining, true);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("disables the button once training is done", async () => {
    const model = tinyModel();
    const xs = tf.ones([8, 2]);
    const ys = tf.ones([8, 1]);
    const progress = liveProgress({ stopButton: true, chart: false });
    await model.fit(xs, ys, { epochs: 2, callbacks: [progress], verbose: 0 });
    const button = frontend.comms().filter((c) => c.type === "comm_open").at(-1)!;
    const last = frontend.on(button.content.comm_id as string).at(-1)!.content.data as { state: Record<string, unknown> };
    assert.deepEqual(last.state, { disabled: true, description: "Training done", button_style: "" });
    assert.match(progress.text(), /^Done: 2 epochs/m);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe("learningRateSlider", () => {
  it("starts at the optimizer's rate and sets it when moved, for SGD (a tensor inside) and for Adam (a field)", async () => {
    const sgd = tf.train.sgd(0.01);
    const s = learningRateSlider(sgd, { min: 0.001, max: 0.1, step: 0.001 });
    assert.equal(s.value, 0.01);
    await frontend.deliver(s.modelId, { method: "update", state: { value: 0.05 } });
    assert.equal((sgd as unknown as { learningRate: number }).learningRate, 0.05);
    const model = tinyModel(tf.train.adam(0.002));
    const a = learningRateSlider(model);
    assert.deepEqual([a.min, a.max, a.value], [0, 0.02, 0.002]);
    a.value = 0.01;
    assert.equal((model.optimizer as unknown as { learningRate: number }).learningRate, 0.01);
    model.dispose();
    sgd.dispose();
  });

  it("changes the step a fit takes while it runs", async () => {
    const sgd = tf.train.sgd(0);
    const model = tinyModel(sgd);
    const before = model.getWeights()[0]!.dataSync().slice();
    const s = learningRateSlider(model, { max: 0.1 });
    const xs = tf.ones([4, 2]);
    const ys = tf.fill([4, 1], 5);
    let moved = false;
    const mover = new tf.CustomCallback({
      onBatchEnd: async () => {
        if (moved) return;
        moved = true;
        assert.deepEqual(model.getWeights()[0]!.dataSync(), before, "a rate of 0 leaves the weights alone");
        await frontend.deliver(s.modelId, { method: "update", state: { value: 0.1 } });
      },
    });
    await model.fit(xs, ys, { epochs: 2, batchSize: 4, callbacks: [mover], verbose: 0 });
    assert.notDeepEqual(model.getWeights()[0]!.dataSync(), before, "the second epoch stepped with the slider's rate");
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("says what it needs", () => {
    assert.throws(() => learningRateSlider(tf.sequential() as never), /^TypeError: learningRateSlider: expected target to be a compiled model \(call model\.compile/);
    assert.throws(() => learningRateSlider(3 as never), /^TypeError: learningRateSlider: expected target to be a compiled tf\.LayersModel or a tf\.Optimizer/);
  });
});
