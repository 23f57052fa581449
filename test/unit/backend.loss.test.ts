// A classifier's loss, accuracy and softmax gradient through tsdl's fused wasm kernels give, bit for
// bit, what tfjs-layers' own ops give on the cpu backend.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { tuneWasm } from "../../src/backend/wasm/tuning";
import { values } from "../support/random";

type Pair = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;

/** The loss and first metric a compiled model trains with (tfjs-layers keeps them on the inner model). */
function compiledFunctions(loss: string | Pair): { loss: Pair; metric: Pair } {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: "softmax" })] });
  model.compile({ optimizer: "sgd", loss, metrics: ["accuracy"] });
  const inner = (model as unknown as { model: { lossFunctions: Pair[]; metricsTensors: [Pair, number][] } }).model;
  const fns = { loss: inner.lossFunctions[0]!, metric: inner.metricsTensors[0]![0] };
  model.dispose();
  return fns;
}

/** Runs `f` on cpu and on wasm, with each backend's compiled loss and metric; returns the results as arrays. */
async function onBoth(f: (fns: { loss: Pair; metric: Pair }) => tf.Tensor[], loss: string | Pair = "categoricalCrossentropy"): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const fns = compiledFunctions(loss);
    const out = f(fns);
    const data = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose(out);
    return data;
  };
  return { cpu: await run("cpu"), wasm: await run("wasm") };
}

function assertSame(actual: Float32Array[], expected: Float32Array[], what: string): void {
  actual.forEach((a, k) => {
    assert.equal(a.length, expected[k]!.length, `${what}: result ${k} size`);
    a.forEach((x, i) => {
      if (!Object.is(x, expected[k]![i])) assert.fail(`${what}: result ${k}, element ${i} is ${x}; tfjs-layers on cpu gives ${expected[k]![i]}`);
    });
  });
}

/** Softmax-like rows: positive, summing to about 1, some exactly 0 or 1 (the clip), one row with NaN. */
function probabilities(rows: number, classes: number, seed: number): Float32Array {
  const p = values(rows * classes, seed).map((v) => Math.exp(3 * v));
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += p[r * classes + j]!;
    for (let j = 0; j < classes; j++) p[r * classes + j]! /= sum;
  }
  p.set(Array.from({ length: classes }, (_, j) => (j === 1 ? 1 : 0)), 0);
  if (rows > 2) p[classes + 2] = Number.NaN;
  return p;
}

before(async () => {
  tuneWasm();
  await tf.setBackend("wasm");
});

describe("the fused categorical crossentropy", () => {
  const cases: { shape: number[]; targets: "one-hot" | "int32 one-hot" | "smoothed" }[] = [
    { shape: [128, 10], targets: "one-hot" },
    { shape: [7, 3], targets: "int32 one-hot" },
    { shape: [5, 4], targets: "smoothed" },
    { shape: [2, 3, 5], targets: "one-hot" },
    { shape: [1, 2], targets: "one-hot" },
  ];
  for (const { shape, targets } of cases) {
    it(`gives tfjs-layers' loss and gradient exactly for outputs [${shape}] and ${targets} targets (probabilities of 0, 1 and NaN included)`, async () => {
      const classes = shape[shape.length - 1]!;
      const rows = tf.util.sizeFromShape(shape) / classes;
      const f = ({ loss }: { loss: Pair }) =>
        tf.tidy(() => {
          const labels = Array.from(values(rows, 5), (v) => Math.floor(((v + 1) / 2) * classes));
          const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), classes).reshape(shape);
          const target = targets === "int32 one-hot" ? oneHot.cast("int32") : targets === "smoothed" ? oneHot.mul(0.9).add(0.1 / classes) : oneHot;
          const output = tf.tensor(probabilities(rows, classes, 6), shape);
          const upstream = tf.tensor(values(rows, 7), shape.slice(0, -1));
          const { value, grads } = tf.valueAndGrads((p: tf.Tensor) => loss(target, p).mul(upstream).sum())([output]);
          return [loss(target, output), value, grads[0]!];
        });
      const { cpu, wasm } = await onBoth(f);
      assertSame(wasm, cpu, "loss, weighted sum, gradient");
    });
  }

  it("is the loss tfjs-layers gives for the loss function passed itself (tf.metrics.categoricalCrossentropy)", async () => {
    const f = ({ loss }: { loss: Pair }) => tf.tidy(() => [loss(tf.oneHot(tf.tensor1d([0, 2], "int32"), 3), tf.tensor2d(probabilities(2, 3, 8), [2, 3]))]);
    const { cpu, wasm } = await onBoth(f, tf.metrics.categoricalCrossentropy);
    assertSame(wasm, cpu, "loss");
  });

  it("computes in one kernel and its gradient in one, and leaves no tensor behind", async () => {
    await tf.setBackend("wasm");
    const { loss } = compiledFunctions("categoricalCrossentropy");
    const target = tf.oneHot(tf.tensor1d([0, 1], "int32"), 3);
    const output = tf.tensor2d([0.2, 0.5, 0.3, 0.1, 0.1, 0.8], [2, 3]);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.tidy(() => tf.grad((p) => loss(target, p).sum())(output)));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n.startsWith("Tsdl")), ["TsdlCategoricalCrossentropy", "TsdlCategoricalCrossentropyGrad"]);
    assert.ok(!names.includes("Log") && !names.includes("ClipByValue"), names.join());
    (profile.result as tf.Tensor).dispose();
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([target, output]);
  });
});

