import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { displaySymbol } from "../../src/display";
import { showImage, showImages } from "../../src/inspect";

function decode(png: Uint8Array) {
  return PNG.sync.read(Buffer.from(png));
}

function pixel(img: PNG, x: number, y: number): number[] {
  const i = (y * img.width + x) * 4;
  return [...img.data.subarray(i, i + 4)];
}

describe("showImage", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("draws a [H,W] tensor of 0–255 values as grey pixels, upscaled by nearest neighbour", () => {
    const t = tf.tensor2d([[0, 255], [128, 64]], undefined, "int32");
    const view = showImage(t, { scale: 3 });
    const img = decode(view.png);
    assert.deepEqual([img.width, img.height], [6, 6]);
    assert.deepEqual(pixel(img, 0, 0), [0, 0, 0, 255]);
    assert.deepEqual(pixel(img, 2, 2), [0, 0, 0, 255], "still the first pixel: no blur");
    assert.deepEqual(pixel(img, 3, 0), [255, 255, 255, 255]);
    assert.deepEqual(pixel(img, 0, 5), [128, 128, 128, 255]);
    assert.deepEqual(pixel(img, 5, 5), [64, 64, 64, 255]);
    t.dispose();
  });

  it("reads floats within 0–1 as 0–1", () => {
    const t = tf.tensor2d([[0, 0.5, 1]]);
    const img = decode(showImage(t, { scale: 1 }).png);
    assert.deepEqual([pixel(img, 0, 0)[0], pixel(img, 1, 0)[0], pixel(img, 2, 0)[0]], [0, 128, 255]);
    assert.match(showImage(t).toString(), /values 0–1/);
    t.dispose();
  });

  it("draws RGB and RGBA images", () => {
    const rgb = tf.tensor3d([[[255, 0, 0], [0, 0, 255]]], undefined, "int32");
    const img = decode(showImage(rgb, { scale: 1 }).png);
    assert.deepEqual(pixel(img, 0, 0), [255, 0, 0, 255]);
    assert.deepEqual(pixel(img, 1, 0), [0, 0, 255, 255]);
    const rgba = tf.tensor3d([[[0, 1, 0, 0.5]]]);
    assert.deepEqual(pixel(decode(showImage(rgba, { scale: 1 }).png), 0, 0), [0, 255, 0, 128]);
    rgb.dispose();
    rgba.dispose();
  });

  it("displays as image/png with a text description", () => {
    const t = tf.zeros([28, 28, 1]);
    const b = showImage(t)[displaySymbol]();
    assert.ok(b["image/png"] instanceof Uint8Array);
    assert.equal(b["text/plain"], "Image 28×28 greyscale, values 0–1, shown ×5 (140×140 px)");
    t.dispose();
  });

  it("maps an explicit range to black and white", () => {
    const t = tf.tensor2d([[-1, 0, 1]]);
    const img = decode(showImage(t, { scale: 1, range: [-1, 1] }).png);
    assert.deepEqual([pixel(img, 0, 0)[0], pixel(img, 1, 0)[0], pixel(img, 2, 0)[0]], [0, 128, 255]);
    t.dispose();
  });

  it("explains what it expected for bad input", () => {
    const t5 = tf.zeros([3, 4, 5, 6, 7]);
    assert.throws(() => showImage(t5), /showImage: expected t to be a tensor of shape \[H,W\] or \[H,W,C\] with C = 1, 3 or 4; got \[3,4,5,6,7\]/);
    const batch = tf.zeros([2, 28, 28, 1]);
    assert.throws(() => showImage(batch), /for a batch of images use showImages/);
    const nan = tf.tensor2d([[1, NaN]]);
    assert.throws(() => showImage(nan), /expected finite pixel values in t; got 1 NaN or Inf/);
    const wide = tf.tensor2d([[-5, 300]]);
    assert.throws(() => showImage(wide), /expected pixel values in 0–1 or 0–255 in t; got values from -5 to 300 \(rescale them, or pass \{ range: \[-5, 300\] \}\)/);
    const empty = tf.zeros([0, 3]);
    assert.throws(() => showImage(empty), /non-empty image/);
    assert.throws(() => showImage([[1]] as never), /showImage: expected t to be a tf\.Tensor; got an array/);
    for (const t of [t5, batch, nan, wide, empty]) t.dispose();
  });
});

describe("showImages", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("draws a grid with captions and outlines wrong predictions in red", () => {
    const batch = tf.tidy(() => tf.fill([4, 8, 8], 200, "int32"));
    const view = showImages(batch, { labels: [1, 2, 3, 4], predictions: [1, 2, 9, 4], cols: 2, scale: 4 });
    const img = decode(view.png);
    const red = (p: number[]) => p[0]! > 180 && p[1]! < 80 && p[2]! < 80;
    let reds = 0;
    for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (red(pixel(img, x, y))) reds++;
    assert.ok(reds > 100, `a red outline and caption, ${reds} red pixels`);
    // The outline is around the third image: bottom-left of a 2-column grid.
    const topHalfReds = Array.from({ length: Math.floor(img.height / 2) }, (_, y) => Array.from({ length: img.width }, (_, x) => red(pixel(img, x, y)))).flat().filter(Boolean).length;
    assert.equal(topHalfReds, 0, "the first row has only correct predictions");
    assert.match(view.toString(), /wrong: 1 of 4: #2 \(true 3, pred 9\)/);
    batch.dispose();
  });

  it("reads labels from tensors, and predictions from score rows with argMax", () => {
    const batch = tf.zeros([3, 4, 4]);
    const labels = tf.tensor1d([0, 1, 2], "int32");
    const scores = tf.tensor2d([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1]]);
    const view = showImages(batch, { labels, predictions: scores });
    assert.match(view.toString(), /predictions: 0 1 0/);
    assert.match(view.toString(), /wrong: 1 of 3/);
    for (const t of [batch, labels, scores]) t.dispose();
  });

  it("draws at most `max` images and says how many there were", () => {
    const batch = tf.zeros([50, 4, 4]);
    const view = showImages(batch, { max: 12 });
    assert.match(view.toString(), /^Images: 12 of \[50,4,4\], 10 per row/);
    batch.dispose();
  });

  it("explains bad batches and label counts", () => {
    const one = tf.zeros([28, 28]);
    assert.throws(() => showImages(one), /showImages: expected batch to be a tensor of shape \[N,H,W\] or \[N,H,W,C\].*; got \[28,28\]/);
    const batch = tf.zeros([3, 4, 4]);
    assert.throws(() => showImages(batch, { labels: [1, 2] }), /expected options\.labels to have 3 entries \(one per image\); got 2/);
    assert.throws(() => showImages(batch, { cols: 0 }), /options\.cols/);
    one.dispose();
    batch.dispose();
  });
});
