// Charts and liveProgress in notebooks executed by nbclient through the tsdl kernel:
// what a saved notebook holds is what a teacher exports.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import { Cell, errorOf, Output, PYTHON, REPO_ROOT, runCells, testKernelEnv } from "../support/jupyter";

const VEGA_LITE = "application/vnd.vegalite.v5+json";
const PLOTLY = "application/vnd.plotly.v1+json";

function rich(cell: Cell): Output[] {
  return cell.outputs.filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");
}

function png(output: Output): PNG {
  const data = output.data!["image/png"];
  assert.equal(typeof data, "string", "image/png is base64 in the notebook");
  return PNG.sync.read(Buffer.from(String(data), "base64"));
}

/** Share of pixels that are not background white. */
function inkedShare(img: PNG): number {
  let n = 0;
  for (let i = 0; i < img.data.length; i += 4) if (img.data[i]! < 200 || img.data[i + 1]! < 200 || img.data[i + 2]! < 200) n++;
  return n / (img.width * img.height);
}

/** Dark pixels inside a box (text is drawn in near-black). */
function darkIn(img: PNG, x0: number, y0: number, w: number, h: number): number {
  let n = 0;
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) {
    const i = 4 * (y * img.width + x);
    if (img.data[i]! < 90 && img.data[i + 1]! < 90 && img.data[i + 2]! < 90) n++;
  }
  return n;
}

describe("charts in a notebook executed through the tsdl kernel", () => {
  const nb = runCells(
    [
      /* 0 */ 'const x = tf.linspace(-4, 4, 81);\nlinePlot([{ name: "relu", x, y: tf.relu(x) }, { name: "sigmoid", x, y: tf.sigmoid(x) }], { title: "Activation functions", width: 400, height: 250 })',
      // (x: x, not the shorthand { x }: tslab does not resolve a shorthand property to an earlier cell's variable.)
      /* 1 */ 'linePlot([{ name: "relu", x: x, y: tf.relu(x) }, { name: "sigmoid", x: x, y: tf.sigmoid(x) }], { width: 400, height: 250 })',
      /* 2 */ "plotHistory({ loss: [1, 0.6, NaN, 0.3], val_loss: [1.1, 0.7, 0.6, 0.5] })",
      /* 3 */ "surfacePlot((x, y) => x * x + 2 * y * y, { x: [-2, 2], y: [-2, 2], steps: 30, path: [[1.5, 1.5], [1.2, 0.3], [0.9, 0.1]] })",
      /* 4 */ 'display(scatterPlot([[0, 0], [1, 1], [2, 0.5]])); display(confusionMatrix([0, 1, 1], [0, 1, 0], { classNames: ["no", "yes"] })); undefined',
      /* 5 */ 'plotHistory({ loss: [1, 2] }, { metrics: ["accuracy"] })',
      /* 6 */ [
        "const model = tf.sequential({ layers: [tf.layers.dense({ units: 8, inputShape: [2], activation: 'relu' }), tf.layers.dense({ units: 1, activation: 'sigmoid' })] });",
        "model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });",
        "const xs = tf.randomNormal([96, 2]);",
        "const ys = xs.sum(1, true).greater(0).cast('float32');",
        "await model.fit(xs, ys, { epochs: 3, batchSize: 8, validationSplit: 0.25, callbacks: [liveProgress()] });",
        "undefined",
      ].join("\n"),
      /* 7 */ "await model.fit(xs, ys, { epochs: 0, callbacks: [liveProgress()] }); undefined",
    ],
    { allowErrors: true, timeoutSeconds: 180 },
  );
  const [line, untitled, history, surface, displayed, badMetric, fit, noEpochs] = nb.cells;

  it("runs every cell", () => {
    assert.equal(nb.status, 0, nb.stderr);
  });

  it("sends a chart as one bundle: vega-lite v5, PNG and text, never SVG or HTML", () => {
    for (const cell of [line!, history!]) {
      const [out] = rich(cell);
      assert.equal(out?.output_type, "execute_result");
      assert.deepEqual(Object.keys(out!.data!).sort(), [VEGA_LITE, "image/png", "text/plain"]);
      assert.equal((out!.data![VEGA_LITE] as { $schema: string }).$schema, "https://vega.github.io/schema/vega-lite/v5.json");
    }
  });

  it("stores a PNG drawn at 2× that decodes and is not blank", () => {
    const img = png(rich(line!)[0]!);
    assert.ok(img.width >= 800 && img.width <= 1400, `a ~400 px plot at 2× plus axes and legend, got ${img.width}`);
    assert.ok(img.height >= 500 && img.height <= 800, `got height ${img.height}`);
    assert.ok(inkedShare(img) > 0.01, "lines, axes and labels are drawn");
  });

  it("draws the PNG's text with the shipped font", () => {
    const titled = png(rich(line!)[0]!);
    const plain = png(rich(untitled!)[0]!);
    const titleBand = titled.height - plain.height;
    assert.ok(titleBand > 20, "the title adds a band on top");
    assert.ok(darkIn(titled, 0, 0, titled.width, titleBand - 4) > 300, "the title's letters are in the PNG");
    assert.ok(darkIn(plain, 0, 40, 70, plain.height - 120) > 100, "the y tick labels are in the PNG");
  });

  it("says in the text that NaN losses are drawn as gaps", () => {
    assert.match(String(rich(history!)[0]!.data!["text/plain"]), /loss is NaN or infinite at epoch 3: drawn as gaps/);
  });

  it("adds the plotly figure to a surface plot, beside the PNG fallback", () => {
    const data = rich(surface!)[0]!.data!;
    assert.deepEqual(Object.keys(data).sort(), [PLOTLY, VEGA_LITE, "image/png", "text/plain"]);
    const fig = data[PLOTLY] as { data: Array<{ type: string }>; layout: object };
    assert.deepEqual(fig.data.map((d) => d.type), ["surface", "scatter3d"]);
    assert.ok(inkedShare(png(rich(surface!)[0]!)) > 0.3, "the heatmap fills the fallback PNG");
  });

  it("shows charts through display() too", () => {
    const outs = rich(displayed!);
    assert.deepEqual(outs.map((o) => o.output_type), ["display_data", "display_data"]);
    assert.match(String(outs[1]!.data!["text/plain"]), /Confusion matrix: 3 examples, 2 correct/);
  });

  it("reports a missing metric as an error naming those present", () => {
    assert.match(errorOf(badMetric!)?.evalue ?? "", /plotHistory: no metric 'accuracy' in this history; it has: loss/);
  });

  it("keeps the final progress bar and the final chart after a liveProgress fit", () => {
    assert.equal(errorOf(fit!), undefined);
    const outs = rich(fit!);
    assert.equal(outs.length, 2, "the bar and the chart, each updated in place");
    const [barOut, chartOut] = outs;
    const text = String(barOut!.data!["text/plain"]);
    assert.match(text, /^Epoch 1\/3  9\/9 \[={30}\] .* - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/m);
    assert.match(text, /^Epoch 3\/3  9\/9 \[={30}\]/m);
    assert.match(text, /Done: 3 epochs in .*\.$/);
    assert.match(String(barOut!.data!["text/html"]), /<progress value="1.0000"/);
    assert.deepEqual(Object.keys(chartOut!.data!).sort(), [VEGA_LITE, "image/png", "text/plain"]);
    assert.match(String(chartOut!.data!["text/plain"]), /^Training history: 3 epochs \(loss, acc\)/);
    const values = ((chartOut!.data![VEGA_LITE] as { hconcat: Array<{ data: { values: Array<{ epoch: number }> } }> }).hconcat[0]!.data.values).map((v) => v.epoch);
    assert.deepEqual([...new Set(values)], [1, 2, 3], "the saved chart holds every epoch");
    assert.ok(inkedShare(png(chartOut!)) > 0.01);
  });

  it("says there was nothing to train when epochs is 0", () => {
    const outs = rich(noEpochs!);
    assert.equal(outs.length, 1);
    assert.equal(outs[0]!.data!["text/plain"], "Done: nothing to train (epochs = 0).");
  });
});

