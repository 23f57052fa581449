// firstThatStarts and SelectedBackend: what the Node kernel's and the browser's backend choice share.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { firstThatStarts, SelectedBackend } from "../../src/backend/selection";
import { displaySymbol } from "../../src/display/bundle";

const REASONS = { preferred: "requested", first: "the default" };

/** A start function under which the names in `broken` throw; it records the order it was called in. */
function starter(broken: string[]): { start: (name: string) => Promise<void>; tried: string[] } {
  const tried: string[] = [];
  return {
    tried,
    start: async (name) => {
      tried.push(name);
      if (broken.includes(name)) throw new Error(`${name} cannot start\nsecond line`);
    },
  };
}

describe("firstThatStarts", () => {
  it("stops at the first backend that starts, which is then the default", async () => {
    const { start, tried } = starter([]);
    const s = await firstThatStarts(["wasm", "cpu"], undefined, start, REASONS);
    assert.deepEqual(tried, ["wasm"]);
    assert.equal(s.reason, "the default");
    assert.deepEqual(s.attempts, [{ name: "wasm", ok: true }]);
  });

  it("falls back in order, naming the ones that failed and keeping the first line of their errors", async () => {
    const { start, tried } = starter(["tensorflow", "wasm"]);
    const s = await firstThatStarts(["tensorflow", "wasm", "cpu"], undefined, start, REASONS);
    assert.deepEqual(tried, ["tensorflow", "wasm", "cpu"]);
    assert.equal(s.reason, "fallback after tensorflow, wasm failed");
    assert.deepEqual(s.attempts[0], { name: "tensorflow", ok: false, error: "tensorflow cannot start" });
  });

  it("tries the preferred backend first, and says so when it starts", async () => {
    const { start, tried } = starter([]);
    const s = await firstThatStarts(["wasm", "cpu"], "cpu", start, REASONS);
    assert.deepEqual(tried, ["cpu"]);
    assert.equal(s.reason, "requested");
  });

  it("falls back from a preferred backend that fails", async () => {
    const { start, tried } = starter(["cpu"]);
    const s = await firstThatStarts(["wasm", "cpu"], "cpu", start, REASONS);
    assert.deepEqual(tried, ["cpu", "wasm"]);
    assert.equal(s.reason, "fallback after cpu failed");
  });

  it("throws with every backend's error when none starts", async () => {
    const { start } = starter(["wasm", "cpu"]);
    await assert.rejects(firstThatStarts(["wasm", "cpu"], undefined, start, REASONS), /no TensorFlow.js backend could start: wasm: wasm cannot start; cpu: cpu cannot start/);
  });
});

describe("SelectedBackend", () => {
  it("reads as one line: name, place, reason, detail, then the backends skipped", () => {
    const info = new SelectedBackend("wasm", "fallback after webgpu failed", [{ name: "webgpu", ok: false, error: "no adapter" }, { name: "wasm", ok: true }], 3, "SIMD, 1 thread", " in the browser");
    assert.equal(info.toString(), "backend wasm in the browser (fallback after webgpu failed; SIMD, 1 thread); skipped webgpu: no adapter");
    assert.equal(new SelectedBackend("cpu", "requested", [], 0).toString(), "backend cpu (requested)");
  });

  it("displays as that line, escaped in HTML", () => {
    const bundle = new SelectedBackend("wasm", "a <b> reason", [], 0)[displaySymbol]();
    assert.equal(bundle["text/plain"], "backend wasm (a <b> reason)");
    assert.equal(bundle["text/html"], "<code>backend wasm (a &lt;b&gt; reason)</code>");
  });
});
