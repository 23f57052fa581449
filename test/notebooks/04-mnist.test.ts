// Chapter 04 executed through the real kernel: the book's MNIST network, 5 epochs of batch 128,
// reaches a test accuracy of at least 0.975; then the from-scratch re-implementation trains briefly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, cellWith, countMime, printedNumber, richOutputs, runChapter, stdout } from "./chapter";

describe("notebook 04-mnist", () => {
  const nb = runChapter("04-mnist", 1800);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("reaches a test accuracy of at least 0.975 after 5 epochs", () => {
    const accuracy = printedNumber(nb, "test accuracy:");
    assert.ok(accuracy >= 0.975, `test accuracy ${accuracy}`);
  });

  it("predicts the first test digit, a 7", () => {
    assert.match(stdout(nb), /predicted 7, label 7/);
  });

  it("shows digits, the training history and a confusion matrix", () => {
    assert.ok(countMime(nb, "image/png") >= 4, "digits, history and confusion matrix as PNG");
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 2, "history and confusion matrix as vega-lite");
  });

  it("trains the naive re-implementation for one epoch (469 steps), well above chance", () => {
    assert.match(stdout(nb), /469 batches\nthe first: images \[128,784\], labels \[128\]/);
    const accuracy = printedNumber(nb, "naive model test accuracy after 469 steps:");
    assert.ok(accuracy > 0.3, `well above chance (0.1): ${accuracy}`);
  });

  it("looks inside the trained model: per-class accuracy, its most confident mistakes, activations, layer statistics, weights over training", () => {
    const result = (needle: string) => {
      const [out] = richOutputs(cellWith(nb, needle));
      assert.ok(out?.data, `${needle} shows something`);
      return { mimes: Object.keys(out.data).sort(), text: String(out.data["text/plain"]), html: String(out.data["text/html"] ?? "") };
    };
    const chart = ["application/vnd.vegalite.v5+json", "image/png", "text/plain"];
    const perClass = result("perClassAccuracy(");
    assert.deepEqual(perClass.mimes, chart);
    assert.match(perClass.text, /^Per-class accuracy: 10000 examples, accuracy 9[789]\.\d%\nclass\s+precision\s+recall\s+F1\s+support/);
    const mistakes = result("showMistakes(");
    assert.deepEqual(mistakes.mimes, ["image/png", "text/plain"]);
    const wrong = Number(/^The 16 most confident mistakes: (\d+) of 10000 examples wrong/.exec(mistakes.text)?.[1]);
    assert.ok(wrong > 0 && wrong <= 250, `${wrong} mistakes, as the test accuracy says`);
    const layers = result("activations(");
    assert.deepEqual(layers.mimes, chart);
    assert.match(layers.text, /\(Dense\) \(512,\): .* as bars/);
    const stats = result("layerStats(");
    assert.deepEqual(stats.mimes, ["text/html", "text/plain"]);
    assert.match(stats.text, /dead units: never above 0 on any of the 1000 examples/);
    assert.match(stats.html, /<table.*\(784, 512\)/s);
    const weights = result(".plot()");
    assert.deepEqual(weights.mimes, chart);
    assert.match(weights.text, /^Weight histograms \(ridgeline\): 2 weight tensors, 11 snapshots/);
  });
});
