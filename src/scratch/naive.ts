// Chollet's chapter-2 re-implementation of the MNIST network with bare tf ops: NaiveDense, NaiveSequential,
// BatchGenerator, one training step with tf.variableGrads (TensorFlow.js's GradientTape) and the fit loop.
import * as tf from "@tensorflow/tfjs";
import { callback, checkOptions, finite, integer } from "../args/options";
import { assertFiniteNumber, assertInstance, assertNumericTensor } from "../args/values";

/** A dense layer from scratch: activation(inputs·W + b), W initialised uniformly in [0, 0.1). Introduced in chapter 04-mnist. */
export class NaiveDense {
  readonly W: tf.Variable;
  readonly b: tf.Variable;

  constructor(
    inputSize: number,
    outputSize: number,
    readonly activation: (x: tf.Tensor) => tf.Tensor,
  ) {
    if (!Number.isInteger(inputSize) || inputSize < 1 || !Number.isInteger(outputSize) || outputSize < 1) {
      throw new Error(`NaiveDense: expected whole numbers ≥ 1 for inputSize and outputSize; got ${inputSize} and ${outputSize}`);
    }
    this.W = tf.tidy(() => tf.variable(tf.randomUniform([inputSize, outputSize], 0, 0.1)));
    this.b = tf.tidy(() => tf.variable(tf.zeros([outputSize])));
  }

  call(inputs: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.activation(tf.add(tf.matMul(inputs as tf.Tensor2D, this.W as tf.Tensor2D), this.b)));
  }

  get weights(): tf.Variable[] {
    return [this.W, this.b];
  }
}

/**
 * Rows a NaiveSequential runs at a time: a forward pass over a whole test set holds each layer's outputs
 * for one block of rows, not for all of them (10 000 × 512 floats, three times), as Keras's predict runs
 * batches. The wasm heap never gives memory back, so that spike would stay in the kernel for good.
 */
export const CALL_ROWS = 2048;

/** Layers applied one after another. Introduced in chapter 04-mnist. */
export class NaiveSequential {
  constructor(readonly layers: NaiveDense[]) {}

  /** The layers applied to `inputs` [N, features], CALL_ROWS rows at a time when N is larger. */
  call(inputs: tf.Tensor): tf.Tensor {
    const forward = (x: tf.Tensor) => tf.tidy(() => this.layers.reduce((y, layer) => layer.call(y), x));
    const rows = inputs.shape[0] ?? 0;
    if (inputs.rank < 2 || rows <= CALL_ROWS) return forward(inputs);
    const blocks: tf.Tensor[] = [];
    try {
      for (let start = 0; start < rows; start += CALL_ROWS) {
        const block = inputs.slice(start, Math.min(CALL_ROWS, rows - start));
        blocks.push(forward(block));
        block.dispose();
      }
      return tf.concat(blocks);
    } finally {
      tf.dispose(blocks);
    }
  }

  get weights(): tf.Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  dispose(): void {
    tf.dispose(this.weights);
  }
}

/** Walks through images and labels in consecutive batches; the caller disposes each batch. Introduced in chapter 04-mnist. */
export class BatchGenerator {
  index = 0;
  readonly numBatches: number;

  constructor(
    readonly images: tf.Tensor,
    readonly labels: tf.Tensor,
    readonly batchSize = 128,
  ) {
    if (images.shape[0] !== labels.shape[0]) {
      throw new Error(`BatchGenerator: expected as many images as labels; got ${images.shape[0]} images and ${labels.shape[0]} labels`);
    }
    this.numBatches = Math.ceil(images.shape[0]! / batchSize);
  }

  /** The next [images, labels] batch (the last one may be smaller). */
  next(): [tf.Tensor, tf.Tensor] {
    const n = this.images.shape[0]!;
    if (this.index >= n) throw new Error(`BatchGenerator.next: all ${this.numBatches} batches were already read`);
    const size = Math.min(this.batchSize, n - this.index);
    const batch: [tf.Tensor, tf.Tensor] = [this.images.slice(this.index, size), this.labels.slice(this.index, size)];
    this.index += this.batchSize;
    return batch;
  }
}

