// Turns image tensors into RGBA bytes inside tf, after checking shape, dtype and value range,
// and upscales pixels by nearest neighbour so that small images stay sharp.
import * as tf from "@tensorflow/tfjs";
import { shapeText } from "../args/describe";

/** RGBA bytes of `count` images of width × height, one after the other. */
export interface RgbaImages {
  count: number;
  height: number;
  width: number;
  channels: number;
  data: Uint8Array;
  /** How values were read: "0–1", "0–255" or the explicit range. */
  range: string;
}

/** Checks `[N,H,W]` or `[N,H,W,C]` (batch = true) or `[H,W]` / `[H,W,C]`; returns [H, W, C]. */
export function imageGeometry(fn: string, arg: string, t: tf.Tensor, batch: boolean): [number, number, number] {
  const shape = t.shape;
  const expected = batch ? "[N,H,W] or [N,H,W,C] with C = 1, 3 or 4" : "[H,W] or [H,W,C] with C = 1, 3 or 4";
  const dims = batch ? shape.slice(1) : shape;
  const rankOk = batch ? shape.length === 3 || shape.length === 4 : shape.length === 2 || shape.length === 3;
  const hint = !batch && (shape.length === 4 || (shape.length === 3 && ![1, 3, 4].includes(shape[2]!))) ? " (for a batch of images use showImages)" : "";
  if (!rankOk || (dims.length === 3 && ![1, 3, 4].includes(dims[2]!))) {
    throw new Error(`${fn}: expected ${arg} to be a tensor of shape ${expected}; got ${shapeText(shape)}${hint}`);
  }
  if (t.size === 0) throw new Error(`${fn}: expected a non-empty image tensor ${arg}; got shape ${shapeText(shape)}`);
  if (t.dtype === "string" || t.dtype === "complex64") {
    throw new TypeError(`${fn}: expected ${arg} to hold numbers (float32, int32 or bool); got a ${t.dtype} tensor`);
  }
  return [dims[0]!, dims[1]!, dims.length === 3 ? dims[2]! : 1];
}

/** Reads `count` images (from the start of a batch, or the one image) as RGBA bytes. */
export function toRgba(fn: string, arg: string, t: tf.Tensor, batch: boolean, count: number, range?: [number, number]): RgbaImages {
  const [height, width, channels] = imageGeometry(fn, arg, t, batch);
  const shape4 = [count, height, width, channels];
  const [min, max, nonFinite] = (() => {
    const s = tf.tidy(() => {
      const x = tf.reshape(tf.cast(batch ? tf.slice(t, 0, count) : t, "float32"), [-1]);
      return tf.stack([tf.min(x), tf.max(x), tf.sum(tf.cast(tf.logicalNot(tf.isFinite(x)), "float32"))]);
    });
    const v = s.dataSync();
    s.dispose();
    return [v[0]!, v[1]!, v[2]!];
  })();
  if (nonFinite > 0) throw new Error(`${fn}: expected finite pixel values in ${arg}; got ${nonFinite} NaN or Inf values`);
  let low: number;
  let high: number;
  let rangeText: string;
  if (range) {
    [low, high] = range;
    rangeText = `${low}–${high}`;
  } else if (t.dtype === "bool" || (t.dtype === "float32" && min >= 0 && max <= 1 + 1e-5)) {
    [low, high, rangeText] = [0, 1, "0–1"];
  } else if (min >= 0 && max <= 255) {
    [low, high, rangeText] = [0, 255, "0–255"];
  } else {
    throw new RangeError(
      `${fn}: expected pixel values in 0–1 or 0–255 in ${arg}; got values from ${min} to ${max} ` +
        `(rescale them, or pass { range: [${min}, ${max}] })`,
    );
  }
  const rgba = tf.tidy(() => {
    let x = tf.reshape(tf.cast(batch ? tf.slice(t, 0, count) : t, "float32"), shape4);
    x = tf.clipByValue(tf.mul(tf.sub(x, low), 255 / (high - low)), 0, 255);
    const alpha = tf.fill([count, height, width, 1], 255);
    if (channels === 1) x = tf.concat([x, x, x, alpha], 3);
    else if (channels === 3) x = tf.concat([x, alpha], 3);
    return tf.cast(tf.round(x), "int32");
  });
  const data = Uint8Array.from(rgba.dataSync() as Int32Array);
  rgba.dispose();
  return { count, height, width, channels, data, range: rangeText };
}

/** Nearest-neighbour upscaling of one RGBA image by an integer factor. */
export function upscale(rgba: Uint8Array, width: number, height: number, scale: number): Uint8Array {
  if (scale === 1) return rgba;
  const w = width * scale;
  const out = new Uint8Array(w * height * scale * 4);
  const src = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
  const dst = new Uint32Array(out.buffer);
  for (let y = 0; y < height * scale; y++) {
    const row = Math.floor(y / scale) * width;
    for (let x = 0; x < w; x++) dst[y * w + x] = src[row + Math.floor(x / scale)]!;
  }
  return out;
}
