// Charts as pure values: their bundles, their specs (which vega-lite compiles without a warning),
// their PNGs (sized, not blank, with text), their errors, and no leaked tensors.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { PNG } from "pngjs";
import { displaySymbol, MediaBundle } from "../../src/display/bundle";
import { Chart, confusionMatrix, contourPlot, linePlot, plotHistory, scatterPlot, surfacePlot } from "../../src/charts";
import { compileSpec, renderSvg } from "../../src/charts/render";
import { VEGA_LITE_SCHEMA, VegaLiteSpec } from "../../src/charts/specs/common";
import { groupMetrics } from "../../src/charts/specs/history";
import { isolines, quantileLevels, sampleGrid } from "../../src/charts/contours";
import { equalDomains } from "../../src/charts/specs/scatter";

const VEGA_LITE = "application/vnd.vegalite.v5+json";
const PLOTLY = "application/vnd.plotly.v1+json";

function bundleOf(chart: Chart): MediaBundle {
  return chart[displaySymbol]();
}

function decode(png: unknown): PNG {
  assert.ok(png instanceof Uint8Array, "image/png holds bytes");
  return PNG.sync.read(Buffer.from(png));
}

/** Pixels clearly darker than the white background (text, lines, marks) inside a box. */
function darkPixels(img: PNG, box = { x: 0, y: 0, w: img.width, h: img.height }): number {
  let n = 0;
  for (let y = box.y; y < box.y + box.h; y++) {
    for (let x = box.x; x < box.x + box.w; x++) {
      const i = 4 * (y * img.width + x);
      if (img.data[i]! < 110 && img.data[i + 1]! < 110 && img.data[i + 2]! < 110) n++;
    }
  }
  return n;
}

function distinctColours(img: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4 * 7) seen.add((img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!);
  return seen.size;
}

function assertCompilesCleanly(spec: VegaLiteSpec): void {
  const warnings: string[] = [];
  compileSpec(spec, warnings);
  assert.deepEqual(warnings, [], "vega-lite compiles the spec without warnings");
}

const history = {
  loss: [1.2, 0.8, 0.6, NaN, 0.4, 0.35],
  val_loss: [1.3, 0.9, 0.7, 0.65, 0.6, 0.62],
  acc: [0.5, 0.6, 0.7, 0.75, 0.8, 0.82],
  val_acc: [0.45, 0.55, 0.66, 0.7, 0.72, 0.71],
};

describe("every chart", () => {
  const x = [-2, -1, 0, 1, 2];
  const charts: Record<string, () => Chart> = {
    plotHistory: () => plotHistory(history),
    linePlot: () => linePlot({ name: "square", x, y: x.map((v) => v * v) }),
    scatterPlot: () => scatterPlot([[0, 0], [1, 2], [2, 1]]),
    contourPlot: () => contourPlot((a, b) => a * a + b * b, { x: [-1, 1], y: [-1, 1], steps: 20, path: [[0.9, 0.9], [0.5, 0.4], [0.1, 0.1]] }),
    confusionMatrix: () => confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2]),
  };
  for (const [name, make] of Object.entries(charts)) {
    it(`${name} is a bundle of exactly a vega-lite v5 spec, a PNG and a text summary`, () => {
      const bundle = bundleOf(make());
      assert.deepEqual(Object.keys(bundle).sort(), [VEGA_LITE, "image/png", "text/plain"].sort());
      assert.equal((bundle[VEGA_LITE] as VegaLiteSpec).$schema, VEGA_LITE_SCHEMA);
      assert.match(String(bundle["text/plain"]), /\S/);
      assertCompilesCleanly(bundle[VEGA_LITE] as VegaLiteSpec);
    });

    it(`${name} draws a PNG at twice the SVG's size that is not blank`, () => {
      const chart = make();
      const svg = renderSvg(chart.spec);
      const [, w, h] = /width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
      const img = decode(bundleOf(chart)["image/png"]);
      assert.equal(img.width, 2 * w!);
      assert.equal(img.height, 2 * h!);
      assert.ok(darkPixels(img) > 500, "axes, labels and marks are drawn");
    });
  }

  it("keeps its spec JSON-safe: NaN values become null", () => {
    const spec = plotHistory({ loss: [1, NaN, 0.5] }).spec;
    const values = ((spec.data as { values: Array<{ value: number | null }> }).values).map((v) => v.value);
    assert.deepEqual(values, [1, null, 0.5]);
    assert.equal(JSON.stringify(spec).includes("NaN"), false);
  });

  it("renders its PNG once and reuses it", () => {
    const chart = linePlot({ name: "a", x: [0, 1], y: [1, 0] });
    assert.equal(bundleOf(chart)["image/png"], bundleOf(chart)["image/png"]);
  });
});