/**
 * One step of training: the mean sparse categorical cross-entropy of the batch, its gradient with respect to
 * model.weights (tf.variableGrads records the forward pass like GradientTape), and w ← w − learningRate·g.
 * Returns the loss before the step. Introduced in chapter 04-mnist.
 */
export function oneTrainingStep(model: NaiveSequential, images: tf.Tensor, labels: tf.Tensor, learningRate = 1e-3): number {
  checkTrainingArgs("oneTrainingStep", model, images, labels);
  assertFiniteNumber("oneTrainingStep", "learningRate", learningRate);
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const predictions = model.call(images);
      return tf.mean(sparseCategoricalCrossentropy(labels, predictions)) as tf.Scalar;
    }, model.weights);
    for (const w of model.weights) w.assign(tf.sub(w, tf.mul(grads[w.name]!, learningRate)));
    return value.dataSync()[0]!;
  });
}

/** −log(p[label]) per sample, for probabilities [N,K] and int labels [N]. */
export function sparseCategoricalCrossentropy(labels: tf.Tensor, probabilities: tf.Tensor): tf.Tensor1D {
  assertNumericTensor("sparseCategoricalCrossentropy", "labels", labels);
  assertNumericTensor("sparseCategoricalCrossentropy", "probabilities", probabilities);
  if (probabilities.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== probabilities.shape[0]) {
    throw new Error(`sparseCategoricalCrossentropy: expected probabilities [N,K] and labels [N]; got probabilities [${probabilities.shape}] and labels [${labels.shape}]`);
  }
  return tf.tidy(() => {
    const k = probabilities.shape[probabilities.rank - 1]!;
    const picked = tf.sum(tf.mul(tf.oneHot(tf.cast(labels, "int32") as tf.Tensor1D, k), probabilities), -1);
    return tf.neg(tf.log(tf.clipByValue(picked, 1e-7, 1))) as tf.Tensor1D;
  });
}

/** The model and data every training helper takes: a NaiveSequential, images [N, inputs] and labels [N]. */
function checkTrainingArgs(fn: string, model: unknown, images: unknown, labels: unknown): asserts model is NaiveSequential {
  assertInstance(fn, "model", model, NaiveSequential, "a scratch.NaiveSequential");
  assertNumericTensor(fn, "images", images);
  assertNumericTensor(fn, "labels", labels);
  const inputs = model.layers[0]?.W.shape[0];
  if (images.rank !== 2 || images.shape[1] !== inputs || labels.rank !== 1 || labels.shape[0] !== images.shape[0]) {
    throw new Error(`${fn}: expected images [N,${inputs}] and labels [N]; got images [${images.shape}] and labels [${labels.shape}]`);
  }
}

export interface NaiveFitOptions {
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  /** Called with the loss every `logEvery` batches (100 by default), as Chollet's loop prints it. */
  onLog?: (epoch: number, batch: number, loss: number) => void;
  logEvery?: number;
}

/** Chollet's fit loop: for each epoch, one training step per batch. Returns the loss of every step. Introduced in chapter 04-mnist. */
export function naiveFit(model: NaiveSequential, images: tf.Tensor, labels: tf.Tensor, options: NaiveFitOptions): number[] {
  checkTrainingArgs("naiveFit", model, images, labels);
  checkOptions("naiveFit", options, { epochs: integer(0, 1000), batchSize: integer(1), learningRate: finite, onLog: callback, logEvery: integer(1) }, ["epochs"]);
  const { epochs, batchSize = 128, learningRate = 1e-3, logEvery = 100 } = options;
  const onLog = options.onLog ?? ((epoch, batch, loss) => console.log(`epoch ${epoch} batch ${batch}: loss ${loss.toFixed(2)}`));
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const generator = new BatchGenerator(images, labels, batchSize);
    for (let batch = 0; batch < generator.numBatches; batch++) {
      const [x, y] = generator.next();
      const loss = oneTrainingStep(model, x, y, learningRate);
      tf.dispose([x, y]);
      losses.push(loss);
      if (batch % logEvery === 0) onLog(epoch, batch, loss);
    }
  }
  return losses;
}
