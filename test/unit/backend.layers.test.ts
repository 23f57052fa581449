// Every layer of the course's catalog trains on the tuned wasm backend: one step of a tiny model per
// layer type leaves the same weights as the same step on the cpu backend.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { tuneWasm } from "../../src/backend/wasm/tuning";
import { setRandomSeed } from "../../src/random";
import { values } from "../support/random";

interface LayerCase {
  name: string;
  /** One sample's shape. */
  input: number[];
  layers: () => tf.layers.Layer[];
  /** Integer inputs in [0, n) (an Embedding's ids). */
  ids?: number;
}

const L = tf.layers;
const CATALOG: LayerCase[] = [
  { name: "Dense", input: [12], layers: () => [L.dense({ units: 9, activation: "relu" })] },
  { name: "Conv2D", input: [9, 9, 3], layers: () => [L.conv2d({ filters: 8, kernelSize: 3, activation: "relu" }), L.flatten()] },
  { name: "Conv2D (strides 2, same padding)", input: [9, 8, 2], layers: () => [L.conv2d({ filters: 5, kernelSize: [3, 2], strides: 2, padding: "same" }), L.flatten()] },
  { name: "MaxPooling2D", input: [8, 8, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 3 }), L.maxPooling2d({ poolSize: 2 }), L.flatten()] },
  { name: "AveragePooling2D", input: [8, 8, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 3 }), L.averagePooling2d({ poolSize: 2 }), L.flatten()] },
  { name: "DepthwiseConv2D", input: [7, 7, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 1 }), L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }), L.flatten()] },
  { name: "SeparableConv2D", input: [7, 7, 3], layers: () => [L.conv2d({ filters: 4, kernelSize: 1 }), L.separableConv2d({ filters: 6, kernelSize: 3, padding: "same" }), L.flatten()] },
  { name: "Flatten", input: [3, 4, 2], layers: () => [L.flatten()] },
  { name: "Reshape", input: [12], layers: () => [L.reshape({ targetShape: [3, 4] }), L.dense({ units: 5 }), L.flatten()] },
  { name: "SimpleRNN", input: [5, 3], layers: () => [L.simpleRNN({ units: 6 })] },
  { name: "LSTM", input: [5, 3], layers: () => [L.lstm({ units: 6 })] },
  { name: "GRU", input: [5, 3], layers: () => [L.gru({ units: 6 })] },
  { name: "Embedding", input: [6], ids: 10, layers: () => [L.embedding({ inputDim: 10, outputDim: 4 }), L.flatten()] },
  { name: "Dropout", input: [12], layers: () => [L.dense({ units: 9 }), L.dropout({ rate: 0.5 })] },
  { name: "BatchNormalization", input: [12], layers: () => [L.dense({ units: 9 }), L.batchNormalization()] },
];

const BATCH = 4;

/** Builds the case's model on the current backend, with deterministic weights, trains one step and returns the weights. */
async function oneStep(c: LayerCase, optimizer: string): Promise<Float32Array[]> {
  setRandomSeed(7);
  const model = tf.sequential({ layers: [L.inputLayer({ inputShape: c.input }), ...c.layers(), L.dense({ units: 3, activation: "softmax" })] });
  const initial = model.getWeights().map((w, i) => tf.tensor(values(w.size, 100 + i), w.shape));
  model.setWeights(initial);
  tf.dispose(initial);
  model.compile({ optimizer, loss: "categoricalCrossentropy" });
  const size = BATCH * tf.util.sizeFromShape(c.input);
  const x = c.ids ? tf.tensor(Array.from(values(size, 1), (v) => Math.floor(((v + 1) / 2) * c.ids!)), [BATCH, ...c.input]) : tf.tensor(values(size, 1), [BATCH, ...c.input]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2, 1, 2], "int32"), 3));
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 });
  const weights = await Promise.all(model.getWeights().map((w) => w.data() as Promise<Float32Array>));
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

before(() => tuneWasm());
after(() => setRandomSeed(null));

describe("one training step on the tuned wasm backend", () => {
  for (const c of CATALOG) {
    for (const optimizer of ["sgd", "rmsprop"]) {
      it(`leaves the weights the cpu backend leaves for a ${c.name} layer (${optimizer})`, async () => {
        await tf.setBackend("cpu");
        const cpu = await oneStep(c, optimizer);
        await tf.setBackend("wasm");
        const before = tf.memory().numTensors;
        const wasm = await oneStep(c, optimizer);
        assert.equal(tf.memory().numTensors, before, "no tensor left behind");
        assert.equal(wasm.length, cpu.length);
        wasm.forEach((w, k) => {
          for (let i = 0; i < w.length; i++) {
            const e = cpu[k]![i]!;
            if (!(Math.abs(w[i]! - e) <= 1e-4 * Math.max(1, Math.abs(e)))) assert.fail(`weight ${k}, element ${i} is ${w[i]}; the cpu backend gives ${e}`);
          }
        });
        // The step moved the weights: a kernel that did nothing would pass the comparison above only if cpu did nothing too.
        assert.ok(wasm.some((w, k) => w.some((v, i) => v !== values(w.length, 100 + k)[i])), "the step changed some weight");
      });
    }
  }
});
