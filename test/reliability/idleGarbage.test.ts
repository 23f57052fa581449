// A kernel gives a cell's garbage back once it idles (kernel/idleCollector.ts), instead of holding it until
// V8's memory reducer runs, 20-40 s later.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CellReport, runScenario } from "./driver";

interface IdleGarbage {
  cell: CellReport;
  next: CellReport;
  /** RSS in MiB: before the cell, right after it, and 5 s later. */
  before: number;
  after: number;
  idle: number;
}

describe("a cell that leaves ~130 MB of garbage", () => {
  let report: IdleGarbage;
  before(() => {
    report = runScenario<IdleGarbage>("idle_garbage", [], 300);
  });

  it("is held right after the cell, and given back within seconds of idling", () => {
    assert.equal(report.cell.status, "ok", JSON.stringify(report.cell.error));
    const { before: start, after, idle } = report;
    assert.ok(after - start > 60, `the garbage was resident: ${start.toFixed(0)} → ${after.toFixed(0)} MiB`);
    assert.ok(idle - start < 30, `given back: ${start.toFixed(0)} → ${after.toFixed(0)} → ${idle.toFixed(0)} MiB 5 s later`);
  });

  it("leaves the kernel running cells", () => {
    assert.equal(report.next.result, "4");
  });
});
