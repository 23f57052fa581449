// Completion and inspection of the prelude's names need its types only, not TensorFlow.js itself.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CellReport, runScenario } from "../reliability/driver";

interface TypesFirst {
  matches: string[];
  inspect: string;
  log_before_run: string;
  cell: CellReport;
}

describe("completion right after the kernel starts", () => {
  let report: TypesFirst;
  before(() => {
    report = runScenario<TypesFirst>("types_first", [], 300);
  });

  it("completes tf's members and inspects tf.tensor before TensorFlow.js is loaded", () => {
    assert.ok(report.matches.includes("tensor") && report.matches.includes("tensor2d"), report.matches.join(", "));
    assert.match(report.inspect, /function tensor<R extends Rank>\(values: TensorLike/);
    // The backend line is what loading TensorFlow.js logs.
    assert.doesNotMatch(report.log_before_run, /tsdl: backend/);
  });

  it("then loads it for the first cell that uses tf", () => {
    assert.equal(report.cell.status, "ok", JSON.stringify(report.cell.error));
    assert.equal(report.cell.result, "[ 2 ]");
  });
});
