// The kernel, executed by nbclient: rich results, displays, errors, state after errors, the prelude.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorOf, resultText, runCells, streamText } from "../support/jupyter";

describe("a notebook executed through the tsdl kernel", () => {
  const nb = runCells(
    [
      /* 0 */ "const t = tf.tensor2d([[1, 2], [3, 4]]);\nt",
      /* 1 */ 'console.log("hello"); console.error("warn"); 1 + 2',
      /* 2 */ 'const n: number = "not a number";',
      /* 3 */ 'throw new RangeError("boom");',
      /* 4 */ "t.shape",
      /* 5 */ 'const h = display("first"); h.update("second"); display({ "text/plain": "raw", "text/html": "<b>raw</b>" }, { raw: true }); undefined',
      /* 6 */ "backendInfo().name",
      /* 7 */ "const v = await Promise.resolve(41); v + 1",
      /* 8 */ 'clearOutput(); "after clear"',
      /* 9 */ "({ [Symbol.for('Jupyter.display')]() { return { 'text/markdown': '**deno style**' }; } })",
      /* 10 */ "const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });\nmodel",
      /* 11 */ "tf.memory().numTensors >= 1",
      /* 12 */ 'display("shown once")',
      /* 13 */ [
        "class Report {",
        "  constructor(readonly n: number) {}",
        "  async [Symbol.for('Jupyter.display')]() {",
        "    await new Promise((r) => setTimeout(r, 50));",
        "    return { 'text/markdown': `**report ${this.n}**`, 'text/plain': `report ${this.n}` };",
        "  }",
        "}",
        'display(new Report(1));\nconsole.log("after the display");\nnew Report(2)',
      ].join("\n"),
      /* 14 */ 'import * as tslab from "tslab";\ntslab.display.html("<b>tslab html</b>");\nconst d = tslab.newDisplay();\nd.text("one");\nd.markdown("*two*");',
    ],
    { allowErrors: true },
  );
  const [tensor, streams, typeError, runtimeError, afterError, displays, backend, awaited, cleared, denoStyle, model, memory, lastDisplay, asyncDisplay, tslabApi] = nb.cells;

  it("runs every cell, including those after errors", () => {
    assert.equal(nb.status, 0, nb.stderr);
    assert.deepEqual(
      nb.cells.map((c) => c.execution_count),
      nb.cells.map((_, i) => i + 1),
    );
  });

  it("sends a tensor as an execute_result with text/plain and text/html", () => {
    const r = tensor!.outputs.find((o) => o.output_type === "execute_result");
    assert.ok(r, "execute_result expected");
    assert.match(String(r.data!["text/plain"]), /Tensor float32 \[2,2\]/);
    assert.match(String(r.data!["text/html"]), /<table|<pre|<div/);
    assert.equal(streamText(tensor!), "", "the value must not also go to stdout");
  });

  it("sends stdout and stderr as streams and the last value as the result", () => {
    assert.equal(streamText(streams!, "stdout"), "hello\n");
    assert.equal(streamText(streams!, "stderr"), "warn\n");
    assert.equal(resultText(streams!), "3");
  });

  it("reports a type error as a Jupyter error naming the problem", () => {
    const e = errorOf(typeError!);
    assert.equal(e?.ename, "TypeScriptError");
    assert.match(e!.evalue!, /Type 'string' is not assignable to type 'number'/);
  });

  it("reports a runtime exception with its class, message and a traceback", () => {
    const e = errorOf(runtimeError!);
    assert.equal(e?.ename, "RangeError");
    assert.equal(e?.evalue, "boom");
    // Frames of the cell itself, also when the kernel started from its startup snapshot.
    assert.ok(e!.traceback!.some((l) => /^\s+at .*In\[4\]/.test(l)), e!.traceback!.join("\n"));
    assert.ok(!e!.traceback!.some((l) => /node:vm|tslab[\\/]dist/.test(l)), "kernel internals stay out of the traceback");
  });

  it("keeps variables after an error", () => {
    assert.equal(resultText(afterError!), "[ 2, 2 ]");
  });

  it("updates a display in place and accepts raw multi-MIME bundles", () => {
    const shown = displays!.outputs.filter((o) => o.output_type === "display_data");
    assert.equal(shown.length, 2);
    assert.equal(shown[0]!.data!["text/plain"], "'second'", "nbclient applied update_display_data");
    assert.equal(shown[1]!.data!["text/html"], "<b>raw</b>");
    assert.equal(shown[1]!.data!["text/plain"], "raw");
  });

  it("shows a cell ending in display(x) once, without the handle", () => {
    assert.deepEqual(
      lastDisplay!.outputs.map((o) => o.output_type),
      ["display_data"],
    );
  });

  it("starts with a named backend and tf preloaded", () => {
    assert.match(resultText(backend!)!, /^'(tensorflow|wasm|cpu)'$/);
    assert.equal(resultText(memory!), "true");
  });

  it("supports top-level await", () => {
    assert.equal(resultText(awaited!), "42");
  });

  it("clears output on request", () => {
    assert.deepEqual(
      cleared!.outputs.map((o) => o.output_type),
      ["execute_result"],
    );
  });

  it("displays any object with a Jupyter.display symbol with its own bundle", () => {
    const r = denoStyle!.outputs.find((o) => o.output_type === "execute_result");
    assert.equal(r?.data?.["text/markdown"], "**deno style**");
  });

  it("shows a Deno-style class with an async display method, through display() and as the cell's value, in order", () => {
    assert.deepEqual(
      asyncDisplay!.outputs.map((o) => [o.output_type, o.data?.["text/markdown"] ?? o.text]),
      [
        ["display_data", "**report 1**"],
        ["stream", "after the display\n"],
        ["execute_result", "**report 2**"],
      ],
    );
  });

  it("serves tslab's own display API: tslab.display and a tslab.newDisplay() updated in place", () => {
    assert.deepEqual(
      tslabApi!.outputs.map((o) => [o.output_type, o.data?.["text/html"] ?? o.data?.["text/markdown"]]),
      [
        ["display_data", "<b>tslab html</b>"],
        ["display_data", "*two*"],
      ],
    );
  });

  it("displays a model as a summary with text/html", () => {
    const r = model!.outputs.find((o) => o.output_type === "execute_result");
    assert.match(String(r?.data?.["text/plain"]), /dense/i);
    assert.ok(r?.data?.["text/html"]);
  });
});
