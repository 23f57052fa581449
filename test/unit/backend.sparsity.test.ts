// zeroShare and zeroQuadShare estimate how much of a factor the sparse products could skip.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SAMPLED_QUADS, zeroQuadShare, zeroShare } from "../../src/backend/wasm/sparsity";

describe("zeroQuadShare", () => {
  it("counts the aligned runs of four that are all ±0", () => {
    assert.equal(zeroQuadShare(new Float32Array([0, 0, 0, 0, 0, 0, 0, 1])), 0.5);
    assert.equal(zeroQuadShare(new Float32Array([0, -0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 2, 0, 0, 0])), 0.5);
    assert.equal(zeroQuadShare(new Float32Array(16)), 1);
    assert.equal(zeroQuadShare(new Float32Array([Number.NaN, 0, 0, 0])), 0, "NaN is not zero");
  });

  it("gives 0 for fewer than four values and ignores a tail that is not a whole quad", () => {
    assert.equal(zeroQuadShare(new Float32Array([0, 0, 0])), 0);
    assert.equal(zeroQuadShare(new Float32Array([0, 0, 0, 0, 5])), 1);
  });

  it("estimates a large tensor's share from a sample spread over all of it", () => {
    const quads = 50 * SAMPLED_QUADS;
    const v = new Float32Array(4 * quads).fill(1);
    // Every third quad zero, and the whole second half: 1/3 · 1/2 + 1/2 = 2/3 (evenly spaced samples would fall on every 50th quad).
    for (let q = 0; q < quads; q++) if (q % 3 === 0 || q >= quads / 2) v.fill(0, 4 * q, 4 * q + 4);
    assert.ok(Math.abs(zeroQuadShare(v) - 2 / 3) < 0.02, `estimated ${zeroQuadShare(v)}`);
  });
});

describe("zeroShare", () => {
  it("counts the values that are ±0, NaN not among them", () => {
    assert.equal(zeroShare(new Float32Array([0, -0, 1, Number.NaN])), 0.5);
    assert.equal(zeroShare(new Float32Array(0)), 0);
  });

  it("estimates a large tensor's share from a sample spread over all of it, whatever its period", () => {
    // Evenly spaced samples would fall every 25th value here, always on a zero.
    const v = new Float32Array(100 * SAMPLED_QUADS).map((_, i) => (i % 10 < 7 ? 0 : 1));
    assert.ok(Math.abs(zeroShare(v) - 0.7) < 0.02, `estimated ${zeroShare(v)}`);
  });
});
