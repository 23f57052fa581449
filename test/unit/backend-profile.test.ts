// profileKernels: a per-kernel table of where a computation spends its time.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol } from "../../src/display/bundle";
import { profileKernels } from "../../src/backend";

before(async () => {
  await tf.setBackend("cpu");
});

describe("profileKernels", () => {
  it("groups the kernels a computation runs by name and input shapes", async () => {
    const a = tf.ones([2, 3]);
    const b = tf.ones([3, 4]);
    const profile = await profileKernels(() => {
      for (let i = 0; i < 3; i++) tf.tidy(() => tf.relu(tf.matMul(a, b)));
    });
    const matmul = profile.timings.find((t) => t.kernel === "BatchMatMul");
    assert.deepEqual({ ...matmul, totalMs: 0 }, { kernel: "BatchMatMul", shapes: "[2,3] [3,4]", calls: 3, totalMs: 0 });
    assert.equal(profile.timings.find((t) => t.kernel === "Relu")?.calls, 3);
    assert.ok(profile.kernelMs <= profile.wallMs + 1e-9, "kernel time fits in the wall time");
    tf.dispose([a, b]);
  });

  it("divides by the steps it is given and shows the time outside kernels", async () => {
    const x = tf.ones([8, 8]);
    const profile = await profileKernels(() => void tf.tidy(() => [0, 1, 2, 3].map(() => tf.square(x))), { steps: 4 });
    const square = profile.rows().find((r) => r[0] === "Square")!;
    assert.equal(square[2], "1.0", "one call per step");
    assert.ok(profile.rows().some((r) => r[0] === "(outside kernels)"));
    assert.equal(profile.rows().at(-1)![0], "total");
    x.dispose();
  });

  it("leaves out custom-gradient scopes, whose time is their kernels' time", async () => {
    const a = tf.ones([2, 3]);
    const b = tf.ones([3, 4]);
    const profile = await profileKernels(() => void tf.tidy(() => tf.fused.matMul({ a, b, activation: "relu" })));
    const names = profile.timings.map((t) => t.kernel);
    assert.ok(names.includes("_FusedMatMul"), names.join());
    assert.ok(names.every((n) => tf.getKernel(n, "cpu") !== undefined), `only registered kernels: ${names.join()}`);
    tf.dispose([a, b]);
  });

  it("displays as a table", async () => {
    const profile = await profileKernels(() => void tf.tidy(() => tf.add(tf.ones([2]), 1)));
    const bundle = profile[displaySymbol]();
    assert.match(String(bundle["text/html"]), /<table[^>]*>.*<th[^>]*>kernel<\/th>/s);
    assert.match(String(bundle["text/plain"]), /^kernel\s+input shapes\s+calls\s+ms\s+share/);
  });

  it("names a bad steps argument", async () => {
    await assert.rejects(profileKernels(() => undefined, { steps: 0 }), /profileKernels: options.steps: expected an integer ≥ 1; got 0/);
  });
});
