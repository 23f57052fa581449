// Loads test/fixtures/numpy_format.json (written by gen_numpy_format.py) and builds its tensors.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import type { InspectOptions } from "../../src/inspect";
import { REPO_ROOT } from "./jupyter";

type Encoded = number | "nan" | "inf" | "-inf" | "-0";

export interface NumpyCase {
  name: string;
  dtype: "float32" | "int32" | "bool" | "complex64" | "string";
  shape: number[];
  values: Encoded[] | boolean[] | string[] | [Encoded, Encoded][];
  options: InspectOptions;
  expected: string;
}

export function loadNumpyCases(): NumpyCase[] {
  const file = path.join(REPO_ROOT, "test", "fixtures", "numpy_format.json");
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { cases: NumpyCase[] }).cases;
}

function decode(v: Encoded): number {
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  if (v === "-0") return -0;
  return v;
}

/** The fixture's array as a tfjs tensor of the same dtype and shape. */
export function tensorOf(c: NumpyCase): tf.Tensor {
  switch (c.dtype) {
    case "float32":
      return tf.tensor(Float32Array.from((c.values as Encoded[]).map(decode)), c.shape, "float32");
    case "int32":
      return tf.tensor(Int32Array.from(c.values as number[]), c.shape, "int32");
    case "bool":
      return tf.tensor(c.values as boolean[], c.shape, "bool");
    case "string":
      return tf.tensor(c.values as string[], c.shape, "string");
    case "complex64": {
      const pairs = c.values as [Encoded, Encoded][];
      return tf.tidy(() =>
        tf.complex(
          tf.tensor(Float32Array.from(pairs.map((p) => decode(p[0]))), c.shape),
          tf.tensor(Float32Array.from(pairs.map((p) => decode(p[1]))), c.shape),
        ),
      );
    }
  }
}
