// The insight charts as pure values: per-class precision and recall worked out by hand, the most confident
// mistakes of a model whose answers are known, each layer's activations, runs compared, and the leak
// meter's line. Every bad input gets an error naming the function, what it expected and what it got.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { displaySymbol } from "../../src/display/bundle";
import { cellHooks } from "../../src/frontend";
import { activations, compareHistories, perClassAccuracy, showMistakes, trackTensors } from "../../src/insight";
import { leakLine } from "../../src/insight/leakMeter";
import { compileSpec } from "../../src/charts/render";

const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} ≠ ${b}`);

function noLeak<T>(f: () => T): T {
  const before = tf.memory().numTensors;
  const out = f();
  assert.equal(tf.memory().numTensors, before, "no tensor left behind");
  return out;
}

/** Share of a PNG's pixels that are not white. */
function inked(png: Uint8Array): number {
  const img = PNG.sync.read(Buffer.from(png));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 200 || img.data[i + 1]! < 200 || img.data[i + 2]! < 200) n++;
  return n / (img.width * img.height);
}

/** A model whose prediction is the largest of its first three inputs (softmax of 10× them), for 2×2 "images". */
function argmaxModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], activation: "softmax", useBias: false })] });
  const kernel = tf.tensor2d([[10, 0, 0], [0, 10, 0], [0, 0, 10], [0, 0, 0]]);
  model.layers[0]!.setWeights([kernel]);
  kernel.dispose();
  return model;
}

before(async () => {
  await tf.setBackend("cpu");
});

describe("perClassAccuracy", () => {
  // True 0 0 1 1 2, predicted 0 1 1 1 0: class 0 predicted twice, right once; class 1 predicted three
  // times, right twice, found both times; class 2 never predicted, never found.
  const labels = [0, 0, 1, 1, 2];
  const predictions = [0, 1, 1, 1, 0];

  it("gives each class's precision, recall, F1 and support, as worked out by hand", () => {
    const chart = perClassAccuracy(labels, predictions);
    const [c0, c1, c2] = chart.classes;
    assert.deepEqual([c0!.support, c0!.predicted, c0!.correct, c0!.precision, c0!.recall], [2, 2, 1, 0.5, 0.5]);
    close(c1!.precision, 2 / 3, "precision of 1");
    assert.equal(c1!.recall, 1);
    close(c1!.f1, (2 * (2 / 3) * 1) / (2 / 3 + 1), "F1 of 1");
    assert.ok(Number.isNaN(c2!.precision), "class 2 is never predicted: no precision");
    assert.deepEqual([c2!.recall, c2!.f1], [0, 0]);
    assert.equal(chart.accuracy, 3 / 5);
    assert.match(chart.summary, /^Per-class accuracy: 5 examples, accuracy 60\.0%\nclass\s+precision\s+recall\s+F1\s+support/);
    assert.match(chart.summary, /\n2\s+—\s+0\.0%\s+0\.0%\s+1\n/);
    assert.match(chart.report()[displaySymbol]()["text/html"] as string, /<table/);
  });

  it("counts tensors in tf (scores by their argmax) to the same numbers, without leaking", () => {
    const scores = tf.oneHot(tf.tensor1d(predictions, "int32"), 3).mul(0.9);
    const truth = tf.tensor1d(labels, "int32");
    const fromTensors = noLeak(() => perClassAccuracy(truth, scores));
    assert.deepEqual(fromTensors.classes, perClassAccuracy(labels, predictions).classes);
    tf.dispose([scores, truth]);
  });

  it("draws a dot per class beside the table, in a spec vega-lite compiles without warnings", () => {
    const chart = perClassAccuracy(labels, predictions, { classNames: ["cat", "dog", "bird"] });
    const warnings: string[] = [];
    compileSpec(chart.spec, warnings);
    assert.deepEqual(warnings, []);
    assert.deepEqual(Object.keys(chart[displaySymbol]()).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    assert.ok(inked(chart.png()!) > 0.02);
    assert.deepEqual(chart.classes.map((c) => c.name), ["cat", "dog", "bird"]);
  });

  it("names mismatched lengths, labels out of range and bad class names", () => {
    assert.throws(() => perClassAccuracy([0, 1], [0]), /perClassAccuracy: labels has 2 entries but predictions has 1; they must match/);
    assert.throws(() => perClassAccuracy([0, 3], [0, 1], { classNames: ["a", "b"] }), /perClassAccuracy: expected class indices from 0 to 1 \(2 classes\); got 3/);
    assert.throws(() => perClassAccuracy([0, -1], [0, 1]), /perClassAccuracy: labels: expected class indices \(integers ≥ 0\); got -1 at index 1/);
    const bad = tf.tensor1d([0, 1.5]);
    const ok = tf.tensor1d([0, 1]);
    assert.throws(() => noLeak(() => perClassAccuracy(bad, ok)), /perClassAccuracy: labels: expected class indices \(integers ≥ 0\); got 1\.5 at index 1/);
    tf.dispose([bad, ok]);
    assert.throws(() => perClassAccuracy([], []), /perClassAccuracy: labels and predictions are empty/);
    assert.throws(() => perClassAccuracy([0], [0], { classNames: ["a", "a"] }), /perClassAccuracy: options.classNames must be distinct/);
  });
});

describe("showMistakes", () => {
  // Rows: the model predicts the largest of the first three values, with ~certainty when it stands out by 1.
  const images = [
    [1, 0, 0, 0], // → 0, label 0: right
    [0, 1, 0, 0], // → 1, label 2: wrong, confident
    [0, 0, 0.3, 0], // → 2, label 1: wrong, less confident
    [0.2, 0, 0, 0], // → 0, label 1: wrong, least confident
  ];
  const labels = [0, 2, 1, 1];

  it("shows the wrong predictions, the most confident first, with the probability given to each class", () => {
    const model = argmaxModel();
    const x = tf.tensor2d(images);
    const found = noLeak(() => showMistakes(model, x, labels, { n: 2 }));
    assert.equal(found.wrongCount, 3);
    assert.deepEqual(found.mistakes.map((m) => [m.index, m.label, m.predicted]), [[1, 2, 1], [2, 1, 2]]);
    const p = Math.exp(10) / (Math.exp(10) + 2);
    close(found.mistakes[0]!.confidence, p, "confidence");
    close(found.mistakes[0]!.pTrue, 1 / (Math.exp(10) + 2), "p(true)");
    assert.match(found.toString(), /^The 2 most confident mistakes: 3 of 4 examples wrong \(accuracy 25\.00%\)\n  #1: true 2 \(p 0\.000\), predicted 1 \(p 1\.000\)/);
    const bundle = found[displaySymbol]();
    assert.deepEqual(Object.keys(bundle).sort(), ["image/png", "text/plain"]);
    assert.ok(inked(bundle["image/png"] as Uint8Array) > 0.05);
    tf.dispose(x);
    model.dispose();
  });

  it("accepts label tensors and one-hot rows, and says so when nothing is wrong", () => {
    const model = argmaxModel();
    const x = tf.tensor2d(images.slice(0, 1));
    const oneHot = tf.tensor2d([[1, 0, 0]]);
    const none = noLeak(() => showMistakes(model, x, oneHot));
    assert.equal(none.mistakes.length, 0);
    assert.equal(none[displaySymbol]()["text/plain"], "No mistakes: all 1 examples are classified right");
    tf.dispose([x, oneHot]);
    model.dispose();
  });

  it("names n ≤ 0, mismatched lengths, labels out of range, a wrong image shape and a model that is not built", () => {
    const model = argmaxModel();
    const x = tf.tensor2d(images);
    noLeak(() => {
      assert.throws(() => showMistakes(model, x, labels, { n: 0 }), /showMistakes: options.n: expected an integer from 1 to 1000; got 0/);
      assert.throws(() => showMistakes(model, x, [0, 1]), /showMistakes: expected one label per image: images has 4 and labels has 2/);
      assert.throws(() => showMistakes(model, x, [0, 1, 2, 7]), /showMistakes: expected labels from 0 to 2 \(the model has 3 outputs\); got 7/);
      const wrong = tf.zeros([4, 5]);
      assert.throws(() => showMistakes(model, wrong, labels), /showMistakes: expected images to have shape \(None, 4\) \(model "\w+"'s input\); got \(4, 5\)/);
      wrong.dispose();
      assert.throws(() => showMistakes(model, x, labels, { imageShape: [3, 3] }), /showMistakes: options.imageShape \[3,3\] must hold the 4 values of one example/);
      assert.throws(() => showMistakes(tf.sequential(), x, labels), /showMistakes: expected a built model/);
    });
    tf.dispose(x);
    model.dispose();
  });
});

describe("activations", () => {
  it("draws the input as a picture, a dense layer's units as bars, feature maps as pictures and other vectors as strips", () => {
    const dense = tf.sequential({ layers: [tf.layers.dense({ units: 5, inputShape: [16], activation: "relu" }), tf.layers.dense({ units: 3, activation: "softmax" })] });
    const x = tf.ones([16]);
    const chart = noLeak(() => activations(dense, x));
    assert.deepEqual(chart.layers.map((l) => [l.type, l.shape, l.shown]), [["input", [16], "image"], ["Dense", [5], "bars"], ["Dense", [3], "bars"]]);
    close(chart.layers[2]!.mean, 1 / 3, "softmax outputs sum to 1");
    const conv = tf.sequential({ layers: [tf.layers.conv2d({ filters: 20, kernelSize: 3, inputShape: [8, 8, 1], activation: "relu" }), tf.layers.flatten(), tf.layers.dense({ units: 2 })] });
    const image = tf.ones([1, 8, 8, 1]);
    const c = noLeak(() => activations(conv, image, { maxChannels: 4 }));
    assert.deepEqual(c.layers.map((l) => l.shown), ["image", "image", "strip", "bars"]);
    assert.match(c.summary, /conv2d\w* \(Conv2D\) \(6, 6, 20\)/);
    const warnings: string[] = [];
    compileSpec(c.spec, warnings);
    assert.deepEqual(warnings, []);
    assert.ok(inked(c.png()!) > 0.05);
    tf.dispose([x, image]);
    dense.dispose();
    conv.dispose();
  });

  it("names an input of the wrong shape, a batch of more than one and a model that is not built", () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
    const square = tf.zeros([2, 2]);
    const two = tf.zeros([2, 4]);
    noLeak(() => {
      assert.throws(() => activations(model, square), /activations: expected input to have shape \(4,\) \(one example\) or \(1, 4\), as model "\w+" takes \(None, 4\); got \(2, 2\)/);
      assert.throws(() => activations(model, two), /got \(2, 4\)/);
      assert.throws(() => activations(model, [1, 2, 3, 4] as never), /activations: expected input to be a tf\.Tensor of shape \(4,\) \(one example\) or \(1, 4\); got \[1,2,3,4\]/);
    });
    assert.throws(() => activations(tf.sequential(), square), /activations: expected a built model/);
    tf.dispose([square, two]);
    model.dispose();
  });
});

describe("compareHistories", () => {
  const run = (k: number) => ({ loss: [1 * k, 0.5 * k], acc: [0.5, 0.6] });

  it("overlays the runs per metric they share, taking acc and accuracy for one metric", () => {
    const chart = compareHistories({ SGD: run(1), Adam: { loss: [0.8, 0.3], accuracy: [0.6, 0.8], mse: [1, 1] } });
    assert.deepEqual(chart.metrics, ["loss", "accuracy"]);
    const panels = chart.spec.hconcat as Array<{ data: { values: Array<{ run: string; split: string }> }; encoding: { y: { title: string }; color: { scale: { domain: string[] } }; strokeDash: { scale: { domain: string[] } } } }>;
    assert.deepEqual(panels.map((p) => p.encoding.y.title), ["loss", "accuracy"]);
    assert.deepEqual(panels[0]!.encoding.color.scale.domain, ["SGD", "Adam"]);
    assert.deepEqual(panels[0]!.encoding.strokeDash.scale.domain, ["training"], "no validation in the legend when no run has it");
    assert.match(chart.summary, /^Compared runs: SGD, Adam\nmetric\s+run\s+curve\s+first\s+last\s+best\s+at epoch/);
    assert.match(chart.summary, /loss\s+Adam\s+training\s+0\.8\s+0\.3\s+min 0\.3\s+2/);
  });

  it("dashes validation curves and says so in the subtitle", () => {
    const chart = compareHistories({ a: { loss: [1, 0.5], val_loss: [1.2, 0.7] }, b: { loss: [0.9, 0.4] } });
    const spec = chart.spec as unknown as { title: { subtitle: string }; encoding: { strokeDash: { scale: { domain: string[] } } } };
    assert.deepEqual(spec.encoding.strokeDash.scale.domain, ["training", "validation"]);
    assert.equal(spec.title.subtitle, "solid: training, dashed: validation");
    const warnings: string[] = [];
    compileSpec(chart.spec, warnings);
    assert.deepEqual(warnings, []);
  });

  it("names histories with no common metric, a metric a run lacks, a single history and an empty object", () => {
    assert.throws(() => compareHistories({ a: { loss: [1] }, b: { mse: [1] } }), /compareHistories: the histories have no metric in common \("a" logs loss; "b" logs mse\)/);
    assert.throws(() => compareHistories({ a: run(1), b: { loss: [1] } }, { metrics: ["acc"] }), /compareHistories: options.metrics: "b" logs no 'accuracy'/);
    assert.throws(() => compareHistories({ history: { loss: [1] }, epoch: [0] } as never), /compareHistories: expected an object of named histories, .*; got a single history/);
    assert.throws(() => compareHistories({}), /compareHistories: expected at least one named history; got an empty object/);
    assert.throws(() => compareHistories({ a: 42 as never }), /compareHistories: "a": expected a tf\.History/);
  });
});

describe("the leak meter", () => {
  let hooksBefore = 0;
  before(() => {
    hooksBefore = cellHooks().length;
  });
  after(() => {
    trackTensors(false);
  });

  it("writes a line only when the count changed: tensors left or freed, their bytes, and tf.memory()", () => {
    assert.equal(leakLine({ tensors: 54, bytes: 1000 }, { tensors: 54, bytes: 2000 }), undefined);
    assert.equal(leakLine({ tensors: 54, bytes: 0 }, { tensors: 57, bytes: 3 * 1024 * 1024 }), "+3 tensors (+3.00 MiB) left by this cell; tf.memory(): 57 tensors, 3.00 MiB");
    assert.equal(leakLine({ tensors: 2, bytes: 48 }, { tensors: 1, bytes: 24 }), "−1 tensor (−24 B) freed by this cell; tf.memory(): 1 tensor, 24 B");
  });

  it("adds one cell hook whose after() shows the line exactly when a cell changed the count", () => {
    const state = trackTensors(true);
    assert.match(String(state), /^Leak meter on/);
    trackTensors(true);
    const hooks = cellHooks();
    assert.equal(hooks.length, hooksBefore + 1, "switching it on twice adds one hook");
    const hook = hooks[hooks.length - 1]!;
    hook.before();
    assert.equal(hook.after(), undefined, "nothing changed: no line");
    hook.before();
    const kept = tf.ones([2, 3]);
    const note = hook.after();
    assert.match(note!["text/plain"], /^\+1 tensor \(\+24 B\) left by this cell; tf\.memory\(\): \d+ tensors?, /);
    assert.match(String(note!["text/html"]), /class="tsdl-leak-meter"/);
    hook.before();
    tf.tidy(() => {
      tf.ones([100]).square().sum();
    });
    assert.equal(hook.after(), undefined, "tf.tidy leaves nothing");
    hook.before();
    kept.dispose();
    assert.match(hook.after()!["text/plain"], /^−1 tensor \(−24 B\) freed by this cell/);
    assert.match(String(trackTensors(false)), /^Leak meter off/);
    assert.equal(cellHooks().length, hooksBefore);
  });

  it("names an argument that is not true or false", () => {
    assert.throws(() => trackTensors("yes" as never), /trackTensors: expected on to be true or false; got "yes"/);
  });
});