describe("the PNG's text", () => {
  it("is drawn with the shipped font: the title band and the tick labels hold ink", () => {
    const titled = decode(linePlot({ name: "a", x: [0, 1, 2], y: [0, 1, 4] }, { title: "Quadratic growth", width: 400, height: 250 }).png()!);
    const untitled = decode(linePlot({ name: "a", x: [0, 1, 2], y: [0, 1, 4] }, { width: 400, height: 250 }).png()!);
    // The title adds a band of text on top; without a font resvg would draw nothing there.
    assert.ok(titled.height > untitled.height, "the title takes room");
    const band = { x: 0, y: 0, w: titled.width, h: titled.height - untitled.height - 4 };
    assert.ok(darkPixels(titled, band) > 300, `title text expected in the top band, got ${darkPixels(titled, band)} dark pixels`);
    assert.equal(darkPixels(untitled, { x: 0, y: 0, w: untitled.width, h: 10 }), 0, "nothing above the plot without a title");
    // Tick labels sit left of the y axis.
    const labels = { x: 0, y: band.h + 20, w: 80, h: 2 * 250 - 40 };
    assert.ok(darkPixels(titled, labels) > 100, "y tick labels and axis title are drawn");
  });
});

describe("plotHistory", () => {
  it("puts val_X in X's panel, loss first, with epochs from 1", () => {
    assert.deepEqual(groupMetrics(["acc", "loss", "val_acc", "val_loss"]), [
      { metric: "loss", keys: ["loss", "val_loss"] },
      { metric: "acc", keys: ["acc", "val_acc"] },
    ]);
    const spec = plotHistory(history).spec;
    const panels = spec.hconcat as Array<{ data: { values: Array<{ epoch: number; set: string }> }; encoding: { x: { title: string }; y: { title: string } } }>;
    assert.deepEqual(panels.map((p) => [p.encoding.x.title, p.encoding.y.title]), [["epoch", "loss"], ["epoch", "acc"]]);
    assert.equal(Math.min(...panels[0]!.data.values.map((v) => v.epoch)), 1);
    assert.deepEqual([...new Set(panels[0]!.data.values.map((v) => v.set))], ["training", "validation"]);
  });

  it("plots a real tf.History, numbering epochs from 1", async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const xs = tf.tensor2d([[0], [1], [2], [3]]);
    const ys = tf.tensor2d([[1], [3], [5], [7]]);
    const h = await model.fit(xs, ys, { epochs: 3, verbose: 0 });
    const chart = plotHistory(h);
    assert.match(chart.summary, /^Training history: 3 epochs \(loss\)/);
    const epochs = (chart.spec.data as { values: Array<{ epoch: number }> }).values.map((v) => v.epoch);
    assert.deepEqual(epochs, [1, 2, 3]);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it("lists in its legend only the curves it draws: no validation entry without validation metrics", () => {
    const legendOf = (spec: object) => ((spec as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color.scale);
    assert.deepEqual(legendOf(plotHistory({ loss: [1, 0.5] }).spec).domain, ["training"]);
    assert.deepEqual(legendOf(plotHistory({ val_loss: [1, 0.5] }).spec).domain, ["validation"]);
    const both = legendOf((plotHistory(history).spec.hconcat as object[])[0]!);
    assert.deepEqual(both.domain, ["training", "validation"]);
    assert.notEqual(both.range[0], both.range[1], "training and validation in different colours");
    assert.equal(legendOf(plotHistory({ val_loss: [1, 0.5] }).spec).range[0], both.range[1], "validation keeps its colour alone");
  });

  it("selects metrics by name, accepting accuracy for acc", () => {
    const spec = plotHistory(history, { metrics: ["accuracy"] }).spec;
    assert.equal((spec as unknown as { encoding: { y: { title: string } } }).encoding.y.title, "acc");
  });

  it("says which metrics exist when asked for one that does not", () => {
    assert.throws(() => plotHistory(history, { metrics: ["mse"] }), /plotHistory: no metric 'mse' in this history; it has: loss, val_loss, acc, val_acc/);
  });

  it("refuses an empty history with a hint", () => {
    assert.throws(() => plotHistory({}), /plotHistory: the history is empty \(no metrics\)/);
    assert.throws(() => plotHistory({ loss: [] }), /plotHistory: the history is empty \(loss hold no values\)/);
    assert.throws(() => plotHistory(42 as never), /plotHistory: expected a tf.History .* got 42/);
  });

  it("draws NaN losses as gaps and says so", () => {
    const chart = plotHistory(history);
    assert.match(chart.summary, /loss is NaN or infinite at epoch 4: drawn as gaps/);
    const mark = (chart.spec.hconcat as Array<{ mark: { invalid: string } }>)[0]!.mark;
    assert.equal(mark.invalid, "break-paths-show-domains");
  });
});

describe("linePlot", () => {
  it("takes tensors and arrays, and leaks no tensor", () => {
    const x = tf.linspace(-3, 3, 13);
    const y = tf.relu(x);
    const before = tf.memory().numTensors;
    const chart = linePlot([{ name: "relu", x, y }, { name: "identity", x: Array.from(x.dataSync()), y: x }], { title: "relu", yDomain: [-3, 3] });
    chart.png();
    assert.equal(tf.memory().numTensors, before);
    assert.match(chart.summary, /relu: 13 points, x -3…3, y 0…3/);
    tf.dispose([x, y]);
  });

  it("names the series whose x and y lengths differ", () => {
    assert.throws(() => linePlot([{ name: "a", x: [1, 2], y: [1, 2] }, { name: "b", x: [1, 2, 3], y: [1] }]), /linePlot: series\[1\] \('b'\) has 3 x values but 1 y values/);
  });

  it("names a wrong-shaped tensor and a bad domain", () => {
    assert.throws(() => linePlot({ name: "a", x: tf.zeros([2, 2]), y: [1, 2] }), /linePlot: series.x: expected a 1-D tensor; got shape \[2,2\]/);
    assert.throws(() => linePlot({ name: "a", x: [1], y: [1] }, { yDomain: [1, 0] }), /linePlot: options.yDomain: expected \[min, max\] with finite min < max; got \[1,0\]/);
  });
});

describe("scatterPlot", () => {
  it("gives equal units to both axes by default", () => {
    const d = equalDomains([0, 10], [0, 1], 400, 400);
    assert.ok(Math.abs((d.x[1] - d.x[0]) - (d.y[1] - d.y[0])) < 1e-9);
    const spec = scatterPlot([[0, 0], [10, 1]], { width: 400, height: 200 }).spec as unknown as { encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } };
    const xs = spec.encoding.x.scale.domain;
    const ys = spec.encoding.y.scale.domain;
    assert.ok(Math.abs((xs[1]! - xs[0]!) / 400 - (ys[1]! - ys[0]!) / 200) < 1e-9, "same units per pixel");
  });

  it("colours points by class and shapes them by series, reading tensors without leaks", () => {
    const pts = tf.tensor2d([[0, 0], [1, 1], [2, 0]]);
    const labels = tf.tensor1d([0, 1, 1], "int32");
    const before = tf.memory().numTensors;
    const chart = scatterPlot([{ name: "before", points: pts, color: labels }, { name: "after", points: [[1, 1], [2, 2], [3, 1]], color: [0, 1, 1] }]);
    assert.equal(tf.memory().numTensors, before);
    const enc = (chart.spec as unknown as { encoding: Record<string, { field: string }> }).encoding;
    assert.equal(enc.color!.field, "category");
    assert.equal(enc.shape!.field, "series");
    tf.dispose([pts, labels]);
  });

  it("names the point that is not a pair and the wrong tensor shape", () => {
    assert.throws(() => scatterPlot([[0, 0], [1, 2, 3]]), /scatterPlot: data: expected \[x, y\] at index 1; got \[1,2,3\]/);
    assert.throws(() => scatterPlot(tf.zeros([3, 3]) as tf.Tensor2D), /scatterPlot: data: expected a tensor of shape \[N,2\]; got \[3,3\]/);
    assert.throws(() => scatterPlot([{ name: "a", points: [[0, 0]], color: [1, 2] }]), /scatterPlot: data\[0\].color has 2 entries but there are 1 points/);
  });
});

describe("contourPlot and surfacePlot", () => {
  it("traces closed level lines around a bowl's minimum", () => {
    const grid = sampleGrid((x, y) => x * x + y * y, [-1, 1], [-1, 1], 40);
    assert.equal(quantileLevels(grid.z, 5).length, 5);
    const lines = isolines(grid, [0.1, 0.3, 0.5, 0.7]);
    assert.equal(lines.length, 4, "one closed ring per level");
    for (const line of lines) {
      const r = line.points.map(([x, y]) => Math.hypot(x, y));
      const expected = Math.sqrt(line.level);
      assert.ok(r.every((v) => Math.abs(v - expected) < 0.02), `points lie on the circle of radius ${expected}`);
      assert.deepEqual(line.points[0], line.points[line.points.length - 1], "the ring is closed");
    }
  });

  it("draws the path on top of the heatmap, start marked", () => {
    const path: Array<[number, number]> = [[0.9, 0.8], [0.4, 0.3], [0.1, 0.05]];
    const spec = contourPlot((x, y) => x * x + y * y, { x: [-1, 1], y: [-1, 1], path }).spec;
    const layers = spec.layer as Array<{ mark: { type: string }; data: { values: unknown[] } }>;
    assert.deepEqual(layers.map((l) => l.mark.type), ["image", "point", "line", "line", "circle", "point"]);
    assert.equal(layers[3]!.data.values.length, 3);
  });

  it("adds a plotly surface with the path lifted onto it", () => {
    const bundle = bundleOf(surfacePlot((x, y) => x * y, { x: [-1, 1], y: [-2, 2], steps: 10, path: [{ name: "gd", points: [[1, 1], [0.5, 0.5]] }] }));
    assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY, VEGA_LITE, "image/png", "text/plain"].sort());
    const fig = bundle[PLOTLY] as { data: Array<{ type: string; z: unknown }>; layout: object };
    assert.deepEqual(fig.data.map((d) => d.type), ["surface", "scatter3d"]);
    const [z1, z2] = fig.data[1]!.z as number[];
    const lift = z1! - 1;
    assert.ok(lift > 0 && lift < 0.1, "the path floats just above the surface");
    assert.ok(Math.abs(z2! - 0.25 - lift) < 1e-12, "by the same height at every point");
    assert.equal((fig.data[0]!.z as number[][]).length, 10);
  });

  it("names a wrong-length path point, a bad range and a non-number f", () => {
    assert.throws(() => contourPlot((x, y) => x + y, { x: [0, 1], y: [0, 1], path: [[0, 0], [1, 2, 3] as never] }), /contourPlot: options.path: expected \[x, y\] at index 1; got \[1,2,3\]/);
    assert.throws(() => contourPlot((x, y) => x + y, { x: [1, 0], y: [0, 1] }), /contourPlot: options.x: expected \[min, max\] with finite min < max; got \[1,0\]/);
    assert.throws(() => surfacePlot((() => tf.scalar(1)) as never, { x: [0, 1], y: [0, 1] }), /surfacePlot: f\(.*\) must return a number; got a float32 tensor of shape \[\] \(return a plain number/);
    assert.throws(() => contourPlot((x, y) => x + y, { x: [0, 1], y: [0, 1], path: [] }), /contourPlot: options.path: expected at least one \[x, y\] point; got an empty path/);
  });

  it("draws the finest grid it allows (400 steps: 160,000 values)", () => {
    const chart = surfacePlot((x, y) => x * y, { x: [0, 1], y: [0, 1], steps: 400, levels: 0 });
    assert.match(chart.summary, /400×400 grid/);
  });

  it("leaves holes where f is not finite", () => {
    const chart = contourPlot((x, y) => Math.log(x * y), { x: [-1, 1], y: [-1, 1], steps: 20 });
    assert.match(chart.summary, /f -?\d/);
    assert.ok(distinctColours(decode(chart.png()!)) > 20);
  });
});

