// The progress events of the Python driver and the messages the build prints for them.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EVENT_PREFIX, cellLine, failureHeadline, failureReport, parseEvent } from "../../course/progress";

describe("parseEvent", () => {
  it("reads prefixed JSON lines and leaves the kernel's own output alone", () => {
    assert.deepEqual(parseEvent(`${EVENT_PREFIX}{"event": "done", "seconds": 1.5}`), { event: "done", seconds: 1.5 });
    assert.equal(parseEvent('{"event": "done"}'), undefined);
    assert.equal(parseEvent("tsdl: backend wasm"), undefined);
  });
});

describe("failure messages", () => {
  const failure = { cell: 5, executionCount: 3, source: "const x = 1;\nthrow new RangeError('boom');", ename: "RangeError", evalue: "boom", traceback: ["\u001b[31mRangeError\u001b[0m: boom", "    at <cell>:2:7"] };

  it("name the notebook, the cell and the error in one line", () => {
    assert.equal(failureHeadline("03-loss.ipynb", failure), "03-loss.ipynb failed at cell 5 (In [3]): RangeError: boom");
  });

  it("say when the kernel failed before any cell ran", () => {
    assert.equal(failureHeadline("a.ipynb", { ename: "NoSuchKernel", evalue: "No such kernel named nope", traceback: [] }), "a.ipynb failed before its first cell ran: NoSuchKernel: No such kernel named nope");
  });

  it("quote the cell and the traceback without terminal colours", () => {
    const report = failureReport("03-loss.ipynb", failure);
    assert.match(report, /\n {2}\| throw new RangeError\('boom'\);/);
    assert.match(report, /\n {2}RangeError: boom\n {6}at <cell>:2:7$/);
    assert.ok(!report.includes("\u001b["));
  });
});

describe("cellLine", () => {
  it("shows the cell number, its prompt, its time and its first line", () => {
    assert.equal(cellLine(5, 3, 0.4213, "\nconst x = tf.ones([2, 2]);\nx"), "    cell 5 (In [3])        0.42 s  const x = tf.ones([2, 2]);");
  });
});
