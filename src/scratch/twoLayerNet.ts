// Saito's two-layer network (ch05/two_layer_net.py): Affine → ReLU → Affine → SoftmaxWithLoss, with its
// gradient by backpropagation and by numerical differentiation, and a check that the two agree.
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { Report } from "../display/report";
import { checkOptions, integer, positive } from "../args/options";
import { assertInstance, assertNumericTensor } from "../args/values";
import { numericalGradientOf } from "./gradient";
import { Affine, Relu, ScratchLayer, SoftmaxWithLoss } from "./layers";

export type TwoLayerParam = "W1" | "b1" | "W2" | "b2";
export const TWO_LAYER_PARAMS: readonly TwoLayerParam[] = ["W1", "b1", "W2", "b2"];

export interface TwoLayerNetOptions {
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  /** Standard deviation of the initial weights (Saito: 0.01). */
  weightInitStd?: number;
  /** Seed of the initial weights, for a reproducible run. */
  seed?: number;
}

/** Saito's TwoLayerNet with backprop. Introduced in chapter 06-backprop-from-scratch. */
export class TwoLayerNet {
  readonly params: Record<TwoLayerParam, tf.Variable>;
  readonly layers: ScratchLayer[];
  readonly lastLayer = new SoftmaxWithLoss();

  constructor(options: TwoLayerNetOptions) {
    const { inputSize, hiddenSize, outputSize, weightInitStd = 0.01, seed } = options;
    for (const [name, n] of Object.entries({ inputSize, hiddenSize, outputSize })) {
      if (!Number.isInteger(n) || n < 1) throw new Error(`TwoLayerNet: ${name}: expected a whole number ≥ 1; got ${n}`);
    }
    this.params = tf.tidy(() => ({
      W1: tf.variable(tf.randomNormal([inputSize, hiddenSize], 0, weightInitStd, "float32", seed)),
      b1: tf.variable(tf.zeros([hiddenSize])),
      W2: tf.variable(tf.randomNormal([hiddenSize, outputSize], 0, weightInitStd, "float32", seed === undefined ? undefined : seed + 1)),
      b2: tf.variable(tf.zeros([outputSize])),
    }));
    this.layers = [new Affine(this.params.W1, this.params.b1), new Relu(), new Affine(this.params.W2, this.params.b2)];
  }

  /** The scores (logits) [N, outputSize] for x [N, inputSize]. */
  predict(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => this.layers.reduce((h, layer) => layer.forward(h), x) as tf.Tensor2D);
  }

  /** The mean cross-entropy loss; t is int32 labels [N] or one-hot [N,K]. */
  loss(x: tf.Tensor, t: tf.Tensor): tf.Scalar {
    return tf.tidy(() => this.lastLayer.forward(this.predict(x), t));
  }

  /** The fraction of x classified as t. */
  accuracy(x: tf.Tensor, t: tf.Tensor): number {
    return tf.tidy(() => {
      const predicted = tf.argMax(this.predict(x), 1);
      const labels = t.rank === 1 ? t : tf.argMax(t, 1);
      return tf.mean(tf.cast(tf.equal(predicted, tf.cast(labels, "int32")), "float32")).dataSync()[0]!;
    });
  }

  /** The gradient of the loss with respect to each parameter, by backpropagation. */
  gradient(x: tf.Tensor, t: tf.Tensor): Record<TwoLayerParam, tf.Tensor> {
    return tf.tidy(() => {
      this.loss(x, t);
      let dout = this.lastLayer.backward(1);
      for (const layer of [...this.layers].reverse()) dout = layer.backward(dout);
      const [affine1, , affine2] = this.layers as [Affine, Relu, Affine];
      return { W1: affine1.dW!.clone(), b1: affine1.db!.clone(), W2: affine2.dW!.clone(), b2: affine2.db!.clone() };
    });
  }

  /** The gradient by central differences in float32, h = 1e-3 by default (slow: two forward passes per entry). */
  numericalGradient(x: tf.Tensor, t: tf.Tensor, options: { h?: number } = {}): Record<TwoLayerParam, tf.Tensor> {
    const grads = {} as Record<TwoLayerParam, tf.Tensor>;
    for (const name of TWO_LAYER_PARAMS) {
      const v = this.params[name];
      grads[name] = tf.tensor(numericalGradientOf(() => this.loss(x, t), v, options), v.shape);
    }
    return grads;
  }

  /** One step of stochastic gradient descent: p ← p − learningRate · grads[p]. */
  update(grads: Record<TwoLayerParam, tf.Tensor>, learningRate: number): void {
    tf.tidy(() => {
      for (const name of TWO_LAYER_PARAMS) this.params[name].assign(tf.sub(this.params[name], tf.mul(grads[name], learningRate)));
    });
  }

  dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.lastLayer.dispose();
    tf.dispose(Object.values(this.params));
  }
}

