// Chapter 03 executed through the real kernel: numerical derivatives, gradient descent, tf.grad, and the
// one-step SGD example whose loss falls from 4 to 1.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { errorOf, runNotebookFile } from "../support/jupyter";
import { assertNoErrors, countMime, explorer, NOTEBOOKS, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 03-gradient-descent", () => {
  const nb = runChapter("03-gradient-descent", 300);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("takes one SGD(0.1) step on w = ones(3,2), b = zeros(1,2), x = [[1,2,3]], y = [[4,8]]: loss 4 → 1", () => {
    assert.ok(Math.abs(printedNumber(nb, "loss before the step:") - 4) < 1e-4);
    assert.ok(Math.abs(printedNumber(nb, "loss after one SGD(0.1) step:") - 1) < 1e-4);
    assert.match(stdout(nb), /w = \[\[0\.8,1\.2\],\[0\.6,1\.4\],\[0\.4,1\.6\]\], b = \[\[-0\.2,0\.2\]\]/);
  });

  it("differentiates numerically and with tf.grad", () => {
    const out = stdout(nb);
    assert.match(out, /∇f\(3,4\) = \[6\.0000,8\.0000\]/);
    assert.ok(Math.abs(printedNumber(nb, "tf.grad: f'(5) =") - 0.2) < 1e-5);
    // Central differences beat forward ones at h = 1e-4, as the table shows.
    const [, forward, central] = /h = 1e-4\s+forward (\S+)\s+central (\S+)/.exec(out) ?? [];
    assert.ok(Number(central) < Number(forward) / 100, `forward ${forward}, central ${central}`);
  });

  it("rolls past a local minimum with momentum where plain gradient descent stops in it, and lingers at a saddle point", () => {
    const out = stdout(nb);
    assert.match(out, /plain gradient descent\s+stops at x = 1\.13\d, f = -1\.07\d/);
    assert.match(out, /momentum 0\.9\s+stops at x = -1\.30\d, f = -3\.51\d/);
    const [, near] = /(\d+) of 30 steps within 0\.3 of the saddle point/.exec(out) ?? [];
    assert.ok(Number(near) >= 5, `steps near the saddle: ${near}`);
  });

  it("names the primer as the source of the SGD example, with its slips", () => {
    const prose = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => c.source).join("\n");
    assert.match(prose, /TensorFlow\/Keras primer/);
    assert.match(prose, /tf\.ones\(3,2\)\)/);
    assert.match(prose, /defaults to 0\.01/);
    assert.doesNotMatch(prose, /Keras uses `tf\.GradientTape`|Keras's `GradientTape`/, "GradientTape is TensorFlow's");
  });

  it("runs the SGD cells twice in a row without an error (no variable name is registered twice)", () => {
    const source = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, "03-gradient-descent.ipynb"), "utf8")) as { cells: { cell_type: string; source: string[] }[] };
    const text = (c: { source: string[] }) => c.source.join("");
    const from = source.cells.findIndex((c) => text(c).includes("const w = tf.variable("));
    const to = source.cells.findIndex((c) => text(c).includes("sgd.applyGradients(grads);"));
    assert.ok(from > 0 && to > from, "the SGD cells are found");
    const cells = source.cells.slice(from, to + 1).filter((c) => c.cell_type === "code");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-sgd-twice-")), "twice.ipynb");
    fs.writeFileSync(file, JSON.stringify({ ...source, cells: [...cells, ...cells].map((c) => ({ ...c, outputs: [], execution_count: null })) }));
    const twice = runNotebookFile(file, { allowErrors: true, timeoutSeconds: 120 });
    for (const cell of twice.cells) assert.equal(errorOf(cell), undefined, `${errorOf(cell)?.evalue}\n${cell.source}`);
    assert.match(twice.cells.map((c) => c.outputs.map((o) => o.text ?? "").join("")).join(""), /loss after one SGD\(0\.1\) step: 1\.0000[\s\S]*loss after one SGD\(0\.1\) step: 1\.0000/);
  });

  it("shows gradient descent converging, diverging and stalling, with contour and surface plots", () => {
    const out = stdout(nb);
    assert.match(out, /farther out than it started/);
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 4);
    assert.ok(countMime(nb, "application/vnd.plotly.v1+json") >= 1, "the surface plot");
  });

  it("has an explorer for learning rate and momentum: two sliders, saved with their values, over the descent path on a contour plot", () => {
    const { outputs, box, controls } = explorer(nb, "interact(");
    assert.equal(box.model_name, "VBoxModel");
    assert.deepEqual(controls.map((c) => [c.model_name, c.state.description, c.state.value]), [
      ["FloatSliderModel", "η (learning rate)", 0.1],
      ["FloatSliderModel", "β (momentum)", 0.9],
    ]);
    const chart = outputs.find((o) => o.data?.["application/vnd.vegalite.v5+json"]);
    assert.ok(chart?.data?.["image/png"], "the chart under the controls keeps its PNG");
    assert.match(String(chart.data["text/plain"]), /30 steps with η = 0\.10, β = 0\.90/);
  });
});
