// The CI soak: 500 cells in a row through jupyter_client, creating and disposing tensors and displaying
// a chart every fifth cell; the kernel's memory stays within the stated bounds (soak.ts).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { BOUNDS, CHARTS_EVERY, CI_CELLS, fittedSlope, probeTable, runSoak, SoakReport, soakViolations } from "./soak";

describe(`a kernel running ${CI_CELLS} cells in a row`, () => {
  let report: SoakReport;
  before(() => {
    report = runSoak(CI_CELLS, 900);
    console.log(`soak: ${report.seconds} s\n${probeTable(report)}`);
  });

  it("runs every cell without an error and shows every chart", () => {
    assert.equal(report.setup, undefined, JSON.stringify(report.setup));
    assert.deepEqual(report.failures, []);
    assert.equal(report.displays, CI_CELLS / CHARTS_EVERY);
  });

  it("returns tf.memory().numTensors to its baseline after every batch of cells", () => {
    const baseline = report.probes[0]!.tensors;
    assert.deepEqual(
      report.probes.filter((p) => p.tensors !== baseline).map((p) => `after cell ${p.cell}: ${p.tensors}`),
      [],
    );
  });

  it(`keeps the live heap within ${BOUNDS.heapBytesPerCell / 1024} KB per cell, V8's held heap within ${BOUNDS.heapHeldRatio}× of it, memory outside it flat and RSS within ${BOUNDS.rssGrowthBytes / 2 ** 20} MB of its level after warm-up`, () => {
    assert.deepEqual(soakViolations(report), []);
  });
});

describe("the soak's bounds", () => {
  const MB = 2 ** 20;
  /** A probe with `outside` MB of RSS outside a V8 heap of `live` MB, holding `held` MB. */
  const probe = (cell: number, live: number, { held = live * 1.4, outside = 110, external = 2, tensors = 0 } = {}) => ({
    cell,
    rss: (held + outside) * MB,
    heap: live * MB,
    heapTotal: held * MB,
    external: external * MB,
    tensors,
    gc: true,
  });
  const report = (probes: ReturnType<typeof probe>[], cells = 100, warmup = 10): SoakReport => ({ cells, warmup, seconds: 1, displays: cells / CHARTS_EVERY, failures: [], probes });

  it("hold for a live heap growing a few KB per cell and a held heap that breathes", () => {
    const flat = report([probe(0, 170), probe(10, 184), probe(40, 184.3, { held: 300 }), probe(70, 184.6, { held: 250 }), probe(100, 185, { held: 320 })]);
    assert.deepEqual(soakViolations(flat), []);
  });

  it("fit growth over every probe after warm-up, so one noisy probe breaks nothing", () => {
    assert.equal(fittedSlope([[10, 0], [40, 30], [70, 60], [100, 90]]), 1);
    // As the CI soak probes: every 50 cells up to 500, the last probe 1 MB higher outside the heap.
    const cells = Array.from({ length: 10 }, (_, k) => 50 * (k + 1));
    const noisy = report([probe(0, 170), ...cells.map((c) => probe(c, 184, { outside: c === 500 ? 111 : 110 }))], 500, 50);
    assert.deepEqual(soakViolations(noisy), []);
  });

  it("catch a leak in the live heap, outside it or in Buffers, a leaked tensor and a missing chart", () => {
    const leaky = report([probe(0, 170), probe(10, 180), probe(55, 185, { outside: 111, external: 2.1 }), probe(100, 190, { outside: 112, external: 2.2, tensors: 1 })]);
    leaky.displays -= 1;
    const broken = soakViolations(leaky).join("\n");
    assert.match(broken, /the live heap grew 113\.8 KB\/cell over cells 10–100/);
    assert.match(broken, /RSS outside the V8 heap grew 22\.8 KB\/cell/);
    assert.match(broken, /external memory grew 2\.3 KB\/cell/);
    assert.match(broken, /numTensors was 1 after cell 100; baseline 0/);
    assert.match(broken, /expected 20 chart displays; got 19/);
  });

  it("catch V8 holding far more than the live heap, and RSS leaving its plateau", () => {
    const bloated = report([probe(0, 170), probe(10, 184, { held: 260 }), probe(100, 185, { held: 450 })]);
    const broken = soakViolations(bloated).join("\n");
    assert.match(broken, /V8 held 450\.0 MB for a live heap of 185\.0 MB \(2\.43×\) after cell 100; bound 2×/);
    assert.match(broken, /RSS was 190\.0 MB above its level at cell 10 after cell 100; bound 160\.0 MB/);
  });
});
