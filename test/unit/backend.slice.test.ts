// The block-copy Slice for wasm gives the cpu backend's results for every kind of slice.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { contiguousRange } from "../../src/backend/wasm/sliceKernel";
import { tuneWasm } from "../../src/backend/wasm/tuning";

const CASES: { shape: number[]; begin: number[]; size: number[] }[] = [
  { shape: [60, 7], begin: [5, 0], size: [12, -1] },
  { shape: [60], begin: [59], size: [1] },
  { shape: [4, 3, 2], begin: [1, 0, 0], size: [2, 3, 2] },
  { shape: [4, 3, 2], begin: [1, 1, 0], size: [1, 2, 2] },
  { shape: [4, 3, 2], begin: [0, 1, 0], size: [4, 1, 2] },
  { shape: [4, 3, 2], begin: [0, 0, 1], size: [4, 3, 1] },
  { shape: [5, 6], begin: [0, 0], size: [0, 6] },
  { shape: [5, 6], begin: [0, 0], size: [5, 6] },
];

describe("the wasm block-copy Slice", () => {
  before(async () => {
    tuneWasm();
    await tf.setBackend("wasm");
  });

  it("finds the contiguous range only when trailing axes are whole", () => {
    assert.deepEqual(contiguousRange([4, 3, 2], [1, 0, 0], [2, 3, 2]), [6, 18]);
    assert.deepEqual(contiguousRange([4, 3, 2], [1, 1, 0], [1, 2, 2]), [8, 12]);
    assert.equal(contiguousRange([4, 3, 2], [0, 1, 0], [4, 1, 2]), undefined);
  });

  for (const { shape, begin, size } of CASES) {
    for (const dtype of ["float32", "int32", "bool"] as const) {
      it(`slices ${dtype} [${shape}] at [${begin}] size [${size}] as the cpu backend does`, async () => {
        const values = Array.from({ length: tf.util.sizeFromShape(shape) }, (_, i) => (dtype === "bool" ? i % 3 === 0 : i * 1.5));
        const onWasm = tf.tensor(values as number[], shape, dtype);
        const got = onWasm.slice(begin, size);
        await tf.setBackend("cpu");
        const onCpu = tf.tensor(values as number[], shape, dtype);
        const want = onCpu.slice(begin, size);
        const expected = { shape: want.shape, data: Array.from(want.dataSync()) };
        tf.dispose([onCpu, want]);
        await tf.setBackend("wasm");
        assert.deepEqual({ shape: got.shape, data: Array.from(got.dataSync()) }, expected);
        tf.dispose([onWasm, got]);
      });
    }
  }
});
