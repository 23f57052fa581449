// Chapter 06 executed through the real kernel: computation graphs, layers with forward and backward,
// vanishing gradients measured, the two-layer net on MNIST and the gradient check.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, countMime, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 06-backprop-from-scratch", () => {
  const nb = runChapter("06-backprop-from-scratch", 900);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("reproduces Saito's apple and orange backward pass", () => {
    const out = stdout(nb);
    assert.match(out, /price 220\.0\nd\/d apple 2\.2, d\/d count 110\.0, d\/d tax 200\.0/);
    assert.match(out, /d\/d apple 2\.2, d\/d apples 110\.0, d\/d orange 3\.3, d\/d oranges 165\.0, d\/d tax 650\.0/);
  });

  it("draws the apple, orange, Affine and Softmax-with-Loss graphs with their values", () => {
    const graphs = nb.cells.flatMap((c) => c.outputs).map((o) => String(o.data?.["text/plain"] ?? "")).filter((t) => t.startsWith("Computation graph"));
    assert.equal(graphs.length, 4, graphs.join("\n"));
    assert.match(graphs[1]!, /orange → ×: forward 150, backward 3\.3/);
    assert.match(graphs[1]!, /× → price: forward 715, backward 1/);
    assert.match(graphs[2]!, /W → dot: forward W \(784, 50\), backward Xᵀ · ∂L\/∂Y \(784, 50\)/);
    assert.match(graphs[3]!, /a3 → Softmax: forward 4, backward y3 − t3 = -0\.263/);
    const withPng = nb.cells.flatMap((c) => c.outputs).filter((o) => String(o.data?.["text/plain"] ?? "").startsWith("Computation graph") && o.data?.["image/png"]);
    assert.equal(withPng.length, 4, "each graph as a PNG");
  });

  it("measures vanishing gradients: the sigmoid's slope is at most 0.25, and six sigmoid layers shrink the gradient far more than six ReLU layers", () => {
    assert.match(stdout(nb), /largest derivative of the sigmoid: 0\.2500, at x = 0\.00/);
    const [, sigmoid, relu] = /vanishing-gradient ratio \(layer 1 \/ layer 6\): sigmoid (\S+), relu (\S+)/.exec(stdout(nb)) ?? [];
    assert.ok(Number(sigmoid) < 1e-2, `sigmoid ratio ${sigmoid}`);
    assert.ok(Number(relu) > 0.05, `relu ratio ${relu}`);
    assert.ok(Number(relu) / Number(sigmoid) > 100, `relu ${relu} vs sigmoid ${sigmoid}`);
  });

  it("trains the two-layer network on MNIST above 90% test accuracy in five epochs, train and test together, and plots both", () => {
    const [, train, test] = /epoch 5: train accuracy (\S+), test accuracy (\S+)/.exec(stdout(nb)) ?? [];
    assert.ok(Number(test) > 0.9, `test accuracy ${test}`);
    assert.ok(Math.abs(Number(train) - Number(test)) < 0.03, `train ${train} and test ${test} stay together`);
    const accuracyPlot = nb.cells.flatMap((c) => c.outputs).find((o) => (o.data?.["application/vnd.vegalite.v5+json"] as { title?: string } | undefined)?.title === "TwoLayerNet accuracy per epoch");
    assert.ok(accuracyPlot, "the accuracy-per-epoch chart");
    assert.ok(countMime(nb, "image/png") >= 8);
  });

  it("agrees with numerical gradients within the documented float32 bound, and reports Saito's mean absolute difference", () => {
    const difference = printedNumber(nb, "gradient check max relative difference:");
    assert.ok(difference < 1e-2, `max relative difference ${difference}`);
    const mean = printedNumber(nb, "gradient check mean absolute difference (Saito's measure): at most");
    assert.ok(mean < 1e-3, `mean absolute difference ${mean}`);
  });
});
