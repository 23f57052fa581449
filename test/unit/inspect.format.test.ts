import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { formatTensor } from "../../src/inspect";
import { loadNumpyCases, NumpyCase, tensorOf } from "../support/numpyFixtures";

function check(c: NumpyCase) {
  const t = tensorOf(c);
  try {
    assert.equal(formatTensor(t, c.options), c.expected);
  } finally {
    t.dispose();
  }
}

// The summarised cases read their corners with tf.gather, so both backends are checked.
for (const backend of ["cpu", "wasm"]) {
  describe(`formatTensor prints what np.array2string prints (${backend} backend)`, () => {
    before(async () => {
      assert.ok(await tf.setBackend(backend));
    });

    for (const c of loadNumpyCases()) {
      // The wasm backend has no complex kernels.
      if (backend === "wasm" && c.dtype === "complex64") continue;
      it(`${c.name} (${c.dtype} [${c.shape.join(",")}])`, () => check(c));
    }
  });
}
