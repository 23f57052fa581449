import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { formatTensor } from "../../src/inspect";
import { loadNumpyCases, tensorOf } from "../support/numpyFixtures";

describe("formatTensor prints what np.array2string prints", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  for (const c of loadNumpyCases()) {
    it(`${c.name} (${c.dtype} [${c.shape.join(",")}])`, () => {
      const t = tensorOf(c);
      try {
        assert.equal(formatTensor(t, c.options), c.expected);
      } finally {
        t.dispose();
      }
    });
  }
});
