// No helper leaks tensors: tf.memory().numTensors is unchanged after 1000 calls of each.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol } from "../../src/display";
import { formatTensor, inspect, showImage, showImages, tensorStats } from "../../src/inspect";
import { explainBroadcast, explainMatMul, explainReshape, shapeTrace, summary } from "../../src/shapes";

const CALLS = 1000;

describe(`after ${CALLS} calls of each helper, tf.memory().numTensors is unchanged`, () => {
  let matrix: tf.Tensor;
  let big: tf.Tensor;
  let special: tf.Tensor;
  let complex: tf.Tensor;
  let strings: tf.Tensor;
  let image: tf.Tensor;
  let batch: tf.Tensor;
  let labels: tf.Tensor;
  let scores: tf.Tensor;
  let model: tf.Sequential;
  let input: tf.Tensor;
  let right: tf.Tensor;

  before(async () => {
    await tf.setBackend("cpu");
    matrix = tf.randomNormal([4, 5]);
    big = tf.randomNormal([50, 50]);
    special = tf.tensor1d([1, NaN, Infinity, -2]);
    complex = tf.complex([1, 2], [3, 4]);
    strings = tf.tensor1d(["a", "b"]);
    image = tf.randomUniform([8, 8, 3]);
    batch = tf.randomUniform([2, 6, 6], 0, 255, "int32");
    labels = tf.tensor1d([1, 2], "int32");
    scores = tf.tensor2d([[0, 1, 0], [1, 0, 0]]);
    input = tf.zeros([2, 4]);
    right = tf.zeros([5, 2]);
    model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
  });

  after(() => {
    tf.dispose([matrix, big, special, complex, strings, image, batch, labels, scores, input, right]);
    model.dispose();
  });

  const cases: [string, () => unknown][] = [
    ["inspect(t) displayed (summarised, NaN/Inf, complex, string, heatmap)", () => {
      inspect(big)[displaySymbol]();
      inspect(special)[displaySymbol]();
      inspect(complex)[displaySymbol]();
      inspect(strings)[displaySymbol]();
      inspect(matrix, { heatmap: true })[displaySymbol]();
    }],
    ["formatTensor", () => formatTensor(big)],
    ["tensorStats (finite, NaN/Inf, complex)", () => [tensorStats(matrix), tensorStats(special), tensorStats(complex)]],
    ["showImage", () => showImage(image, { scale: 1 })],
    ["showImages with label and score tensors", () => showImages(batch, { labels, predictions: scores, scale: 1 })],
    ["summary", () => summary(model)[displaySymbol]()],
    ["shapeTrace with a shape and with a tensor", () => [shapeTrace(model, [2, 4]), shapeTrace(model, input)]],
    ["explainBroadcast, explainMatMul, explainReshape, with tensors", () => [explainBroadcast(matrix, [5]), explainMatMul(matrix, right), explainReshape([4, 5], [-1])]],
    ["helpers that throw", () => {
      for (const f of [() => showImage(special), () => explainBroadcast(matrix, [3]), () => shapeTrace(model, [2, 5]), () => tensorStats(strings)]) {
        assert.throws(f);
      }
    }],
  ];

  for (const [name, call] of cases) {
    it(name, () => {
      call();
      const before = tf.memory().numTensors;
      for (let i = 0; i < CALLS; i++) call();
      assert.equal(tf.memory().numTensors, before);
    });
  }
});
