// Generators of bad arguments for the public API: wrong types, wrong shapes, disposed and empty tensors,
// NaN/Inf, huge inputs and missing files. Tensors are generated as recipes and made fresh for each call,
// so a call that disposes or keeps its input cannot affect the next one.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";

/** A tensor to create just before the call. */
export interface TensorRecipe {
  kind: "tensor";
  shape: number[];
  dtype: "float32" | "int32" | "bool" | "string";
  fill: "random" | "pixels" | "nan" | "inf" | "zeros";
  disposed: boolean;
}

/** A tiny layers model, created just before the call. */
export interface ModelRecipe {
  kind: "model";
  disposed: boolean;
}

/** A value that cannot be generated once and reused, because calls may change it. */
export type Recipe = TensorRecipe | ModelRecipe;

const RECIPE = Symbol("recipe");
type Wrapped = { [RECIPE]: Recipe };

function wrap(r: Recipe): Wrapped {
  return { [RECIPE]: r };
}

/** Files and folders that exist but hold nothing useful, and paths that do not exist. */
export const SCRATCH = process.env.TSDL_BADINPUT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-badinput-"));
const EMPTY_FILE = path.join(SCRATCH, "empty.idx");
const GARBAGE_FILE = path.join(SCRATCH, "garbage-ubyte");
fs.writeFileSync(EMPTY_FILE, "");
fs.writeFileSync(GARBAGE_FILE, Buffer.from("this is not an IDX file at all, just some text"));
export const PATHS = ["/nonexistent/tsdl/train-images-idx3-ubyte", "/nonexistent/tsdl", EMPTY_FILE, GARBAGE_FILE, SCRATCH, ""];

const shapes = fc.oneof(
  fc.constantFrom<number[]>([], [0], [0, 3], [3, 0, 2], [1], [3], [2, 3], [28, 28], [3, 4, 5], [4, 28, 28], [2, 3, 4, 5], [1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]),
  fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 5 }),
);

export const tensorRecipe: fc.Arbitrary<TensorRecipe> = fc.record({
  kind: fc.constant("tensor" as const),
  shape: shapes,
  dtype: fc.constantFrom("float32" as const, "float32" as const, "int32" as const, "bool" as const, "string" as const),
  fill: fc.constantFrom("random" as const, "pixels" as const, "nan" as const, "inf" as const, "zeros" as const),
  disposed: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
});

/** Huge, but made instantly: a [1000, 1000] tensor and a 10^6-element image batch. */
export const hugeTensorRecipe: fc.Arbitrary<TensorRecipe> = fc.record({
  kind: fc.constant("tensor" as const),
  shape: fc.constantFrom([1000, 1000], [1, 1_000_000], [1000, 28, 28]),
  dtype: fc.constantFrom("float32" as const, "int32" as const),
  fill: fc.constantFrom("zeros" as const, "pixels" as const),
  disposed: fc.constant(false),
});

export const tensorArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 8, arbitrary: tensorRecipe }, { weight: 1, arbitrary: hugeTensorRecipe }).map(wrap);
export const modelArb: fc.Arbitrary<unknown> = fc.boolean().map((disposed) => wrap({ kind: "model", disposed }));

const weirdNumbers = fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 0.5, 1e9, -1e-300, Number.MAX_SAFE_INTEGER, 2 ** 31);
const numbersLike = fc.oneof(
  weirdNumbers,
  fc.array(fc.oneof(weirdNumbers, fc.double()), { maxLength: 6 }),
  fc.constant(new Array(1_000_000).fill(1)),
  fc.constant([[1, 2], [3]]),
  fc.constant(new Float32Array([NaN, Infinity, 1])),
);

