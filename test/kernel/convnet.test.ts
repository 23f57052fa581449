// Chollet's small convnet (DLwP ch. 5) trains in a notebook cell through the real kernel on its default
// backend: Conv2D's gradients, which the shipped wasm backend lacks, come from tsdl's kernels.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resultText, runCells, streamText } from "../support/jupyter";

describe("the small convnet in a notebook cell on the kernel's default backend", () => {
  const nb = runCells(
    [
      /* 0 */ `setRandomSeed(7);
const mnist = loadMnist();
const prepare = (split: { images: tf.Tensor3D; labels: tf.Tensor1D }, n: number) => tf.tidy(() => ({
  x: split.images.slice(0, n).reshape([n, 28, 28, 1]).toFloat().div(255),
  y: tf.oneHot(split.labels.slice(0, n), 10).toFloat(),
}));
const train = prepare(mnist.train, 4096);
const test = prepare(mnist.test, 1000);
tf.dispose([mnist.train.images, mnist.train.labels, mnist.test.images, mnist.test.labels]);
const model = tf.sequential({ layers: [
  tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
  tf.layers.maxPooling2d({ poolSize: 2 }),
  tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
  tf.layers.flatten(),
  tf.layers.dense({ units: 64, activation: "relu" }),
  tf.layers.dense({ units: 10, activation: "softmax" }),
] });
model.compile({ optimizer: "rmsprop", loss: "categoricalCrossentropy", metrics: ["accuracy"] });
tf.getBackend()`,
      /* 1 */ `// The first step creates RMSprop's slots, which the model keeps; count from after it.
const first = [train.x.slice(0, 64), train.y.slice(0, 64)];
await model.fit(first[0], first[1], { batchSize: 64, epochs: 1, verbose: 0 });
tf.dispose(first);
const before = tf.memory().numTensors;
const history = await model.fit(train.x, train.y, { batchSize: 64, epochs: 1, verbose: 0 });
const [, accuracy] = (model.evaluate(test.x, test.y, { batchSize: 250 }) as tf.Scalar[]).map((t) => { const v = t.dataSync()[0]; t.dispose(); return v; });
console.log(JSON.stringify({
  steps: 4096 / 64,
  trainAccuracy: history.history.acc[0],
  testAccuracy: accuracy,
  leaked: tf.memory().numTensors - before,
  filterGradient: tf.getKernel("Conv2DBackpropFilter", tf.getBackend())?.kernelFunc.name,
}));`,
    ],
    { timeoutSeconds: 600 },
  );
  const [setup, fit] = nb.cells;
  const report = JSON.parse(streamText(fit!) || "{}") as { steps: number; trainAccuracy: number; testAccuracy: number; leaked: number; filterGradient: string };

  it("builds the model on the default backend, wasm", () => {
    assert.equal(nb.status, 0, nb.stderr);
    assert.equal(resultText(setup!), "'wasm'");
  });

  it("trains one short epoch (64 steps of 64 images) through tsdl's Conv2D filter gradient", () => {
    assert.equal(report.steps, 64);
    assert.equal(report.filterGradient, "conv2dBackpropFilter");
  });

  it("learns: test accuracy well above chance (0.1) after 4096 images", () => {
    assert.ok(report.testAccuracy >= 0.7, `test accuracy ${report.testAccuracy}, train accuracy ${report.trainAccuracy}`);
  });

  it("leaves no tensor behind from fit and evaluate", () => {
    assert.equal(report.leaked, 0);
  });
});
