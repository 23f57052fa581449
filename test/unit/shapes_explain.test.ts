import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { displaySymbol } from "../../src/display";
import { explainBroadcast, explainMatMul, explainReshape } from "../../src/shapes";

/** What tf itself says: the result shape, or that it throws. */
function tfShape(op: () => tf.Tensor): number[] | "error" {
  try {
    return tf.tidy(() => op().shape.slice());
  } catch {
    return "error";
  }
}

function explained(f: () => { resultShape: number[] }): number[] | "error" {
  try {
    return f().resultShape;
  } catch {
    return "error";
  }
}

const smallShape = (maxRank: number) => fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: maxRank });

describe("explainBroadcast", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("works (32,10) + (10,) through (1,10) to (32,10)", () => {
    const e = explainBroadcast([32, 10], [10]);
    assert.deepEqual(e.resultShape, [32, 10]);
    const text = e.toString();
    assert.match(text, /a: \(32, 10\)\n\s+b: \(    10\)/, "aligned on the right");
    assert.match(text, /b: \(10,\) → \(1, 10\)/, "a leading axis of size 1 is added");
    assert.match(text, /b: \(1, 10\) → \(32, 10\)/, "the size-1 axis is stretched");
    assert.match(text, /Result: \(32, 10\)$/);
  });

  it("accepts tensors as well as shapes", () => {
    const a = tf.zeros([3, 1]);
    const b = tf.zeros([1, 4]);
    assert.deepEqual(explainBroadcast(a, b).resultShape, [3, 4]);
    a.dispose();
    b.dispose();
  });

  it("names the incompatible axis in its error, counted from the right and in each shape", () => {
    assert.throws(
      () => explainBroadcast([32, 10], [5]),
      /explainBroadcast: cannot broadcast \(32, 10\) with \(5,\): at axis -1 \(axis 1 of a, axis 0 of b\) the sizes are 10 and 5; they must be equal, or one of them must be 1/,
    );
  });

  it("agrees with tf.add on random shapes", () => {
    fc.assert(
      fc.property(smallShape(4), smallShape(4), (a, b) => {
        assert.deepEqual(
          explained(() => explainBroadcast(a, b)),
          tfShape(() => tf.add(tf.zeros(a), tf.zeros(b))),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("displays as text and an HTML list of steps", () => {
    const b = explainBroadcast([2, 1], [3])[displaySymbol]();
    assert.match(String(b["text/html"]), /<ol[^>]*>.*<li>Align the shapes on the right/s);
    assert.match(String(b["text/plain"]), /^Broadcasting \(2, 1\) with \(3,\)/);
  });

  it("rejects sizes that are not shapes", () => {
    assert.throws(() => explainBroadcast([2, -3], [3]), /explainBroadcast: expected every size in a to be a non-negative integer; got -3 at axis 1 of \[2,-3\]/);
    assert.throws(() => explainBroadcast("2x3" as never, [3]), /expected a to be a tf\.Tensor or a shape/);
  });
});

describe("explainMatMul", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("shows the inner-dimension rule and the result (m, n)", () => {
    const e = explainMatMul([2, 3], [3, 4]);
    assert.deepEqual(e.resultShape, [2, 4]);
    assert.match(e.toString(), /k = 3/);
  });

  it("transposes before matching", () => {
    assert.deepEqual(explainMatMul([3, 2], [4, 3], { transposeA: true, transposeB: true }).resultShape, [2, 4]);
  });

  it("names the mismatched inner axes", () => {
    assert.throws(() => explainMatMul([2, 3], [2, 4]), /inner sizes do not match: a \(2, 3\) has k = 3 \(axis 1\) but b \(2, 4\) has k = 2 \(axis 0\)/);
    assert.throws(() => explainMatMul([2, 3], [4, 2]), /Did you mean matMul\(b, a\)\?/);
    assert.throws(() => explainMatMul([3], [3, 4]), /expected a to have at least 2 axes .* got shape \(3,\)/);
  });

  it("agrees with tf.matMul on random shapes, batch axes included", () => {
    fc.assert(
      fc.property(smallShape(2), smallShape(2), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), (ba, bb, m, k1, k2, n, ta, tb) => {
        const a = [...ba, ...(ta ? [k1, m] : [m, k1])];
        const b = [...bb, ...(tb ? [n, k2] : [k2, n])];
        assert.deepEqual(
          explained(() => explainMatMul(a, b, { transposeA: ta, transposeB: tb })),
          tfShape(() => tf.matMul(tf.zeros(a), tf.zeros(b), ta, tb)),
          `${JSON.stringify(a)} × ${JSON.stringify(b)} ta=${ta} tb=${tb}`,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe("explainReshape", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("infers -1 from the element count", () => {
    const e = explainReshape([2, 3, 4], [4, -1]);
    assert.deepEqual(e.resultShape, [4, 6]);
    assert.match(e.toString(), /24 \/ 4 = 6/);
  });

  it("says why a reshape cannot work", () => {
    assert.throws(() => explainReshape([2, 3, 4], [5, 5]), /cannot reshape \(2, 3, 4\) \(2 × 3 × 4 = 24 elements\) into \(5, 5\) \(5 × 5 = 25 elements\)/);
    assert.throws(() => explainReshape([2, 3, 4], [5, -1]), /cannot infer the -1 at axis 1 of \(5, -1\): 24 elements do not divide evenly by 5/);
    assert.throws(() => explainReshape([6], [-1, -1]), /at most one -1/);
    assert.throws(() => explainReshape([2, -1], [2]), /expected every size in shape to be a non-negative integer/);
  });

  it("agrees with tf.reshape on random shapes", () => {
    fc.assert(
      fc.property(smallShape(4), smallShape(3), fc.boolean(), (from, to, inferLast) => {
        const target = inferLast && to.length ? [...to.slice(0, -1), -1] : to;
        assert.deepEqual(
          explained(() => explainReshape(from, target)),
          tfShape(() => tf.reshape(tf.zeros(from), target)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
