// The shared argument checks (src/args): how received values read in errors, and options objects checked
// against one rule per option.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../../src/args/describe";
import { checkOptions, flag, integer, oneOf, range, text } from "../../src/args/options";
import { clearOutput } from "../../src/display";
import { selectBackend } from "../../src/backend";
import { twoMoons } from "../../src/data";

describe("describeValue, the one description of a received value", () => {
  it("says what any value is, briefly, without ever throwing", () => {
    for (const v of [10n, Symbol("s"), () => 1, Object.create(null), new Map(), [1n], "x".repeat(1_000_000), new Float32Array(1e6)]) {
      assert.equal(typeof describeValue(v), "string");
      assert.ok(describeValue(v).length < 80, `${describeValue(v)} reads briefly`);
    }
  });

  it("shows short values as written and long ones by kind", () => {
    assert.equal(describeValue([1, 0]), "[1,0]");
    assert.equal(describeValue([1n, "a", null]), '[1n,"a",null]');
    assert.equal(describeValue(10n), "10n");
    assert.equal(describeValue(42), "42");
    assert.equal(describeValue("abc"), '"abc"');
    assert.equal(describeValue(undefined), "undefined");
    assert.equal(describeValue(new Array(1_000_000).fill(1)), "an array of length 1000000");
    assert.match(describeValue("x".repeat(100)), /^a string of 100 characters \("x{40}…"\)$/);
    assert.equal(describeValue({ a: 1 }), "an object");
    assert.equal(describeValue(Object.create(null)), "an object");
    assert.equal(describeValue(new Map()), "a Map");
    assert.equal(describeValue(new Int32Array(3)), "an Int32Array of length 3");
    assert.equal(describeValue(() => 1), "a function");
    assert.equal(describeValue(Symbol("s")), "the symbol Symbol(s)");
  });

  it("describes tensors by dtype and shape, and says when one was disposed", () => {
    const t = tf.zeros([2, 3], "int32");
    assert.equal(describeValue(t), "an int32 tensor of shape [2,3]");
    t.dispose();
    assert.equal(describeValue(t), "a disposed int32 tensor of shape [2,3]");
    const v = tf.variable(tf.zeros([4]));
    assert.equal(describeValue(v), "a float32 variable of shape [4]");
    v.dispose();
  });
});

describe("checkOptions", () => {
  const rules = { title: text, steps: integer(2, 400), mode: oneOf(["a", "b"]), domain: range, show: flag };

  it("accepts missing options, and options set to undefined", () => {
    checkOptions("f", undefined, rules);
    checkOptions("f", { title: undefined, steps: 3, mode: "b", domain: [0, 1], show: false }, rules);
  });

  it("names the function, the option, what it expects and what it got", () => {
    assert.throws(() => checkOptions("f", { steps: 1.5 }, rules), /^TypeError: f: options.steps: expected an integer from 2 to 400; got 1.5$/);
    assert.throws(() => checkOptions("f", { mode: "c" }, rules), /f: options.mode: expected one of "a", "b"; got "c"/);
    assert.throws(() => checkOptions("f", { domain: [2, 1] }, rules), /f: options.domain: expected \[min, max\] with finite min < max; got \[2,1\]/);
    assert.throws(() => checkOptions("f", { title: 10n }, rules), /f: options.title: expected a string; got 10n/);
  });

  it("rejects unknown options, listing the known ones", () => {
    assert.throws(() => checkOptions("f", { tilte: "x" }, rules), /f: unknown option "tilte"; expected one of title, steps, mode, domain, show/);
  });

  it("rejects a value that is not an options object, and says what is required", () => {
    assert.throws(() => checkOptions("f", null, rules), /f: expected an options object; got null/);
    assert.throws(() => checkOptions("f", [1], rules), /f: expected an options object; got \[1\]/);
    assert.throws(() => checkOptions("f", undefined, rules, ["domain"]), /f: expected an options object with domain: \[min, max\] with finite min < max; got undefined/);
    assert.throws(() => checkOptions("f", {}, rules, ["domain"]), /f: options.domain: expected .*; got undefined/);
  });
});

describe("options of the helpers outside charts", () => {
  it("are checked by the same rules", async () => {
    assert.throws(() => clearOutput(null as never), /clearOutput: expected an options object; got null/);
    assert.throws(() => clearOutput({ wait: "yes" as never }), /clearOutput: options.wait: expected true or false; got "yes"/);
    await assert.rejects(selectBackend({ prefer: Symbol("s") as never }), /selectBackend: options.prefer: expected one of "tensorflow", "wasm", "cpu"; got the symbol Symbol\(s\)/);
    await assert.rejects(selectBackend(null as never), /selectBackend: expected an options object; got null/);
    assert.throws(() => twoMoons(null as never), /twoMoons: expected an options object; got null/);
    assert.throws(() => twoMoons({ noise: -1 }), /twoMoons: options.noise: expected a number ≥ 0; got -1/);
  });
});
