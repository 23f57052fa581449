// Chapter 01 executed through the real kernel: tensors, real-data shapes, MNIST digits and slices.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, cellWith, countMime, richOutputs, runChapter, stdout } from "./chapter";

describe("notebook 01-tensors", () => {
  const nb = runChapter("01-tensors", 300);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("prints rank, shape and dtype from scalars to rank 5", () => {
    const out = stdout(nb);
    assert.match(out, /rank 0, shape \[\], dtype float32/);
    assert.match(out, /rank 5, shape \[2,3,4,5,6\], 720 numbers/);
    assert.match(out, /video\s+rank 5\s+\[10, 240, 144, 256, 3\]/);
    assert.match(out, /tweet shape \[280,128\], ones per row: 1/);
  });

  it("says an nD tensor is a tensor of rank n, and a 5-dimensional vector is 1D", () => {
    const out = stdout(nb);
    assert.match(out, /x1: 5 entries on 1 axis: a 5-dimensional vector, and a 1D tensor/);
    assert.match(out, /x5: 5 axes: a 5D tensor \(rank 5\) of 720 numbers/);
  });

  it("loads the full MNIST and shows the fifth digit, a 9", () => {
    const out = stdout(nb);
    assert.match(out, /train images: rank 3, shape \[60000,28,28\], dtype int32/);
    assert.match(out, /digit shape \[28,28\], label 9/);
    assert.ok(countMime(nb, "image/png") >= 4, "the digit, two crops and a batch are drawn as PNG");
  });

  it("slices batches and converts channels-last to channels-first", () => {
    const out = stdout(nb);
    assert.match(out, /batch 3: images 384…511, shape \[128,28,28\]/);
    assert.match(out, /channels-last \[128,28,28,1\], channels-first \[128,1,28,28\]/);
    const [, before, after] = /tensors alive before (\d+), after (\d+)/.exec(out) ?? [];
    assert.equal(after, before, "tf.tidy freed the temporary tensors");
  });

  it("shows the leak meter's line under the cells that leave or free tensors, and none under tf.tidy", () => {
    const meter = (needle: string) =>
      richOutputs(cellWith(nb, needle))
        .filter((o) => String(o.data?.["text/html"] ?? "").includes("tsdl-leak-meter"))
        .map((o) => String(o.data!["text/plain"]));
    assert.match(String(richOutputs(cellWith(nb, "trackTensors(true)"))[0]?.data?.["text/plain"]), /^Leak meter on/);
    const [leaky, ...more] = meter("const leakyMean");
    assert.match(leaky ?? "", /^\+4 tensors \(\+8\.97 MiB\) left by this cell; tf\.memory\(\): \d+ tensors, [\d.]+ MiB$/);
    assert.deepEqual(more, []);
    assert.deepEqual(meter("const tidyMean"), [], "tf.tidy leaves nothing");
    assert.match(stdout(nb), /mean pixel 0\.\d+, the same as before: true/);
    assert.match(meter("const big = tf.zeros")[0] ?? "", /^\+1 tensor \(\+3\.81 MiB\) left by this cell/);
    assert.match(meter("big.dispose()")[0] ?? "", /^−1 tensor \(−3\.81 MiB\) freed by this cell/);
  });
});
