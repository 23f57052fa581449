import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { seededRandom, setRandomSeed } from "../../src/random";

const draw = () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
  const weights = model.getWeights()[0]!.arraySync();
  model.dispose();
  const order = Array.from(tf.util.createShuffledIndices(10));
  const shuffled = [1, 2, 3, 4, 5, 6, 7, 8];
  tf.util.shuffle(shuffled);
  const normal = tf.tidy(() => tf.randomNormal([4]).arraySync());
  return JSON.stringify({ weights, order, shuffled, normal });
};

describe("setRandomSeed", () => {
  afterEach(() => setRandomSeed(null));

  it("makes weight initialisers, fit's shuffle and unseeded random ops repeat", () => {
    setRandomSeed(42);
    const first = draw();
    setRandomSeed(42);
    assert.equal(draw(), first);
    setRandomSeed(43);
    assert.notEqual(draw(), first);
  });

  it("leaks no tensors", () => {
    const before = tf.memory().numTensors;
    setRandomSeed(1);
    draw();
    assert.equal(tf.memory().numTensors, before);
  });

  it("brings back the unseeded Math.random with null", () => {
    const original = Math.random;
    setRandomSeed(5);
    assert.notEqual(Math.random, original);
    setRandomSeed(null);
    assert.equal(Math.random, original);
  });

  it("says what a seed must be", () => {
    for (const bad of [1.5, -1, 2 ** 32, NaN, "42", undefined]) {
      assert.throws(() => setRandomSeed(bad as number), /setRandomSeed\(seed\): seed must be an integer from 0 to 4294967295/);
    }
  });
});

describe("seededRandom", () => {
  it("says what a seed must be", () => {
    assert.throws(() => seededRandom(0.5), /seededRandom\(seed\): seed must be an integer from 0 to 4294967295, but got 0.5/);
  });

  it("gives uniform floats in [0, 1)", () => {
    const next = seededRandom(123);
    const xs = Array.from({ length: 20000 }, next);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
    const tenths = new Array(10).fill(0);
    for (const x of xs) tenths[Math.floor(x * 10)]++;
    assert.ok(tenths.every((n) => Math.abs(n - 2000) < 200), `deciles ${tenths}`);
  });
});
