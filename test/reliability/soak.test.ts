// The CI soak: 500 cells in a row through jupyter_client, creating and disposing tensors and displaying
// a chart every fifth cell; the kernel's memory stays within the stated bounds (soak.ts).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { BOUNDS, CHARTS_EVERY, CI_CELLS, probeTable, runSoak, SoakReport, soakViolations } from "./soak";

describe(`a kernel running ${CI_CELLS} cells in a row`, () => {
  let report: SoakReport;
  before(() => {
    report = runSoak(CI_CELLS, 900);
    console.log(`soak: ${report.seconds} s, charts: ${report.rawCharts === "true" ? "raw vega-lite + PNG bundles" : "linePlot"}\n${probeTable(report)}`);
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

  it(`keeps RSS growth within ${BOUNDS.rssBytesPerCell / 1024} KB per cell (${BOUNDS.rssBytesTotal / 2 ** 20} MB in all) and the live heap within ${BOUNDS.heapBytesPerCell / 1024} KB per cell`, () => {
    assert.deepEqual(soakViolations(report), []);
  });
});

describe("the soak's bounds", () => {
  const probe = (cell: number, rss: number, heap: number, tensors = 0) => ({ cell, rss, heap, tensors, gc: true });
  const report = (probes: ReturnType<typeof probe>[]): SoakReport => ({ cells: 100, warmup: 10, seconds: 1, displays: 100 / CHARTS_EVERY, rawCharts: "true", failures: [], probes });

  it("hold for flat memory", () => {
    assert.deepEqual(soakViolations(report([probe(0, 300e6, 100e6), probe(10, 320e6, 101e6), probe(100, 330e6, 102e6)])), []);
  });

  it("catch a leak of a megabyte per cell, a leaked tensor and a missing chart", () => {
    const leaky = report([probe(0, 300e6, 100e6), probe(10, 310e6, 101e6), probe(100, 410e6, 200e6, 1)]);
    leaky.displays -= 1;
    const broken = soakViolations(leaky).join("\n");
    assert.match(broken, /RSS grew/);
    assert.match(broken, /live heap grew/);
    assert.match(broken, /numTensors was 1 after cell 100; baseline 0/);
    assert.match(broken, /expected 20 chart displays; got 19/);
  });
});
