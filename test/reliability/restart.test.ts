// Restarting a kernel, and two kernels running two notebooks at the same time.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CellReport, resultJson, runScenario } from "./driver";

describe("restarting the kernel", () => {
  let report: { pidBefore: number; pidAfter: number; before: CellReport; gone: CellReport; fresh: CellReport; helpers: CellReport; count: CellReport };
  before(() => {
    report = runScenario("restart");
  });

  it("starts a new kernel process", () => {
    assert.deepEqual(resultJson(report.before), { secret: 41, tensors: 1 });
    assert.notEqual(report.pidAfter, report.pidBefore);
  });

  it("forgets the old variables, so they can be declared again", () => {
    assert.equal(report.gone.error?.ename, "TypeScriptError");
    assert.match(report.gone.error!.evalue, /Cannot find name 'secret'/);
    assert.equal(resultJson<{ secret: string }>(report.fresh).secret, "redeclared");
  });

  it("starts clean: no tensors left over, tf and the helpers preloaded and working", () => {
    const fresh = resultJson<{ tensors: number; sum: number; backend: string }>(report.fresh);
    assert.equal(fresh.tensors, 0);
    assert.equal(fresh.sum, 6);
    assert.match(fresh.backend, /^(tensorflow|wasm|cpu)$/);
    assert.equal(report.helpers.result, "'function function object'");
  });

  it("counts executions from 1 again", () => {
    assert.equal(report.gone.executionCount, 1);
    assert.equal(report.count.executionCount, 4);
    assert.equal(report.count.result, "2");
  });
});

describe("two kernels running two notebooks at the same time", () => {
  interface Training {
    who: string;
    n: number;
    first: number;
    last: number;
    started: number;
    ended: number;
  }
  let report: { pids: number[]; cells: CellReport[][] };
  before(() => {
    report = runScenario("parallel");
  });

  it("are two processes, and every cell of both succeeds", () => {
    assert.notEqual(report.pids[0], report.pids[1]);
    for (const cell of report.cells.flat()) assert.equal(cell.status, "ok", JSON.stringify(cell));
  });

  it("keep their own value of the same variable name", () => {
    assert.equal(report.cells[0]![0]!.result, "'A'");
    assert.equal(report.cells[1]![0]!.result, "'B'");
  });

  it("train their own model at overlapping times, each learning its own target", () => {
    const [a, b] = report.cells.map((cells) => resultJson<Training>(cells[1]!));
    assert.equal(a!.who, "A");
    assert.equal(b!.who, "B");
    assert.ok(a!.started < b!.ended && b!.started < a!.ended, "the two fits ran at the same time");
    for (const t of [a!, b!]) assert.ok(Number.isFinite(t.last) && t.last < t.first, `${t.who}: loss ${t.first} → ${t.last}`);
    // y = n · sum(x), so the prediction for ones(8) is near 8n: +8 for A, −24 for B.
    const [pa, pb] = report.cells.map((cells) => resultJson<{ prediction: number[][] }>(cells[2]!).prediction[0]![0]!);
    assert.ok(pa! > 0 && pb! < 0, `predictions ${pa} and ${pb} follow each kernel's own data`);
  });
});
