// Bad input through the real kernel: each bad cell is an error output, the kernel lives on,
// and the next cell still has its state and the same number of tensors.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CellReport, resultJson, runScenario } from "./driver";

describe("cells that call helpers with bad input, in a running kernel", () => {
  let report: { cells: (CellReport & { code: string })[]; alive: boolean };
  before(() => {
    report = runScenario("badcells");
  });

  it("each fail with an error output naming what went wrong", () => {
    const bad = report.cells.slice(1, -1);
    assert.ok(bad.length >= 8);
    for (const cell of bad) {
      assert.equal(cell.status, "error", `${cell.code} → ${JSON.stringify(cell)}`);
      assert.ok(cell.error && cell.error.ename && cell.error.evalue.length > 0, cell.code);
    }
  });

  it("leave the kernel alive, with the variables defined before and no new tensors", () => {
    assert.equal(report.alive, true);
    const tensorsBefore = Number(report.cells[0]!.result);
    assert.deepEqual(resultJson(report.cells[report.cells.length - 1]!), { label: "state", keep: [1, 2, 3], tensors: tensorsBefore });
  });
});
