// scratch.affineMatrix2d / affineTransform2d: the chapter 2 explorer's geometry.
import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { describe, it } from "node:test";
import { affineMatrix2d, affineTransform2d } from "../../src/scratch";

const close = (a: number[][], b: number[][]) => a.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - b[i]![j]!) < 1e-6, `${JSON.stringify(a)} ≈ ${JSON.stringify(b)}`)));

describe("affine maps of 2-D points", () => {
  it("rotates counter-clockwise, as the chapter's rotation matrix does", () => {
    close(affineMatrix2d({ angle: 30 }), [[Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)], [-Math.sin(Math.PI / 6), Math.cos(Math.PI / 6)]]);
    close(affineTransform2d([[1, 0]], { angle: 90 }), [[0, 1]]);
  });

  it("scales, then shears, then rotates, then adds the bias, then folds with relu", () => {
    close(affineTransform2d([[1, 1]], { scale: [2, 3], shear: 0.5 }), [[2 + 0.5 * 3, 3]]);
    close(affineTransform2d([[1, 0], [-1, 0]], { bias: [0.5, -1] }), [[1.5, -1], [-0.5, -1]]);
    close(affineTransform2d([[1, 0], [-1, 0]], { bias: [0.5, -1], relu: true }), [[1.5, 0], [0, 0]]);
  });

  it("takes a tensor and leaves no tensor behind", () => {
    const points = tf.tensor2d([[1, 2], [3, 4]]);
    const before = tf.memory().numTensors;
    close(affineTransform2d(points), [[1, 2], [3, 4]]);
    assert.equal(tf.memory().numTensors, before);
    points.dispose();
  });

  it("names the option it refuses", () => {
    assert.throws(() => affineTransform2d([[0, 0]], { scale: [1] as never }), /^TypeError: affineTransform2d: options\.scale: expected a finite number or \[sx, sy\]/);
    assert.throws(() => affineTransform2d("x" as never), /^Error: affineTransform2d: points: expected an N×2 tensor/);
  });
});
