// The insight helpers in a notebook executed by nbclient through the tsdl kernel: each bundle's MIME types,
// PNGs that decode and are not blank, the leak meter's line under exactly the cells that changed the
// number of live tensors, and a clear error that leaves the kernel's state intact.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import { Cell, errorOf, Output, runCells } from "../support/jupyter";

const VEGA_LITE = "application/vnd.vegalite.v5+json";

function rich(cell: Cell): Output[] {
  return cell.outputs.filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");
}

/** Share of a PNG's pixels that are not background white. */
function inkedShare(output: Output): number {
  const data = output.data!["image/png"];
  assert.equal(typeof data, "string", "image/png is base64 in the notebook");
  const img = PNG.sync.read(Buffer.from(String(data), "base64"));
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 200 || img.data[i + 1]! < 200 || img.data[i + 2]! < 200) n++;
  return n / (img.width * img.height);
}

/** The leak meter's lines under a cell. */
function meterLines(cell: Cell): string[] {
  return rich(cell)
    .filter((o) => String(o.data?.["text/html"] ?? "").includes("tsdl-leak-meter"))
    .map((o) => String(o.data!["text/plain"]));
}

describe("the insight helpers in a notebook executed through the tsdl kernel", () => {
  const nb = runCells(
    [
      /* 0 */ "trackTensors(true)",
      /* 1 */ "const kept = tf.ones([2, 3]);",
      /* 2 */ "tf.tidy(() => { tf.ones([10]).square(); });\n1 + 1",
      /* 3 */ "kept.dispose();",
      /* 4 */ "const notCounted = tf.ones([4]);\ntrackTensors(false)",
      /* 5 */ "const alsoNotCounted = tf.ones([4]);",
      /* 6 */ [
        "setRandomSeed(1);",
        "const xs = tf.randomUniform([256, 64]);",
        "const ys = tf.randomUniformInt([256], 0, 4).toFloat();",
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 32, activation: 'relu', inputShape: [64] }), tf.layers.dense({ units: 4, activation: 'softmax' })] });",
        "model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });",
        "const weights = weightHistograms();",
        "const h1 = await model.fit(xs, ys, { epochs: 3, batchSize: 32, validationSplit: 0.25, verbose: 0, callbacks: [weights] });",
      ].join("\n"),
      /* 7 */ "weights.plot()",
      /* 8 */ 'weights.plot({ kind: "heatmap" })',
      /* 9 */ "layerStats(model, xs)",
      /* 10 */ "histogram(model.layers[0].getWeights()[0], { bins: 20 })",
      /* 11 */ "const scores = model.predict(xs) as tf.Tensor;\nperClassAccuracy(ys, scores)",
      /* 12 */ "showMistakes(model, xs, ys, { n: 6 })",
      /* 13 */ "activations(model, xs.slice(0, 1))",
      /* 14 */ "const h2 = await model.fit(xs, ys, { epochs: 2, batchSize: 64, verbose: 0 });\ncompareHistories({ 'batch 32': h1, 'batch 64': h2 })",
      /* 15 */ "showMistakes(model, xs, ys, { n: 0 })",
      /* 16 */ "model.layers.length",
    ],
    { allowErrors: true, timeoutSeconds: 240 },
  );
  const cells = nb.cells;

  it("runs every cell", () => {
    assert.equal(nb.status, 0, nb.stderr);
    cells.slice(0, 15).forEach((c, i) => assert.equal(errorOf(c), undefined, `cell ${i}: ${errorOf(c)?.evalue}`));
  });

  it("shows the leak meter's line exactly under the cells that changed the number of live tensors", () => {
    assert.match(String(rich(cells[0]!)[0]?.data?.["text/plain"]), /^Leak meter on/);
    assert.deepEqual(meterLines(cells[0]!), [], "the cell that switches it on gets no line");
    assert.deepEqual(meterLines(cells[1]!).map((l) => l.replace(/tf\.memory\(\): .*/, "")), ["+1 tensor (+24 B) left by this cell; "]);
    assert.deepEqual(meterLines(cells[2]!), [], "a tf.tidy that keeps nothing leaves no line");
    assert.match(String(rich(cells[2]!).find((o) => o.output_type === "execute_result")?.data?.["text/plain"]), /^2$/);
    assert.deepEqual(meterLines(cells[3]!).map((l) => l.replace(/tf\.memory\(\): .*/, "")), ["−1 tensor (−24 B) freed by this cell; "]);
    assert.match(meterLines(cells[1]!)[0]!, /tf\.memory\(\): \d+ tensors?, \d/);
    assert.deepEqual(meterLines(cells[4]!), [], "the cell that switches it off gets no line");
    assert.deepEqual(meterLines(cells[5]!), [], "off means off");
  });

  it("sends each chart as vega-lite, PNG and text, with a PNG that is not blank", () => {
    for (const [i, name] of [[7, "ridgeline"], [8, "heatmap"], [10, "histogram"], [11, "perClassAccuracy"], [13, "activations"], [14, "compareHistories"]] as const) {
      const [out] = rich(cells[i]!);
      assert.deepEqual(Object.keys(out!.data!).sort(), [VEGA_LITE, "image/png", "text/plain"], name);
      assert.ok(inkedShare(out!) > 0.03, `${name}: the PNG holds a drawing`);
    }
    assert.match(String(rich(cells[7]!)[0]!.data!["text/plain"]), /^Weight histograms \(ridgeline\): 2 weight tensors, 4 snapshots/);
    assert.match(String(rich(cells[14]!)[0]!.data!["text/plain"]), /^Compared runs: batch 32, batch 64/);
  });

  it("sends layerStats as a table in text and HTML", () => {
    const [out] = rich(cells[9]!);
    assert.deepEqual(Object.keys(out!.data!).sort(), ["text/html", "text/plain"]);
    assert.match(String(out!.data!["text/plain"]), /^Layer statistics of "\w+"\n\(dead units: never above 0 on any of the 256 examples of the batch\)/);
    assert.match(String(out!.data!["text/html"]), /<table.*kernel.*\(64, 32\)/s);
  });

  it("sends showMistakes as a captioned image grid with its text", () => {
    const [out] = rich(cells[12]!);
    assert.deepEqual(Object.keys(out!.data!).sort(), ["image/png", "text/plain"]);
    assert.match(String(out!.data!["text/plain"]), /^The 6 most confident mistakes: \d+ of 256 examples wrong/);
    assert.ok(inkedShare(out!) > 0.1);
  });

  it("answers n ≤ 0 with a clear error and keeps the kernel's state", () => {
    const e = errorOf(cells[15]!);
    assert.match(`${e?.ename}: ${e?.evalue}`, /showMistakes: options\.n: expected an integer from 1 to 1000; got 0/);
    assert.equal(String(rich(cells[16]!)[0]?.data?.["text/plain"]), "2");
  });
});