describe("a liveProgress fit interrupted from the frontend", () => {
  interface Sent {
    type: string;
    display_id: string | null;
    text: string | null;
    mimes: string[];
    ename: string | null;
  }
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "test", "kernel", "charts_interrupt.py")], { env: testKernelEnv(), encoding: "utf8", timeout: 240_000 });
  const report = JSON.parse(r.stdout.trim().split("\n").pop() || "{}") as { messages?: Sent[]; status?: string; text?: string };
  const messages = report.messages ?? [];

  it("reports the interrupt as the cell's error", () => {
    assert.ok(messages.length, `charts_interrupt.py reported nothing: ${r.stderr}`);
    assert.ok(messages.some((m) => m.type === "error" && m.ename === "Interrupted"));
  });

  it("ends the bar, in place, on where training stopped", () => {
    const bars = messages.filter((m) => m.mimes.includes("text/html"));
    assert.equal(new Set(bars.map((m) => m.display_id)).size, 1, "one bar, updated in place");
    // The interrupt lands mid-epoch, or (epochs take ~0.1 s) on an epoch's last batch.
    const text = bars[bars.length - 1]!.text!;
    const cut = /Epoch +(\d+)\/500 +(\d+)\/64 .* \(stopped\)\nStopped during epoch (\d+)\/500 after batch (\d+)\/64: (\d+) of 500 epochs completed in /.exec(text);
    const whole = /Epoch +(\d+)\/500 +64\/64 [^\n]*\nStopped after epoch (\d+)\/500: (\d+) of 500 epochs completed in /.exec(text);
    assert.ok(cut || whole, `the bar ends on where training stopped:\n${text}`);
    if (cut) assert.deepEqual([cut[3], cut[4], Number(cut[5])], [cut[1], cut[2], Number(cut[1]) - 1]);
    if (whole) assert.deepEqual([whole[2], whole[3]], [whole[1], whole[1]]);
  });

  it("keeps the chart of the epochs run, and the state readable afterwards", () => {
    const charts = messages.filter((m) => m.mimes.includes("image/png"));
    assert.ok(charts.length >= 1);
    assert.match(charts[charts.length - 1]!.text!, /^Training history: \d+ epochs? \(loss\)/);
    assert.equal(report.status, "'stopped'");
    assert.match(report.text ?? "", /Stopped (during|after) epoch/);
  });
});
