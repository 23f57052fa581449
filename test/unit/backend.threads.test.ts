// The wasm backend in Node: threads from the real cores, a fallback that never hangs,
// processes that exit by themselves, and the switches for comparisons.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { availableCores, chooseThreads } from "../../src/backend/wasm/threads";

const BACKEND = path.resolve(__dirname, "..", "..", "src", "backend");

/** Runs `body` (CommonJS, with `tf` and `backend` in scope) in a fresh Node process that must exit on its own. */
function runFresh(body: string, env: Record<string, string> = {}): { out: Record<string, unknown>; ms: number } {
  const script = `const tf = require("@tensorflow/tfjs"); const backend = require(${JSON.stringify(BACKEND)});
    (async () => { ${body} })().catch((e) => { console.error(e); process.exitCode = 1; });`;
  const start = Date.now();
  const r = spawnSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000, cwd: path.resolve(__dirname, "..", "..", "..") });
  assert.equal(r.signal, null, `the process did not exit by itself within 60 s; stderr: ${r.stderr}`);
  assert.equal(r.status, 0, r.stderr);
  return { out: JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, unknown>, ms: Date.now() - start };
}

describe("chooseThreads", () => {
  it("uses every logical core by default", () => {
    assert.equal(chooseThreads(undefined, 2), 2);
    assert.equal(chooseThreads(undefined, 6), 6);
  });

  it("caps the count at the 8 workers tfjs-backend-wasm pre-creates", () => {
    assert.equal(chooseThreads(undefined, 32), 8);
    assert.equal(chooseThreads(12, 4), 8);
  });

  it("takes an explicit count and rejects one that is not a positive integer", () => {
    assert.equal(chooseThreads(1, 8), 1);
    assert.throws(() => chooseThreads(0), /expected a positive integer thread count; got 0/);
    assert.throws(() => chooseThreads(1.5), /got 1.5/);
  });
});

describe("selectBackend with the wasm backend in Node", () => {
  const cores = Math.min(availableCores(), 8);

  it(`runs tsdl's products on as many threads as the machine has cores (${cores} here), XNNPACK's pool on one, and exits by itself`, () => {
    const { out } = runFresh(`
      const info = await backend.selectBackend({ prefer: "wasm" });
      const product = tf.matMul(tf.ones([64, 300]), tf.ones([300, 32])).dataSync()[0];
      console.log(JSON.stringify({ name: info.name, tuning: info.tuning, text: info.toString(), product }));`);
    assert.equal(out.name, "wasm");
    assert.equal((out.tuning as { threads: number }).threads, cores);
    assert.equal((out.tuning as { xnnpackThreads: number }).xnnpackThreads, 1);
    assert.match(String(out.text), new RegExp(`tuned: ${cores} threads?${cores > 1 ? " \\(XNNPACK 1\\)" : ""}, kernels BatchMatMul, _FusedMatMul, GatherV2, Slice, TsdlRMSPropUpdate`));
    assert.equal(out.product, 300);
  });

  it("gives XNNPACK's pool the threads TSDL_WASM_XNNPACK_THREADS asks for, up to the products' threads", () => {
    const { out } = runFresh(`const info = await backend.selectBackend({ prefer: "wasm" }); console.log(JSON.stringify({ tuning: info.tuning, sum: tf.sigmoid(tf.zeros([300, 300])).sum().dataSync()[0] }));`, { TSDL_WASM_XNNPACK_THREADS: "2" });
    assert.equal((out.tuning as { xnnpackThreads: number }).xnnpackThreads, Math.min(2, cores));
    assert.equal(out.sum, 45000);
  });

  it("says how large products run, and leaves them to XNNPACK, unfused or dense when asked", () => {
    const products = (env: Record<string, string>) =>
      runFresh(
        `const info = await backend.selectBackend({ prefer: "wasm" });
        const product = tf.matMul(tf.ones([128, 300]), tf.ones([300, 64])).dataSync()[0];
        console.log(JSON.stringify({ products: info.tuning.products, text: info.toString(), product }));`,
        env,
      ).out;
    const fused = products({});
    assert.equal(fused.products, "4×8 SIMD tiles, fused multiply-adds (relaxed SIMD), zeros of the left factor skipped (row by row when mostly zero)");
    assert.match(String(fused.text), /; large products in 4×8 SIMD tiles, fused multiply-adds/);
    assert.equal(fused.product, 300);
    assert.equal(products({ TSDL_WASM_FMA: "0" }).products, "4×8 SIMD tiles, separate multiplies and adds, zeros of the left factor skipped (row by row when mostly zero)");
    assert.equal(products({ TSDL_WASM_SPARSE: "0" }).products, "4×8 SIMD tiles, fused multiply-adds (relaxed SIMD), zeros multiplied");
    const xnnpack = products({ TSDL_WASM_GEMM: "0" });
    assert.equal(xnnpack.products, "XNNPACK");
    assert.equal(xnnpack.product, 300);
  });

  it("takes the thread count from TSDL_WASM_THREADS", () => {
    const { out } = runFresh(`const info = await backend.selectBackend({ prefer: "wasm" }); console.log(JSON.stringify(info.tuning));`, { TSDL_WASM_THREADS: "1" });
    assert.equal(out.threads, 1);
  });

  it("falls back to one thread, saying why, when the threaded module does not start in time", () => {
    const { out } = runFresh(`
      require("@tensorflow/tfjs-backend-wasm");
      const threads = require(${JSON.stringify(path.join(BACKEND, "wasm", "threads"))});
      threads.useThreadedWasm({ threads: 2, timeoutMs: 1 });
      await tf.setBackend("wasm");
      console.log(JSON.stringify({ ...threads.wasmThreading(), sum: tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0] }));`);
    assert.equal(out.threads, 1);
    assert.match(String(out.fallback), /did not start within 1 ms/);
    assert.equal(out.sum, 5);
  });

  it("leaves the wasm backend as shipped when TSDL_WASM_TUNE=0", () => {
    const { out } = runFresh(`
      const info = await backend.selectBackend({ prefer: "wasm" });
      console.log(JSON.stringify({ tuning: info.tuning ?? null, matmul: tf.getKernel("BatchMatMul", "wasm").kernelFunc.name }));`, { TSDL_WASM_TUNE: "0" });
    assert.equal(out.tuning, null);
    assert.ok(!String(out.matmul).startsWith("tsdl"), String(out.matmul));
  });
});