describe("confusionMatrix", () => {
  it("counts true classes down and predictions across, with the counts written in", () => {
    const chart = confusionMatrix([0, 1, 2, 2, 1], [0, 2, 2, 2, 1], { classNames: ["cat", "dog", "bird"] });
    const values = (chart.spec.data as { values: Array<{ actual: string; predicted: string; count: number }> }).values;
    assert.equal(values.find((v) => v.actual === "dog" && v.predicted === "bird")!.count, 1);
    assert.equal(values.find((v) => v.actual === "bird" && v.predicted === "bird")!.count, 2);
    assert.match(chart.summary, /5 examples, 4 correct \(accuracy 80.0%\)/);
    assert.ok((chart.spec.layer as Array<{ mark: { type: string } }>).some((l) => l.mark.type === "text"));
  });

  it("takes one-hot or score tensors (argmax) without leaking", () => {
    const labels = tf.oneHot(tf.tensor1d([0, 1, 1], "int32"), 2);
    const scores = tf.tensor2d([[0.9, 0.1], [0.2, 0.8], [0.7, 0.3]]);
    const before = tf.memory().numTensors;
    const chart = confusionMatrix(labels, scores);
    assert.equal(tf.memory().numTensors, before);
    assert.match(chart.summary, /3 examples, 2 correct/);
    tf.dispose([labels, scores]);
  });

  it("names mismatched lengths, bad labels and too few class names", () => {
    assert.throws(() => confusionMatrix([0, 1], [0]), /confusionMatrix: labels has 2 entries but predictions has 1/);
    assert.throws(() => confusionMatrix([0, 1.5], [0, 1]), /confusionMatrix: labels: expected class indices \(integers ≥ 0\); got 1.5 at index 1/);
    assert.throws(() => confusionMatrix([0, 2], [0, 1], { classNames: ["a", "b"] }), /confusionMatrix: options.classNames must name every class 0…2; got 2 names/);
  });

  it("writes counts in up to 30 classes, colours alone up to 100, and refuses more", () => {
    const labels = (n: number) => Array.from({ length: n }, (_, i) => i);
    const marks = (n: number) => (confusionMatrix(labels(n), labels(n)).spec.layer as Array<{ mark: { type: string } }>).map((l) => l.mark.type);
    assert.deepEqual(marks(30), ["rect", "text"]);
    assert.deepEqual(marks(100), ["rect"]);
    assert.throws(() => confusionMatrix([0, 100], [0, 1]), /confusionMatrix: expected class indices from 0 to 99; got 100/);
    assert.throws(() => confusionMatrix([0, 1e9], [0, 1]), /got 1000000000/);
    assert.throws(() => confusionMatrix([0], [0], { classNames: labels(101).map(String) }), /confusionMatrix: options.classNames must name at most 100 classes; got 101/);
  });

  it("names labels or predictions that were disposed", () => {
    const scores = tf.tensor2d([[0.9, 0.1], [0.2, 0.8]]);
    scores.dispose();
    assert.throws(() => confusionMatrix([0, 1], scores), /confusionMatrix: predictions: the tensor has been disposed/);
    const words = tf.tensor1d(["cat", "dog"]);
    assert.throws(() => confusionMatrix(words, [0, 1]), /confusionMatrix: labels: expected a numeric tensor; got a string tensor of shape \[2\]/);
    words.dispose();
  });
});