describe("the fused categorical accuracy", () => {
  it("gives tfjs-layers' accuracy exactly, ties and NaN included", async () => {
    const f = ({ metric }: { metric: Pair }) =>
      tf.tidy(() => {
        const target = tf.tensor2d([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0, 0, 0, 1], [5, 3]);
        const output = tf.tensor2d([0.7, 0.2, 0.1, 0.4, 0.4, 0.2, NaN, 0.3, 0.6, 0.3, 0.3, 0.4, 0.2, 0.2, NaN], [5, 3]);
        return [metric(target, output), metric(target.cast("int32"), output)];
      });
    const { cpu, wasm } = await onBoth(f);
    assertSame(wasm, cpu, "accuracy");
  });
});

describe("softmax's fused gradient", () => {
  for (const shape of [[128, 10], [3, 1], [2, 4, 7]]) {
    it(`is tfjs's dy·y − Σ(dy·y)·y exactly for [${shape}]`, async () => {
      const f = () =>
        tf.tidy(() => {
          const x = tf.tensor(values(tf.util.sizeFromShape(shape), 11).map((v) => 4 * v), shape);
          const r = tf.tensor(values(tf.util.sizeFromShape(shape), 12), shape);
          return [tf.grad((x) => tf.softmax(x).mul(r).sum())(x)];
        });
      const { cpu, wasm } = await onBoth(f);
      assertSame(wasm, cpu, "d/dx");
    });
  }
});

describe("a classifier trained with model.fit on the tuned wasm backend", () => {
  it("logs the loss and accuracy tfjs-layers logs on cpu, step by step, and ends with the same weights", async () => {
    const train = async (backend: string) => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      const model = tf.sequential({ layers: [tf.layers.dense({ units: 16, activation: "relu", inputShape: [20] }), tf.layers.dense({ units: 4, activation: "softmax" })] });
      const initial = model.getWeights().map((w, i) => tf.tensor(values(w.size, 20 + i), w.shape));
      model.setWeights(initial);
      tf.dispose(initial);
      const optimizer = tf.train.rmsprop(0.01);
      model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      const x = tf.tensor2d(values(64 * 20, 21), [64, 20]);
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from(values(64, 22), (v) => Math.floor((v + 1) * 2)), "int32"), 4));
      const history = await model.fit(x, y, { batchSize: 16, epochs: 3, shuffle: false, verbose: 0 });
      const weights = await Promise.all(model.getWeights().map((w) => w.data()));
      tf.dispose([x, y]);
      model.dispose();
      optimizer.dispose();
      const leaked = tf.memory().numTensors - before;
      return { loss: history.history.loss as number[], acc: history.history.acc as number[], weights, leaked };
    };
    const cpu = await train("cpu");
    const wasm = await train("wasm");
    assert.equal(wasm.leaked, 0, "no tensor left behind by fit");
    assert.deepEqual(wasm.acc, cpu.acc);
    wasm.loss.forEach((l, i) => assert.ok(Math.abs(l - cpu.loss[i]!) <= 1e-5 * Math.abs(cpu.loss[i]!), `epoch ${i} loss ${l} against ${cpu.loss[i]}`));
    wasm.weights.forEach((w, k) => w.forEach((v, i) => assert.ok(Math.abs(v - cpu.weights[k]![i]!) <= 1e-4 * Math.max(1, Math.abs(cpu.weights[k]![i]!)), `weight ${k}[${i}] ${v} against ${cpu.weights[k]![i]}`)));
  });
});