/** One parameter's comparison of backprop against numerical gradients. */
export interface GradientCheckRow {
  param: string;
  /** How many entries were compared. */
  checked: number;
  /** max |backprop − numerical| over the checked entries. */
  maxAbsDiff: number;
  /** mean |backprop − numerical| over the checked entries: what Saito's gradient_check.py prints. */
  meanAbsDiff: number;
  /** maxAbsDiff divided by the largest |gradient| entry of either method (so tiny entries cannot blow it up). */
  relDiff: number;
}

/** The result of gradientCheck; its display is the table. */
export class GradientCheck {
  constructor(
    readonly rows: GradientCheckRow[],
    readonly h: number,
  ) {}

  /** The largest relative difference over all parameters. */
  get maxRelativeDifference(): number {
    return Math.max(...this.rows.map((r) => r.relDiff));
  }

  /** The largest of the parameters' mean absolute differences (Saito's measure, per parameter). */
  get maxMeanAbsoluteDifference(): number {
    return Math.max(...this.rows.map((r) => r.meanAbsDiff));
  }

  [displaySymbol](): MediaBundle {
    const columns = [{ title: "param" }, ...["entries checked", "mean |backprop − numerical| (Saito's measure)", "max |backprop − numerical|", "relative difference"].map((title) => ({ title, numeric: true }))];
    const rows = this.rows.map((r) => [r.param, String(r.checked), r.meanAbsDiff.toExponential(2), r.maxAbsDiff.toExponential(2), r.relDiff.toExponential(2)]);
    const title = `Gradient check (central difference, h = ${this.h}, float32): max relative difference ${this.maxRelativeDifference.toExponential(2)}`;
    return new Report({ title, columns, rows })[displaySymbol]();
  }
}

export interface GradientCheckOptions {
  /**
   * The finite-difference step; 1e-3 by default. In float32 a loss near 2.3 is rounded by about 1e-7, so the
   * difference quotient carries noise of about 1e-7 / 2h (1e-4 at h = 1e-3): h cannot be as small as float64's 1e-4.
   * A larger h instead straddles more ReLU kinks, where a central difference is wrong by design. See chapter 06.
   */
  h?: number;
  /** Check at most this many entries of each parameter: half the largest backprop entries, half spread evenly. All by default. */
  maxEntriesPerParam?: number;
}

function chooseIndices(grad: Float32Array, max: number | undefined): number[] {
  const all = Array.from(grad.keys());
  if (max === undefined || max >= grad.length) return all;
  const chosen = new Set([...all].sort((a, b) => Math.abs(grad[b]!) - Math.abs(grad[a]!)).slice(0, Math.ceil(max / 2)));
  const stride = grad.length / (max - chosen.size);
  for (let i = 0; chosen.size < max; i++) {
    const index = Math.floor(i * stride) % grad.length;
    if (!chosen.has(index)) chosen.add(index);
    else if (!chosen.has((index + 1) % grad.length)) chosen.add((index + 1) % grad.length);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * Compares the backprop gradient of `net` on (x, t) with the numerical one, parameter by parameter.
 * Introduced in chapter 06-backprop-from-scratch.
 */
export function gradientCheck(net: TwoLayerNet, x: tf.Tensor, t: tf.Tensor, options: GradientCheckOptions = {}): GradientCheck {
  assertInstance("gradientCheck", "net", net, TwoLayerNet, "a scratch.TwoLayerNet");
  assertNumericTensor("gradientCheck", "x", x);
  assertNumericTensor("gradientCheck", "t", t);
  const [inputs, classes] = [net.params.W1.shape[0]!, net.params.W2.shape[1]!];
  const n = x.shape[0];
  const labelsOk = (t.rank === 1 && t.shape[0] === n) || (t.rank === 2 && t.shape[0] === n && t.shape[1] === classes);
  if (x.rank !== 2 || x.shape[1] !== inputs || !labelsOk) {
    throw new Error(`gradientCheck: expected x [N,${inputs}] and t as labels [N] or one-hot [N,${classes}]; got x [${x.shape}] and t [${t.shape}]`);
  }
  checkOptions("gradientCheck", options, { h: positive, maxEntriesPerParam: integer(1) });
  const { h = 1e-3, maxEntriesPerParam } = options;
  const backprop = net.gradient(x, t);
  try {
    const rows = TWO_LAYER_PARAMS.map((param) => {
      const b = backprop[param].dataSync() as Float32Array;
      const indices = chooseIndices(b, maxEntriesPerParam);
      const n = numericalGradientOf(() => net.loss(x, t), net.params[param], { h, indices });
      let maxAbsDiff = 0;
      let sumAbsDiff = 0;
      let scale = 0;
      indices.forEach((index, k) => {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(b[index]! - n[k]!));
        sumAbsDiff += Math.abs(b[index]! - n[k]!);
        scale = Math.max(scale, Math.abs(b[index]!), Math.abs(n[k]!));
      });
      return { param, checked: indices.length, maxAbsDiff, meanAbsDiff: indices.length ? sumAbsDiff / indices.length : 0, relDiff: scale === 0 ? 0 : maxAbsDiff / scale };
    });
    return new GradientCheck(rows, h);
  } finally {
    tf.dispose(Object.values(backprop));
  }
}
