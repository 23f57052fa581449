// Small synthetic datasets for pictures of what a network does to 2-D points.
import * as tf from "@tensorflow/tfjs";
import { atLeast, checkOptions, finite, flag, integer, OptionRules } from "../args/options";

export interface TwoMoonsOptions {
  /** Number of points, split evenly between the two moons (200 by default). */
  n?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (0.1 by default). */
  noise?: number;
  seed?: number;
  /** Shuffle the points, as scikit-learn does by default, so a validation split gets both classes (true by default). */
  shuffle?: boolean;
}

const TWO_MOONS_OPTIONS: OptionRules<TwoMoonsOptions> = { n: integer(2), noise: atLeast(0), seed: finite, shuffle: flag };

/**
 * Two interleaving half circles (scikit-learn's make_moons): points float32 [n,2] and labels int32 [n]
 * (0 for the upper moon, 1 for the lower), shuffled unless `shuffle: false`. Not linearly separable, so a network must bend the plane to
 * separate them. Introduced in chapter 02-tensor-operations.
 */
export function twoMoons(options: TwoMoonsOptions = {}): { points: tf.Tensor2D; labels: tf.Tensor1D } {
  checkOptions("twoMoons", options, TWO_MOONS_OPTIONS);
  const { n = 200, noise = 0.1, seed, shuffle = true } = options;
  return tf.tidy(() => {
    const upper = Math.ceil(n / 2);
    const lower = n - upper;
    const a = tf.linspace(0, Math.PI, upper);
    const b = tf.linspace(0, Math.PI, lower);
    const clean = tf.concat([tf.stack([tf.cos(a), tf.sin(a)], 1), tf.stack([tf.sub(1, tf.cos(b)), tf.sub(0.5, tf.sin(b))], 1)]);
    const points = tf.add(clean, tf.randomNormal([n, 2], 0, noise, "float32", seed)) as tf.Tensor2D;
    const labels = tf.concat([tf.zeros([upper], "int32"), tf.ones([lower], "int32")]) as tf.Tensor1D;
    if (!shuffle) return { points, labels };
    // Sorting seeded random keys gives a seeded permutation (tf.util.shuffle cannot take a seed).
    const order = tf.topk(tf.randomUniform([n], 0, 1, "float32", seed === undefined ? undefined : seed + 1), n).indices;
    return { points: tf.gather(points, order), labels: tf.gather(labels, order) };
  });
}
