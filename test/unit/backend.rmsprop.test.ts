// RMSprop through the fused wasm kernel trains exactly as tfjs's own RMSprop on cpu.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { heapMemory } from "../../src/backend/wasm/heap";
import { rmspropStep } from "../../src/backend/wasm/rmspropKernel";
import { rmspropSimd } from "../../src/backend/wasm/rmspropSimd";
import { tuneWasm } from "../../src/backend/wasm/tuning";
import { values } from "../support/random";


/** Trains a small two-layer net for `steps` steps on `backend`; returns its weights and the optimizer's slots. */
async function train(backend: string, options: { momentum?: number; centered?: boolean; steps?: number }): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const w1 = tf.variable(tf.tensor2d(values(20 * 16, 1), [20, 16]), true, `w1_${backend}_${options.momentum}_${options.centered}`);
  const w2 = tf.variable(tf.tensor2d(values(16 * 3, 2), [16, 3]), true, `w2_${backend}_${options.momentum}_${options.centered}`);
  const x = tf.tensor2d(values(8 * 20, 3), [8, 20]);
  const y = tf.tensor2d(values(8 * 3, 4), [8, 3]);
  const optimizer = tf.train.rmsprop(0.01, 0.9, options.momentum ?? 0, 1e-7, options.centered ?? false);
  for (let s = 0; s < (options.steps ?? 5); s++) {
    optimizer.minimize(() => tf.losses.meanSquaredError(y, tf.relu(x.matMul(w1)).matMul(w2)) as tf.Scalar)?.dispose();
  }
  const slots = await optimizer.getWeights();
  const result = [await w1.data(), await w2.data(), ...(await Promise.all(slots.slice(1).map((s) => s.tensor.data())))] as Float32Array[];
  tf.dispose([w1, w2, x, y]);
  optimizer.dispose();
  return result;
}

function assertClose(actual: Float32Array[], expected: Float32Array[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: number of arrays`);
  actual.forEach((a, k) => {
    for (let i = 0; i < a.length; i++) {
      const e = expected[k]![i]!;
      if (!(Math.abs(a[i]! - e) <= 1e-5 * Math.max(1, Math.abs(e)))) assert.fail(`${what}: array ${k}, element ${i} is ${a[i]}; tfjs's RMSprop on cpu gives ${e}`);
    }
  });
}

before(() => tuneWasm());

describe("rmspropStep", () => {
  it("computes ms' = ρ·ms + (1−ρ)·g², mom' = μ·mom + lr·g/√(ms'+ε), x' = x − mom'", () => {
    const out = { x: new Float32Array(1), ms: new Float32Array(1), mom: new Float32Array(1) };
    rmspropStep(Float32Array.of(1), Float32Array.of(2), Float32Array.of(3), Float32Array.of(0.5), out, { learningRate: 0.1, decay: 0.9, momentum: 0.5, epsilon: 0 });
    const ms = 0.9 * 3 + 0.1 * 4;
    const mom = 0.5 * 0.5 + (0.1 * 2) / Math.sqrt(ms);
    assert.ok(Math.abs(out.ms[0]! - ms) < 1e-6);
    assert.ok(Math.abs(out.mom[0]! - mom) < 1e-6);
    assert.ok(Math.abs(out.x[0]! - (1 - mom)) < 1e-6);
  });
});

/** Applies `steps` RMSprop updates to one variable of `shape` on `backend`; returns it and its two slots. */
async function update(backend: string, shape: number[], momentum: number, steps = 3): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const size = tf.util.sizeFromShape(shape);
  const name = `v_${backend}_${shape.join("x")}_${momentum}`;
  const v = tf.variable(tf.tensor(values(size, size), shape), true, name);
  const optimizer = tf.train.rmsprop(1e-3, 0.9, momentum, 1e-7);
  for (let s = 0; s < steps; s++) {
    const g = tf.tensor(values(size, 100 + s), shape);
    optimizer.applyGradients({ [name]: g });
    g.dispose();
  }
  const slots = await optimizer.getWeights();
  const result = [await v.data(), ...(await Promise.all(slots.slice(1).map((s) => s.tensor.data())))] as Float32Array[];
  v.dispose();
  optimizer.dispose();
  return result;
}

