// One training measurement in its own process (a backend starts once per process): the kernel's
// backend selection, then one workload of trainingWorkloads.ts trained with a plain model.fit.
// Usage: node dist/bench/trainingRun.js '<TrainingRunConfig as JSON>'; prints a JSON line.
// With `paced`, it prints {"epoch": i, "seconds": s} after each full epoch and waits for a line on
// stdin before the next, so that the bench can time PyTorch's epochs in between, under the same load.
import readline from "node:readline";
import * as tf from "@tensorflow/tfjs";
import { backendInfo, profileKernels, selectBackend } from "../src/backend";
import { WORKLOADS, WorkloadName } from "./trainingWorkloads";

export interface TrainingRunConfig {
  workload: WorkloadName;
  /** Batches per timed model.fit. */
  steps: number;
  /** Timed model.fit calls of `steps` batches. */
  repeats: number;
  /** Full epochs after the timed runs, then test accuracy when the workload has a test set (0 = none). */
  epochs: number;
  /** Batches to profile kernel by kernel (0 = none). */
  profileSteps: number;
  /** Report each epoch and wait for a line on stdin before the next. */
  paced?: boolean;
}

export interface TrainingRunResult {
  backend: string;
  stepMs: number[];
  epochSeconds: number[];
  testAccuracy?: number;
  profile?: { rows: string[][]; kernelMsPerStep: number };
}

const WARMUP_STEPS = 20;

async function main(config: TrainingRunConfig): Promise<TrainingRunResult> {
  await selectBackend();
  const workload = WORKLOADS[config.workload];
  const { batch } = workload;
  const { x: xs, y: ys } = workload.train();
  const model = workload.model();
  const fitSteps = async (steps: number) => {
    const [x, y] = [xs.slice(0, steps * batch), ys.slice(0, steps * batch)];
    const start = performance.now();
    await model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0 });
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
    const [x, y] = [xs.slice(0, config.profileSteps * batch), ys.slice(0, config.profileSteps * batch)];
    const p = await profileKernels(() => model.fit(x, y, { batchSize: batch, epochs: 1, verbose: 0 }), { steps: config.profileSteps });
    tf.dispose([x, y]);
    profile = { rows: p.rows(14), kernelMsPerStep: p.kernelMs / config.profileSteps };
  }
  model.dispose();

  const epochSeconds: number[] = [];
  let testAccuracy: number | undefined;
  if (config.epochs > 0) {
    const lines = config.paced ? readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]() : undefined;
    const fresh = workload.model();
    await fresh.fit(xs, ys, {
      batchSize: batch,
      epochs: config.epochs,
      verbose: 0,
      callbacks: {
        onEpochBegin: async () => void epochSeconds.push(performance.now()),
        onEpochEnd: async (epoch) => {
          epochSeconds[epoch] = (performance.now() - epochSeconds[epoch]!) / 1000;
          if (!lines) return;
          console.log(JSON.stringify({ epoch, seconds: epochSeconds[epoch] }));
          await lines.next();
        },
      },
    });
    process.stdin.destroy();
    const test = workload.test?.();
    if (test) {
      testAccuracy = tf.tidy(() => {
        const predicted = (fresh.predict(test.x, { batchSize: 1000 }) as tf.Tensor).argMax(1);
        return predicted.equal(test.y.argMax(1)).mean().dataSync()[0]!;
      });
      tf.dispose([test.x, test.y]);
    }
    fresh.dispose();
  }
  tf.dispose([xs, ys]);
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
