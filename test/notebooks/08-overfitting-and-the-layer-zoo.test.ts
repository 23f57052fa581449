// Chapter 08 executed through the real kernel: the layer zoo with shapeTrace, overfitting on 1 000 MNIST
// images, its fixes, and a small convnet that beats the dense network on the same images, trained on the
// default backend.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, countMime, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 08-overfitting-and-the-layer-zoo", () => {
  const nb = runChapter("08-overfitting-and-the-layer-zoo", 900);

  it("runs every cell without an error", () => assertNoErrors(nb));

  it("traces every layer of the zoo on data of its rank", () => {
    const traces = nb.cells.flatMap((c) => c.outputs).map((o) => String(o.data?.["text/plain"] ?? "")).filter((t) => t.startsWith("Shape trace"));
    const all = traces.join("\n");
    for (const layer of ["Conv2D", "MaxPooling2D", "Flatten", "Reshape", "SimpleRNN", "LSTM", "Embedding", "Dropout", "BatchNormalization"]) {
      assert.match(all, new RegExp(`\\(${layer}\\)`), `${layer} is traced`);
    }
    assert.match(all, /\(Conv2D\)\s+\(32, 28, 28, 1\)\s+→\s+\(32, 26, 26, 8\)/);
    assert.match(all, /\(LSTM\)\s+\(32, 390, 16\)\s+→\s+\(32, 8\)/);
    assert.match(all, /\(Embedding\)\s+\(32, 280\)\s+→\s+\(32, 280, 16\)/);
  });

  it("shows dropout zeroing half its inputs in training and none in prediction", () => {
    assert.match(stdout(nb), /training: {3}([02] ){9}[02]\nprediction: 1 1 1 1 1 1 1 1 1 1/);
  });

  it("overfits 1 000 images, and dropout makes the validation gap smaller than without it", () => {
    const plain = printedNumber(nb, "without dropout: validation gap");
    const dropout = printedNumber(nb, "with dropout: validation gap");
    assert.ok(plain > 0.2, `the plain network overfits: validation gap ${plain}`);
    assert.ok(dropout < plain, `dropout's gap ${dropout} is smaller than ${plain}`);
    assert.ok(printedNumber(nb, "with L2: validation gap") < plain, "L2 narrows it too");
  });

  it("shrinks the weights with L2, and stops early before the last epoch", () => {
    const [, without, withL2] = /size of the first layer's weights: (\S+) without L2, (\S+) with it/.exec(stdout(nb)) ?? [];
    assert.ok(Number(withL2) < Number(without) / 1.5, `weights ${without} → ${withL2}`);
    const [, stopped] = /early stopping: stopped after (\d+) of 20 epochs/.exec(stdout(nb)) ?? [];
    assert.ok(Number(stopped) < 20, `stopped after ${stopped}`);
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 2, "the history and the four validation curves");
  });

  it("trains the dense network on the convnet's 15 000 images as the baseline", () => {
    const dense = printedNumber(nb, "dense network test accuracy:");
    assert.ok(dense > 0.9 && dense < 0.98, `dense test accuracy ${dense}`);
  });

  it("trains a small convnet on the default backend to a test accuracy of at least 0.98, above the dense network's on the same images", () => {
    const convnet = printedNumber(nb, "convnet test accuracy:");
    const dense = printedNumber(nb, "dense network test accuracy:");
    assert.ok(convnet >= 0.98, `convnet test accuracy ${convnet}`);
    assert.ok(convnet > dense, `convnet ${convnet} above dense ${dense}`);
  });
});
