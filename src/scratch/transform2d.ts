// The geometry of a dense layer on 2-D points: relu(x · W + b) with W built from an angle, a scale and a
// shear. Chapter 02-tensor-operations moves these with sliders; the points stay rows, as in the chapter.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, finite, flag, OptionRule } from "../args/options";
import { PointsLike, toPoints } from "../charts/values";

export interface Affine2dOptions {
  /** Rotation in degrees, counter-clockwise (default 0). */
  angle?: number;
  /** Scale factor, the same on both axes or [sx, sy] (default 1). */
  scale?: number | [number, number];
  /** Horizontal shear: x moves by shear · y (default 0). */
  shear?: number;
  /** The translation b (default [0, 0]). */
  bias?: [number, number];
  /** Apply relu after the affine map, folding the plane onto the positive quadrant (default false). */
  relu?: boolean;
}

const pair: OptionRule = { expected: "[number, number] of finite numbers", test: (v) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === "number" && Number.isFinite(x)) };
const scaleRule: OptionRule = { expected: "a finite number or [sx, sy]", test: (v) => finite.test(v) || pair.test(v) };
const RULES = { angle: finite, scale: scaleRule, shear: finite, bias: pair, relu: flag };

/**
 * The 2×2 matrix W of `x · W` for points as rows: scale, then shear, then rotate by `angle` degrees.
 * Introduced in chapter 02-tensor-operations.
 */
export function affineMatrix2d(options: Affine2dOptions = {}): number[][] {
  checkOptions("affineMatrix2d", options, RULES);
  const [sx, sy] = typeof options.scale === "number" ? [options.scale, options.scale] : (options.scale ?? [1, 1]);
  const k = options.shear ?? 0;
  const t = ((options.angle ?? 0) * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  // S·H = [[sx, 0], [k·sy, sy]], then ·R with R = [[c, s], [−s, c]] (row vectors, as the chapter's rotation).
  const sh = [
    [sx, 0],
    [k * sy, sy],
  ];
  return sh.map(([a, b]) => [a! * c - b! * s, a! * s + b! * c]);
}

/**
 * relu(points · W + b) (or without relu), computed with tf on an N×2 tensor or array of [x, y] points; W
 * from `affineMatrix2d`. Returns plain [x, y] pairs and leaves no tensor behind.
 * Introduced in chapter 02-tensor-operations.
 *
 * @example scatterPlot([{ name: "x", points }, { name: "relu(x·W + b)", points: scratch.affineTransform2d(points, { angle: 30, relu: true }) }])
 */
export function affineTransform2d(points: PointsLike, options: Affine2dOptions = {}): Array<[number, number]> {
  checkOptions("affineTransform2d", options, RULES);
  const xs = toPoints(points, "affineTransform2d: points");
  const w = affineMatrix2d(options);
  const [bx, by] = options.bias ?? [0, 0];
  const flat = tf.tidy(() => {
    if (xs.length === 0) return new Float32Array(0);
    const y = tf.tensor2d(xs, [xs.length, 2]).matMul(tf.tensor2d(w)).add(tf.tensor1d([bx, by]));
    return (options.relu ? tf.relu(y) : y).dataSync() as Float32Array;
  });
  return Array.from({ length: xs.length }, (_, i) => [flat[2 * i]!, flat[2 * i + 1]!]);
}
