// A student's plain model.fit in a cell trains on the tuned wasm backend.
import assert from "node:assert/strict";
import os from "node:os";
import { describe, it } from "node:test";
import { resultText, runCells, streamText } from "../support/jupyter";

describe("training in a notebook cell on the kernel's default backend", () => {
  const nb = runCells([
    /* 0 */ "backendInfo().toString()",
    /* 1 */ `const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })] });
model.compile({ optimizer: tf.train.rmsprop(1e-3), loss: "categoricalCrossentropy" });
const xs = tf.randomUniform([512, 784]);
const ys = tf.oneHot(tf.randomUniform([512], 0, 10, "int32"), 10).toFloat();
const profile = await profileKernels(() => model.fit(xs, ys, { batchSize: 128, epochs: 2, verbose: 0 }), { steps: 8 });
console.log(JSON.stringify({
  backend: tf.getBackend(),
  matmul: tf.getKernel("BatchMatMul", tf.getBackend())?.kernelFunc.name,
  gather: tf.getKernel("GatherV2", tf.getBackend())?.kernelFunc.name,
  threads: backendInfo().tuning?.threads,
  kernels: profile.timings.map((t) => t.kernel + " " + t.shapes),
}));`,
    /* 2 */ 'Promise.reject(new Error("nobody awaits this")); await new Promise((r) => setTimeout(r, 200)); "still here"',
    /* 3 */ "1 + 1",
  ], { allowErrors: true });
  const [info, fit, rejected, after] = nb.cells;
  const report = JSON.parse(streamText(fit!) || "{}") as { backend: string; matmul: string; gather: string; threads: number; kernels: string[] };

  it("starts on wasm, tuned, and says so in backendInfo()", () => {
    assert.equal(nb.status, 0, nb.stderr);
    assert.match(resultText(info!)!, /backend wasm \(.*tuned: \d+ threads? \(XNNPACK \d+\), kernels BatchMatMul, _FusedMatMul, GatherV2, Slice, TsdlRMSPropUpdate.*Conv2DBackpropFilter/);
  });

  it("runs model.fit through tsdl's matmul and gather kernels on every core", () => {
    assert.equal(report.backend, "wasm");
    assert.equal(report.matmul, "tsdlSmallProduct");
    assert.equal(report.gather, "tsdlRowCopyGather");
    assert.equal(report.threads, Math.min(os.availableParallelism(), 8));
  });

  it("survives an unawaited rejected promise (the wasm glue's rethrowing handlers are removed)", () => {
    assert.match(JSON.stringify(rejected!.outputs), /nobody awaits this/);
    assert.equal(resultText(after!), "2");
  });

  it("computes the layer-1 weight gradient X^T·dH, the product the shipped backend runs slowly", () => {
    assert.ok(report.kernels.includes("BatchMatMul [128,784] [128,512]"), report.kernels.join("\n"));
    assert.ok(report.kernels.some((k) => k.startsWith("GatherV2 [512,784]")), "fit gathers its batches");
  });
});
