// Chapter 02 executed through the real kernel: element-wise ops, broadcasting, matMul, geometry, uncrumpling.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, countMime, explorer, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 02-tensor-operations", () => {
  const nb = runChapter("02-tensor-operations", 600);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("times naive loops against tf ops", () => {
    assert.match(stdout(nb), /20×100, 1000 rounds: loops \d+ ms, tf \d+ ms/);
    assert.match(stdout(nb), /1000×1000, 10 rounds: loops \d+ ms, tf \d+ ms/);
  });

  it("broadcasts (32,10)+(10,) and (64,3,32,10) with (32,10), and names the axis of an incompatible pair", () => {
    const out = stdout(nb);
    assert.match(out, /\(32,10\) \+ \(10,\) → \[32,10\]/);
    assert.match(out, /maximum: \[64,3,32,10\]/);
    assert.match(out, /axis/i);
  });

  it("computes dot products and matrix products that agree with the loops", () => {
    const out = stdout(nb);
    assert.match(out, /dot\(u, v\) = 32/);
    assert.match(out, /loops: \[\[4,5\],\[10,11\]\]\ntf: {4}\[\[4,5\],\[10,11\]\]/);
  });

  it("tells element-wise * apart from the matrix product on the same two matrices", () => {
    const out = stdout(nb);
    assert.match(out, /element-wise, p \* q: {2}\[\[10,40\],\[90,160\]\]/);
    assert.match(out, /matrix product, p·q: \[\[70,100\],\[150,220\]\]/);
  });

  it("draws the geometric transforms and uncrumples the two moons", () => {
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 8, "scatter plots of every transform");
    assert.ok(printedNumber(nb, "accuracy after training:") >= 0.95);
  });

  it("has an explorer for a 2-D affine map: angle, scale, shear and bias sliders and a relu checkbox over the point cloud", () => {
    const { outputs, box, controls } = explorer(nb, "interact(");
    assert.equal(box.model_name, "VBoxModel");
    assert.deepEqual(controls.map((c) => [c.model_name, c.state.description, c.state.value]), [
      ["FloatSliderModel", "angle (°)", 30],
      ["FloatSliderModel", "scale", 1.2],
      ["FloatSliderModel", "shear", 0.3],
      ["FloatSliderModel", "b₀", 0.3],
      ["FloatSliderModel", "b₁", -0.2],
      ["CheckboxModel", "relu", true],
    ]);
    const chart = outputs.find((o) => o.data?.["application/vnd.vegalite.v5+json"]);
    assert.ok(chart?.data?.["image/png"], "the chart under the controls keeps its PNG");
    assert.match(String(chart.data["text/plain"]), /angle 30°, scale 1\.2, shear 0\.3, b = \(0\.3, -0\.2\)[\s\S]*relu\(x · W \+ b\): 49 points/);
  });
});