describe("text that vega could mistake for its own names", () => {
  it("is drawn: a series, a title or a metric called toString or constructor", () => {
    for (const chart of [
      linePlot({ name: "toString", x: [1, 2], y: [1, 2] }, { title: "constructor", yLabel: "valueOf" }),
      plotHistory({ toString: [1, 0.5], hasOwnProperty: [2, 1] }),
      confusionMatrix([0, 1], [0, 1], { classNames: ["toString", "valueOf"] }),
    ]) {
      assert.ok(chart.png()!.length > 1000);
    }
  });
});

describe("the options of every chart", () => {
  const f = (x: number, y: number) => x + y;
  const calls: Array<[string, (options: unknown) => unknown]> = [
    ["linePlot", (o) => linePlot({ name: "a", x: [1, 2], y: [1, 2] }, o as never)],
    ["scatterPlot", (o) => scatterPlot([[0, 0], [1, 1]], o as never)],
    ["plotHistory", (o) => plotHistory({ loss: [1, 0.5] }, o as never)],
    ["confusionMatrix", (o) => confusionMatrix([0, 1], [0, 1], o as never)],
    ["contourPlot", (o) => contourPlot(f, { x: [0, 1], y: [0, 1], steps: 4, ...(o as object) })],
    ["surfacePlot", (o) => surfacePlot(f, { x: [0, 1], y: [0, 1], steps: 4, ...(o as object) })],
  ];

  for (const [name, call] of calls) {
    it(`${name} names a title that is not a string, before drawing anything`, () => {
      assert.throws(() => call({ title: 10n }), new RegExp(`^TypeError: ${name}: options.title: expected a string; got 10n$`));
      assert.throws(() => call({ title: Symbol("t") }), new RegExp(`${name}: options.title: expected a string; got the symbol Symbol\\(t\\)`));
    });

    it(`${name} names an unknown option and lists the known ones`, () => {
      assert.throws(() => call({ titel: "x" }), new RegExp(`${name}: unknown option "titel"; expected one of .*title`));
    });
  }

  it("checks the size of every chart as pixels", () => {
    for (const [name, call] of calls.filter(([n]) => n !== "confusionMatrix")) {
      assert.throws(() => call({ width: "400" }), new RegExp(`${name}: options.width: expected a number of pixels between 20 and 4000; got "400"`));
    }
  });

  it("checks domains as numeric [min, max] pairs, whatever they hold", () => {
    assert.throws(() => scatterPlot([[0, 0]], { yDomain: 10n as never }), /scatterPlot: options.yDomain: expected \[min, max\] with finite min < max; got 10n/);
    assert.throws(() => linePlot({ name: "a", x: [1], y: [1] }, { xDomain: [1n, 2n] as never }), /linePlot: options.xDomain: expected .*; got \[1n,2n\]/);
    assert.throws(() => contourPlot(f, { x: [0, Infinity], y: [0, 1] }), /contourPlot: options.x: expected \[min, max\] with finite min < max; got \[0,Infinity\]/);
  });

  it("says which options a function plot needs when they are missing", () => {
    assert.throws(() => contourPlot(f, undefined as never), /contourPlot: expected an options object with x: \[min, max\].*, y: .*; got undefined/);
    assert.throws(() => surfacePlot(f, { x: [0, 1] } as never), /surfacePlot: options.y: expected \[min, max\] with finite min < max; got undefined/);
  });

  it("rejects options that are not an object", () => {
    assert.throws(() => linePlot({ name: "a", x: [1], y: [1] }, [] as never), /linePlot: expected an options object; got \[\]/);
    assert.throws(() => confusionMatrix([0], [0], "cats" as never), /confusionMatrix: expected an options object; got "cats"/);
  });
});
