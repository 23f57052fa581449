// One seed for every source of randomness a notebook touches, like Keras's set_random_seed.
import { describeValue } from "../args/describe";

const unseeded = Math.random;

/**
 * A generator of floats in [0, 1) from a 32-bit seed (mulberry32: small, fast, and good enough for
 * shuffles and weight initialisation; not for cryptography).
 */
export function seededRandom(seed: number): () => number {
  assertSeed("seededRandom", seed);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Makes a notebook's random numbers the same on every run: `Math.random` becomes a sequence seeded
 * with `seed`, and with it everything in TensorFlow.js that draws without a seed of its own (weight
 * initialisers, `tf.randomNormal()` and friends, dropout, and the shuffle of `model.fit`).
 * Call it once at the top, before building a model. `setRandomSeed(null)` brings back the unseeded
 * `Math.random`.
 *
 * @example
 * setRandomSeed(42);
 * const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
 */
export function setRandomSeed(seed: number | null): void {
  if (seed === null) {
    Math.random = unseeded;
    return;
  }
  assertSeed("setRandomSeed", seed, " (or null to unseed)");
  Math.random = seededRandom(seed);
}

function assertSeed(fn: string, seed: unknown, alternative = ""): asserts seed is number {
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new TypeError(`${fn}(seed): seed must be an integer from 0 to 4294967295${alternative}, but got ${describeValue(seed)}`);
  }
}