/** Plain JavaScript values of every wrong kind. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, "", "abc", "x".repeat(1_000_000), Symbol("s"), 10n, () => 1, new Date(0), new Map(), {}, [], [[]], { shape: [2, 2] }),
  fc.constantFrom(...PATHS),
  weirdNumbers,
  numbersLike,
  fc.anything({ maxDepth: 2 }),
);

/** Any argument at all: junk, tensors of any shape and state, or a model. */
export const anyArg: fc.Arbitrary<unknown> = fc.oneof({ weight: 5, arbitrary: junk }, { weight: 4, arbitrary: tensorArb }, { weight: 1, arbitrary: modelArb });

/** An options object whose fields get bad values, or a bad value in place of the object. */
export function optionsArb(keys: string[], values: fc.Arbitrary<unknown> = anyArg): fc.Arbitrary<unknown> {
  const record = fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: keys.length });
  return fc.oneof({ weight: 3, arbitrary: record }, { weight: 1, arbitrary: junk });
}

function makeTensor(r: TensorRecipe): tf.Tensor {
  const size = r.shape.reduce((a, b) => a * b, 1);
  if (r.dtype === "string") return tf.tensor(Array.from({ length: size }, (_, i) => `s${i}`), r.shape, "string");
  const value = (i: number) => {
    switch (r.fill) {
      case "nan":
        return i % 2 ? NaN : 1;
      case "inf":
        return i % 3 === 0 ? Infinity : i % 3 === 1 ? -Infinity : 0;
      case "pixels":
        return (i * 37) % 256;
      case "zeros":
        return 0;
      default:
        return Math.sin(i) * 3;
    }
  };
  const values = r.dtype === "bool" ? Uint8Array.from({ length: size }, (_, i) => i % 2) : Float32Array.from({ length: size }, (_, i) => value(i));
  return tf.tensor(r.dtype === "int32" ? Int32Array.from(values, (v) => (Number.isFinite(v) ? v : 0)) : values, r.shape, r.dtype);
}

function makeModel(r: ModelRecipe): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], activation: "relu" }), tf.layers.dense({ units: 2 })] });
  if (r.disposed) model.dispose();
  return model;
}

/** Replaces recipes (anywhere in plain arrays and objects) with fresh tensors and models. */
export function materialize(value: unknown, made: { tensors: tf.Tensor[]; models: tf.LayersModel[] }): unknown {
  if (value !== null && typeof value === "object") {
    const recipe = (value as Partial<Wrapped>)[RECIPE];
    if (recipe?.kind === "tensor") {
      const t = makeTensor(recipe);
      if (recipe.disposed) t.dispose();
      else made.tensors.push(t);
      return t;
    }
    if (recipe?.kind === "model") {
      const m = makeModel(recipe);
      if (!recipe.disposed) made.models.push(m);
      return m;
    }
    if (Array.isArray(value)) return value.map((v) => materialize(v, made));
    if (Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, materialize(v, made)]));
    }
  }
  return value;
}

/** How a recipe or value reads in a report. */
export function describeArg(value: unknown): string {
  if (value !== null && typeof value === "object") {
    const r = (value as Partial<Wrapped>)[RECIPE];
    if (r?.kind === "tensor") return `${r.disposed ? "disposed " : ""}${r.dtype}[${r.shape.join(",")}] ${r.fill}`;
    if (r?.kind === "model") return `${r.disposed ? "disposed " : ""}model`;
    if (Array.isArray(value)) return value.length > 20 ? `[array of ${value.length}]` : `[${value.map(describeArg).join(", ")}]`;
    if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
    if (Object.getPrototypeOf(value) === Object.prototype) return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${describeArg(v)}`).join(", ")} }`;
    return Object.prototype.toString.call(value);
  }
  if (typeof value === "string") return value.length > 40 ? `"${value.slice(0, 10)}…" (${value.length} chars)` : JSON.stringify(value);
  if (typeof value === "symbol" || typeof value === "bigint") return `${String(value)}${typeof value === "bigint" ? "n" : ""}`;
  if (typeof value === "function") return "function";
  return String(value);
}
