// The exercises' checks as pure functions: a right answer passes with a green line, a wrong one throws
// CheckFailed naming what was expected, what was received and the hint; no tensor is left behind.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { check, CHECK_MIME, CheckFailed, CheckPassed } from "../../src/check";
import { displaySymbol } from "../../src/display";

function failure(f: () => unknown): CheckFailed {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof CheckFailed, `expected CheckFailed; got ${String(e)}`);
    return e;
  }
  assert.fail("expected the check to fail");
}

describe("check", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("passes an equal answer with a green line and a record for the grader", () => {
    const passed = check.equal(59, 59, { label: "parameter count" });
    assert.ok(passed instanceof CheckPassed);
    const bundle = passed[displaySymbol]();
    assert.equal(bundle["text/plain"], "✓ parameter count: 59");
    assert.deepEqual(bundle[CHECK_MIME], { passed: true, label: "parameter count", detail: "59" });
    assert.match(String(bundle["text/html"]), /✓ parameter count/);
  });

  it("fails a wrong answer with expected, received and the hint in the message, and no stack frames", () => {
    const e = failure(() => check.equal(0, 59, { label: "parameter count", hint: "count W and b of both layers" }));
    assert.equal(e.message, "✗ parameter count: expected 59, got 0\nHint: count W and b of both layers");
    assert.equal(e.stack, `CheckFailed: ${e.message}`);
    assert.equal(e.name, "CheckFailed");
  });

  it("says an untouched stub is still a stub", () => {
    assert.match(failure(() => check.equal(undefined, [32, 10])).message, /got undefined \(is the exercise still `\/\/ your code here`\?\)/);
  });

  it("compares arrays and plain objects deeply", () => {
    check.equal([32, [10, 2]], [32, [10, 2]]);
    check.equal({ a: 1, b: [2] }, { b: [2], a: 1 });
    assert.match(failure(() => check.equal([32, 10], [32, 1])).message, /expected \[32,1\], got \[32,10\]/);
  });

  it("asks for a number, not a tensor, in check.equal", () => {
    const t = tf.scalar(3);
    assert.match(failure(() => check.equal(t, 3)).message, /got a tensor of shape \[\]/);
    t.dispose();
  });

  it("accepts numbers within a relative and absolute tolerance", () => {
    check.close(0.30000001, 0.3, 1e-6);
    check.close(1000.0005, 1000, 1e-6);
    check.close([1, 2.0000001], [1, 2], 1e-6);
    assert.match(failure(() => check.close(0.31, 0.3, 1e-3)).message, /expected 0\.3 \(± 0\.001\), got 0\.31/);
    assert.match(failure(() => check.close("0.3", 0.3)).message, /expected a number close to 0\.3, got "0\.3"/);
  });

  it("compares tensors with nested arrays or tensors, naming the worst entry", () => {
    const before = tf.memory().numTensors;
    const t = tf.tensor2d([[1, 2], [3, 4]]);
    const copy = t.clone();
    const withNaN = tf.tensor1d([NaN, 1]);
    check.tensorClose(t, [[1, 2], [3, 4.00001]], 1e-4);
    check.tensorClose(t, copy, 1e-4);
    const e = failure(() => check.tensorClose(t, [[1, 2], [3, 5]], 1e-4));
    assert.match(e.message, /1 of 4 values differ by more than 1e-4; the largest at \[1,1\]: expected 5, got 4/);
    assert.match(failure(() => check.tensorClose(t, [1, 2, 3, 4])).message, /expected shape \[4\], got shape \[2,2\]/);
    assert.match(failure(() => check.tensorClose(undefined, [1, 2])).message, /expected a tensor of shape \[2\], got undefined/);
    assert.match(failure(() => check.tensorClose(withNaN, [0, 1])).message, /expected 0, got NaN/);
    tf.dispose([t, copy, withNaN]);
    assert.equal(tf.memory().numTensors, before, "the checks create no tensors of their own");
  });

  it("checks shapes of tensors, symbolic tensors and plain shapes, with null for the batch axis", () => {
    const t = tf.zeros([32, 10]);
    check.shape(t, [32, 10]);
    check.shape(tf.input({ shape: [784] }), [null, 784]);
    assert.match(failure(() => check.shape(t, [10, 32])).message, /expected shape \[10,32\], got shape \[32,10\]/);
    t.dispose();
  });

  it("checks a condition stated in words", () => {
    assert.equal(check.isTrue(true, "the loss went down").toString(), "✓ condition: the loss went down");
    assert.match(failure(() => check.isTrue(false, "the loss went down", { hint: "lower the learning rate" })).message, /expected the loss went down; it is not \(got false\)\nHint: lower the learning rate/);
  });

  it("refuses bad arguments with errors that name the function and argument", () => {
    assert.throws(() => check.close(1, 1, -1), /check\.close: expected tol to be a finite number ≥ 0; got -1/);
    assert.throws(() => check.tensorClose(tf.scalar(1), "x"), /check\.tensorClose: expected `expected` to be a tensor/);
    assert.throws(() => check.shape(tf.scalar(1), "x" as never), /check\.shape: expected `expected` to be a shape/);
    assert.throws(() => check.equal(1, 1, { hint: 3 } as never), /check\.equal/);
    assert.throws(() => check.isTrue(true, ""), /check\.isTrue: expected what/);
  });
});
