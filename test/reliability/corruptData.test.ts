// Corrupt IDX data: truncated files, wrong magic numbers, mismatched counts and missing files get
// clear errors that name the file and the problem (loadMnist({ dir }) and readIdx).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { after, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";

import { loadMnist, readIdx } from "../../src/index";

const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

/** An IDX file: magic 0x00 0x00 <dtype> <ndim>, big-endian dimensions, then the data. */
function idx(dims: number[], data: Uint8Array, options: { dtype?: number; magic?: number[] } = {}): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  const [m0, m1] = options.magic ?? [0, 0];
  head[0] = m0!;
  head[1] = m1!;
  head[2] = options.dtype ?? 0x08;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

const images = (n: number) => idx([n, 28, 28], Uint8Array.from({ length: n * 784 }, (_, i) => i % 256));
const labels = (n: number) => idx([n], Uint8Array.from({ length: n }, (_, i) => i % 10));

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-corrupt-"));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A folder with the four MNIST files, any of them replaced; `null` leaves one out. */
function mnistDir(name: string, replace: Partial<Record<keyof typeof FILES, Buffer | null>> = {}): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const files: Record<keyof typeof FILES, Buffer | null> = { trainImages: images(3), trainLabels: labels(3), testImages: images(2), testLabels: labels(2), ...replace };
  for (const [key, content] of Object.entries(files)) {
    if (content !== null) fs.writeFileSync(path.join(dir, FILES[key as keyof typeof FILES]), content);
  }
  return dir;
}

function withTensorCheck(fn: () => void): void {
  const before = tf.memory().numTensors;
  fn();
  assert.equal(tf.memory().numTensors, before, "a failed load must not leave tensors behind");
}

/** Asserts that loading throws an Error whose message names the file and matches `problem`. */
function assertLoadFails(dir: string, file: string, problem: RegExp): void {
  withTensorCheck(() =>
    assert.throws(
      () => loadMnist({ dir }),
      (e: unknown) => {
        assert.ok(e instanceof Error, "an Error");
        assert.ok(e.message.includes(file), `the message names ${file}: ${e.message}`);
        assert.match(e.message, problem);
        return true;
      },
    ),
  );
}

describe("loadMnist({ dir }) with valid small files", () => {
  it("loads them, so the failures below are about the corruption alone", () => {
    const data = loadMnist({ dir: mnistDir("valid") });
    try {
      assert.deepEqual(data.train.images.shape, [3, 28, 28]);
      assert.deepEqual(data.test.labels.shape, [2]);
      assert.equal(data.train.images.dtype, "int32");
      assert.deepEqual(Array.from(data.train.labels.dataSync()), [0, 1, 2]);
    } finally {
      tf.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
    }
  });

  it("reads gzipped files too", () => {
    const dir = mnistDir("gzipped", { trainImages: null, trainLabels: null });
    fs.writeFileSync(path.join(dir, `${FILES.trainImages}.gz`), zlib.gzipSync(images(3)));
    fs.writeFileSync(path.join(dir, `${FILES.trainLabels}.gz`), zlib.gzipSync(labels(3)));
    const data = loadMnist({ dir });
    assert.deepEqual(data.train.images.shape, [3, 28, 28]);
    tf.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
  });
});

describe("corrupt IDX files", () => {
  it("a truncated image file: names the file and says it is truncated or too short", () => {
    assertLoadFails(mnistDir("truncated", { trainImages: images(3).subarray(0, 16 + 784 * 2 + 100) }), FILES.trainImages, /truncat|too short|expected \d+ bytes|length/i);
  });

  it("a file cut inside its header", () => {
    assertLoadFails(mnistDir("header", { testLabels: labels(2).subarray(0, 6) }), FILES.testLabels, /truncat|too short|header|expected \d+ bytes/i);
  });

  it("an empty file", () => {
    assertLoadFails(mnistDir("empty", { trainLabels: Buffer.alloc(0) }), FILES.trainLabels, /empty|truncat|too short|header|magic/i);
  });

  it("a wrong magic number", () => {
    assertLoadFails(mnistDir("magic", { trainImages: idx([3, 28, 28], new Uint8Array(3 * 784), { magic: [0x1f, 0x8c] }) }), FILES.trainImages, /magic/i);
  });

  it("an unknown data type code", () => {
    assertLoadFails(mnistDir("dtype", { trainLabels: idx([3], new Uint8Array(3), { dtype: 0x05 }) }), FILES.trainLabels, /type|dtype/i);
  });

  it("images and labels whose counts do not match", () => {
    assertLoadFails(mnistDir("counts", { trainLabels: labels(4) }), FILES.trainLabels, /count|mismatch|\b3\b.*\b4\b|\b4\b.*\b3\b/i);
  });

  it("a missing file", () => {
    assertLoadFails(mnistDir("missing", { testImages: null }), FILES.testImages, /not found|missing|no such|does not exist|ENOENT/i);
  });

  it("a corrupt gzip file", () => {
    const dir = mnistDir("badgzip", { trainImages: null });
    fs.writeFileSync(path.join(dir, `${FILES.trainImages}.gz`), zlib.gzipSync(images(3)).subarray(0, 100));
    assertLoadFails(dir, FILES.trainImages, /gzip|corrupt|unexpected end|truncat/i);
  });

  it("readIdx names the file it could not read", () => {
    const file = path.join(root, "does-not-exist-idx1-ubyte");
    assert.throws(() => readIdx(file), (e: unknown) => e instanceof Error && e.message.includes(file));
  });
});
