import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { tensorStats } from "../../src/inspect";

/** The same statistics in plain JS, in float64, over the finite values. */
function reference(values: number[]) {
  const finite = values.filter(Number.isFinite);
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  return { min: Math.min(...finite), max: Math.max(...finite), mean, std };
}

function close(actual: number, expected: number, tolerance: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

describe("tensorStats", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("matches float64 statistics of random data", () => {
    const t = tf.randomNormal([200, 50], 3, 2, "float32", 7);
    const values = Array.from(t.dataSync());
    const ref = reference(values);
    const s = tensorStats(t);
    assert.equal(s.min, ref.min);
    assert.equal(s.max, ref.max);
    close(s.mean, ref.mean, 1e-5, "mean");
    close(s.std, ref.std, 1e-4, "std");
    assert.equal(s.count, 10000);
    assert.equal(s.nanCount + s.infCount, 0);
    t.dispose();
  });

  it("keeps std accurate when the mean dwarfs the spread", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 10000 + (i % 10) * 0.01);
    const t = tf.tensor1d(values);
    const ref = reference(Array.from(t.dataSync()));
    close(tensorStats(t).std, ref.std, 1e-3, "std");
    t.dispose();
  });

  it("counts NaN and ±Inf and leaves them out of min, max, mean and std", () => {
    const t = tf.tensor1d([1, NaN, 3, Infinity, -Infinity, -Infinity, 5]);
    const s = tensorStats(t);
    assert.deepEqual([s.min, s.max, s.mean, s.nanCount, s.infCount, s.posInfCount, s.negInfCount, s.count], [1, 5, 3, 1, 3, 1, 2, 3]);
    close(s.std, Math.sqrt(8 / 3), 1e-6, "std");
    t.dispose();
  });

  it("reports NaN statistics when no value is finite", () => {
    const t = tf.tensor1d([NaN, Infinity]);
    const s = tensorStats(t);
    assert.ok(Number.isNaN(s.min) && Number.isNaN(s.mean) && Number.isNaN(s.std));
    assert.equal(s.nanCount, 1);
    t.dispose();
  });

  it("works for int32 and bool tensors", () => {
    const i = tf.tensor1d([-3, 0, 9], "int32");
    assert.deepEqual([tensorStats(i).min, tensorStats(i).max, tensorStats(i).mean], [-3, 9, 2]);
    const b = tf.tensor1d([true, false, true, true], "bool");
    assert.equal(tensorStats(b).mean, 0.75);
    i.dispose();
    b.dispose();
  });

  it("reports the magnitudes of complex values", () => {
    const c = tf.complex([3, 0], [4, -2]);
    const s = tensorStats(c);
    assert.equal(s.of, "magnitude");
    assert.deepEqual([s.min, s.max], [2, 5]);
    c.dispose();
  });

  it("gives an empty tensor zero counts and NaN statistics", () => {
    const t = tf.zeros([0, 3]);
    const s = tensorStats(t);
    assert.equal(s.size, 0);
    assert.ok(Number.isNaN(s.mean));
    t.dispose();
  });

  it("rejects strings, non-tensors and disposed tensors", () => {
    const s = tf.tensor1d(["a"]);
    assert.throws(() => tensorStats(s), /expected a numeric tensor .*; got a string tensor/);
    s.dispose();
    assert.throws(() => tensorStats({} as never), /tensorStats: expected t to be a tf\.Tensor; got an object/);
    assert.throws(() => tensorStats(s), /disposed/);
  });

  it("creates no lasting tensors", () => {
    const t = tf.tensor1d([1, NaN, 2]);
    const before = tf.memory().numTensors;
    tensorStats(t);
    assert.equal(tf.memory().numTensors, before);
    t.dispose();
  });
});
