// The wasm tuning as data: options read from the environment in one place, and one list of kernel
// overrides that installs once and describes itself.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { KernelFn } from "../../src/backend/wasm/heap";
import { describeOverrides, installOverride } from "../../src/backend/wasm/kernelOverride";
import { wasmTuningFromEnv } from "../../src/backend/wasm/options";
import { OVERRIDES } from "../../src/backend/wasm/tuning";

describe("wasmTuningFromEnv", () => {
  it("turns every switch on and leaves the threads to the machine when nothing is set", () => {
    assert.deepEqual(wasmTuningFromEnv({}), { tune: true, threads: undefined, xnnpackThreads: undefined, ownGemm: true, ownConv: true, fusedMultiplyAdd: true, skipZeros: true, swapFactors: true });
  });

  it("turns a switch off only for the value 0", () => {
    const options = wasmTuningFromEnv({ TSDL_WASM_TUNE: "0", TSDL_WASM_GEMM: "0", TSDL_WASM_FMA: "1", TSDL_WASM_SPARSE: "", TSDL_WASM_SWAP: "0", TSDL_WASM_THREADS: "3" });
    assert.deepEqual(options, { tune: false, threads: 3, xnnpackThreads: undefined, ownGemm: false, ownConv: true, fusedMultiplyAdd: true, skipZeros: true, swapFactors: false });
  });

  it("names TSDL_WASM_THREADS when it is not a positive integer", () => {
    assert.throws(() => wasmTuningFromEnv({ TSDL_WASM_THREADS: "two" }), /tuneWasm: expected TSDL_WASM_THREADS to be a positive integer; got "two"/);
    assert.throws(() => wasmTuningFromEnv({ TSDL_WASM_THREADS: "0" }), /got "0"/);
  });
});

describe("the wasm kernel overrides", () => {
  it("name each kernel once", () => {
    const names = OVERRIDES.map((o) => o.kernelName);
    assert.deepEqual(names, [...new Set(names)]);
  });

  it("describe themselves with each run of one note written once", () => {
    const wrap = (f: KernelFn) => f;
    const list = [
      { kernelName: "A", wrap },
      { kernelName: "B", note: "small", wrap },
      { kernelName: "C", note: "small", wrap },
      { kernelName: "D", note: "big", wrap },
    ];
    assert.deepEqual(describeOverrides(list), ["A", "B/C (small)", "D (big)"]);
  });

  it("wrap a kernel once however often they are installed, falling back on the backend's own", () => {
    const original = tf.getKernel("Floor", "wasm")!.kernelFunc;
    let wraps = 0;
    const override = {
      kernelName: "Floor",
      wrap: (fallback: KernelFn) => {
        wraps++;
        const tsdlTestFloor: KernelFn = (args) => fallback(args);
        return tsdlTestFloor;
      },
    };
    installOverride(override);
    installOverride(override);
    assert.equal(wraps, 1);
    assert.equal(tf.getKernel("Floor", "wasm")!.kernelFunc.name, "tsdlTestFloor");
    assert.notEqual(tf.getKernel("Floor", "wasm")!.kernelFunc, original);
  });

  it("refuse to add a kernel the backend already has, and add one it lacks once", () => {
    const add: KernelFn = (args) => args.inputs.x!;
    assert.throws(() => installOverride({ kernelName: "Ceil", add }), /expected the wasm backend to lack Ceil, which tsdl adds; it registers its own/);
    installOverride({ kernelName: "TsdlTestKernel", add });
    installOverride({ kernelName: "TsdlTestKernel", add });
    assert.equal(tf.getKernel("TsdlTestKernel", "wasm")!.kernelFunc, add);
  });

  it("refuse to wrap a kernel the backend lacks, naming it", () => {
    assert.throws(() => installOverride({ kernelName: "NoSuchKernel", wrap: (f) => f }), /expected the wasm backend to register NoSuchKernel; it did not/);
  });
});
