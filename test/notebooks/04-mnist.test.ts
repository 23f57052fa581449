// Chapter 04 executed through the real kernel: the book's MNIST network, 5 epochs of batch 128,
// reaches a test accuracy of at least 0.975; then the from-scratch re-implementation trains briefly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, countMime, printedNumber, runChapter, stdout } from "./chapter";

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
});