describe("the SIMD RMSprop update", () => {
  it("compiles against the wasm backend's memory", async () => {
    await tf.setBackend("wasm");
    assert.equal(typeof rmspropSimd(heapMemory(tf.backend())!), "function");
  });

  // Sizes below, at and past one 4-lane group, odd tails, a bias, Dense(784→512) weights.
  for (const shape of [[1], [3], [4], [5], [17], [512], [33, 7], [784, 512]]) {
    for (const momentum of [0, 0.9]) {
      it(`gives exactly the weights and slots of tfjs's RMSprop on cpu for [${shape}] (momentum ${momentum})`, async () => {
        const [wasm, cpu] = [await update("wasm", shape, momentum), await update("cpu", shape, momentum)];
        wasm.forEach((a, k) => {
          const i = a.findIndex((x, i) => x !== cpu[k]![i]);
          if (i >= 0) assert.fail(`array ${k} (weights, ms, mom), element ${i} is ${a[i]}; the cpu backend gives ${cpu[k]![i]}`);
        });
      });
    }
  }

  it("leaves a tensor that shares a slot's memory unchanged", async () => {
    await tf.setBackend("wasm");
    const v = tf.variable(tf.ones([8]), true, "v_shared_slot");
    const optimizer = tf.train.rmsprop(0.1);
    optimizer.applyGradients({ v_shared_slot: tf.ones([8]) });
    const slot = (await optimizer.getWeights())[1]!.tensor;
    const copy = slot.clone();
    const before = await copy.data();
    optimizer.applyGradients({ v_shared_slot: tf.ones([8]) });
    assert.deepEqual(await copy.data(), before, "the clone still holds the first step's mean square");
    assert.notDeepEqual(await slot.data(), before, "the optimizer's slot moved on");
    tf.dispose([v, copy]);
    optimizer.dispose();
  });

  it("leaks no tensors and no heap blocks over many steps", async () => {
    await tf.setBackend("wasm");
    const v = tf.variable(tf.ones([64, 32]), true, "v_leaks");
    const g = tf.ones([64, 32]);
    const optimizer = tf.train.rmsprop(0.01);
    optimizer.applyGradients({ v_leaks: g });
    const before = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    for (let s = 0; s < 10; s++) optimizer.applyGradients({ v_leaks: g });
    const after = tf.memory() as tf.MemoryInfo & { numDataBuffers: number };
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numDataBuffers, before.numDataBuffers);
    tf.dispose([v, g]);
    optimizer.dispose();
  });
});

describe("RMSprop on the tuned wasm backend", () => {
  for (const momentum of [0, 0.9]) {
    it(`trains to the weights and slots tfjs's RMSprop reaches on cpu (momentum ${momentum})`, async () => {
      assertClose(await train("wasm", { momentum }), await train("cpu", { momentum }), `momentum ${momentum}`);
    });
  }

  it("leaves centered RMSprop to tfjs's own element-wise chain", async () => {
    await tf.setBackend("wasm");
    const w = tf.variable(tf.ones([4, 4]), true, "w_centered");
    const optimizer = tf.train.rmsprop(0.01, 0.9, 0, 1e-7, true);
    const grads = { w_centered: tf.ones([4, 4]) };
    const names = (await tf.profile(() => void optimizer.applyGradients(grads))).kernels.map((k) => k.name);
    assert.ok(names.includes("Sqrt") && !names.includes("TsdlRMSPropUpdate"), names.join());
    tf.dispose([w, grads.w_centered]);
    optimizer.dispose();
  });

  it("runs the fused kernel once per variable instead of tfjs's element-wise chain", async () => {
    await tf.setBackend("wasm");
    const w = tf.variable(tf.ones([4, 4]), true, "w_profile");
    const optimizer = tf.train.rmsprop(0.01);
    const grads = { w_profile: tf.ones([4, 4]) };
    const profile = await tf.profile(() => void optimizer.applyGradients(grads));
    const names = profile.kernels.map((k) => k.name);
    assert.deepEqual(names.filter((n) => n === "TsdlRMSPropUpdate").length, 1);
    assert.ok(!names.includes("Sqrt"), names.join());
    tf.dispose([w, grads.w_profile]);
    optimizer.dispose();
  });
});
