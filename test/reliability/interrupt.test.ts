// Jupyter's interrupt (jupyter_client's interrupt_kernel, SIGINT) against the real kernel.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { CellReport, InterruptReport, resultJson, runScenario } from "./driver";

interface Report {
  setup: CellReport;
  loop: InterruptReport;
  afterLoop: CellReport;
  early: InterruptReport;
  afterEarly: CellReport;
  timer: InterruptReport;
  afterTimer: CellReport;
  fitSetup: CellReport;
  fit: InterruptReport;
  afterFit: CellReport;
  fitAgain: CellReport;
}

function assertStoppedWithinOneSecond(r: InterruptReport): void {
  assert.ok(r.replied, "the interrupted cell must get an execute_reply");
  assert.ok(r.seconds < 1, `the cell stopped ${r.seconds}s after the interrupt; expected under 1s`);
  assert.equal(r.status, "error");
  assert.equal(r.error?.ename, "Interrupted");
}

describe("interrupting the kernel", () => {
  let report: Report;
  before(() => {
    report = runScenario<Report>("interrupt");
    assert.equal(report.setup.status, "ok", JSON.stringify(report.setup));
  });

  it("stops a synchronous while (true) loop within 1 s", () => {
    assertStoppedWithinOneSecond(report.loop);
  });

  it("keeps the variables defined before the loop, and the loop really ran", () => {
    assert.deepEqual(resultJson(report.afterLoop), { before: "kept", looped: true });
  });

  // A SIGINT that lands while the kernel is still compiling the cell (the first second after Run, longer for the
  // first cell that uses tf) must stop the cell before it starts.
  it("stops a cell interrupted right after it was sent, while it is still being compiled", () => {
    assert.ok(report.early.replied, "an interrupt during compilation must not be lost");
    assert.equal(report.early.error?.ename, "Interrupted");
    // Its first statement may or may not have run, depending on when the signal landed; the loop stopped.
    assert.ok(resultJson<{ early: number }>(report.afterEarly).early <= 1);
  });

  it("stops an awaited 60 s timer within 1 s", () => {
    assertStoppedWithinOneSecond(report.timer);
  });

  it("keeps the variables defined before the timer", () => {
    assert.deepEqual(resultJson(report.afterTimer), { before: "kept" });
  });

  it("stops the wait for a running model.fit within 1 s", () => {
    assert.equal(report.fitSetup.status, "ok", JSON.stringify(report.fitSetup));
    assertStoppedWithinOneSecond(report.fit);
  });

  it("stops the training itself: no batch ends after the interrupt and the model is no longer training", () => {
    const after = resultJson<{ before: string; atInterrupt: number; later: number; isTraining: boolean }>(report.afterFit);
    assert.equal(after.before, "kept");
    assert.ok(after.atInterrupt >= 20, `training had run ${after.atInterrupt} batches`);
    assert.equal(after.later, after.atInterrupt, `batches went on after the interrupt: ${after.atInterrupt} → ${after.later}`);
    assert.equal(after.isTraining, false);
  });

  it("lets the interrupted model train again", () => {
    assert.deepEqual(resultJson(report.fitAgain), { epochs: 1, before: "kept" });
  });
});

describe("interrupting a cell sent while the kernel loads TensorFlow.js in the background", () => {
  // Idle for half a second after start, the kernel loads TensorFlow.js. A cell sent meanwhile used to wait
  // for that behind the kernel's lock, where an interrupt was lost and its loop ran until a second one.
  it("stops it with one interrupt", () => {
    const report = runScenario<{ waiting: InterruptReport; after: CellReport }>("interrupt_waiting");
    assert.ok(report.waiting.replied, "one interrupt must be enough");
    assert.equal(report.waiting.error?.ename, "Interrupted");
    assert.equal(report.after.status, "ok");
  });
});
