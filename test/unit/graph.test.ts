// computationGraph: the spec checked, the DOT it lays out, and the picture drawn from Graphviz's layout.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import { displaySymbol } from "../../src/display";
import { computationGraph } from "../../src/graph";
import { graphDot } from "../../src/graph/dot";
import { graphModel } from "../../src/graph/spec";

const APPLE = {
  title: "2 apples, 10% tax",
  nodes: [{ id: "mul1", label: "×" }, { id: "mul2", label: "×" }],
  edges: [
    { from: "apple", to: "mul1", forward: 100, backward: 2.2 },
    { from: "apple count", to: "mul1", forward: 2, backward: 110 },
    { from: "mul1", to: "mul2", forward: 200, backward: 1.1 },
    { from: "tax", to: "mul2", forward: 1.1, backward: 200 },
    { from: "mul2", to: "price", forward: 220.00000000000003, backward: 1 },
  ],
};

describe("computationGraph", () => {
  it("completes the spec: ids only the edges name are values, listed nodes are operations, numbers read as the book prints them", () => {
    const model = graphModel(APPLE);
    assert.deepEqual(model.nodes.map((n) => [n.id, n.label, n.kind]), [
      ["mul1", "×", "op"], ["mul2", "×", "op"], ["apple", "apple", "value"], ["apple count", "apple count", "value"], ["tax", "tax", "value"], ["price", "price", "value"],
    ]);
    assert.equal(model.edges[4]!.forward, "220");
  });

  it("lays out left to right, each arrow with values through a box sized for the value above and the gradient below", () => {
    const dot = graphDot(graphModel(APPLE));
    assert.match(dot, /rankdir=LR/);
    assert.match(dot, /n2 \[shape=plaintext, label="apple"\]/);
    assert.match(dot, /n0 \[shape=circle, label="×", width=0\.55\]/);
    assert.match(dot, /m0 \[shape=box, style=invis, fixedsize=true, label="", width=[\d.]+, height=0\.556\]/);
    assert.match(dot, /n2 -> m0:w \[arrowhead=none\];\n {2}m0:e -> n0;/);
  });

  it("draws a PNG with a text summary of every arrow, as one bundle", async () => {
    const graph = await computationGraph(APPLE);
    const bundle = graph[displaySymbol]();
    assert.deepEqual(Object.keys(bundle).sort(), ["image/png", "text/plain"]);
    const png = PNG.sync.read(Buffer.from(bundle["image/png"] as Uint8Array));
    assert.ok(png.width > 600 && png.height > 200, `${png.width}×${png.height}`);
    assert.equal(
      bundle["text/plain"],
      [
        'Computation graph "2 apples, 10% tax": 6 nodes, 5 arrows',
        "  apple → ×: forward 100, backward 2.2",
        "  apple count → ×: forward 2, backward 110",
        "  × → ×: forward 200, backward 1.1",
        "  tax → ×: forward 1.1, backward 200",
        "  × → price: forward 220, backward 1",
      ].join("\n"),
    );
    assert.match(graph.svg, /<text [^>]*fill="#d1242f">2\.2<\/text>/, "gradients are drawn in red");
    assert.match(graph.svg, /<circle /);
  });

  it("draws layers as boxes, parallel arrows apart, and labels of several lines", async () => {
    const graph = await computationGraph({
      nodes: [{ id: "softmax", label: "Softmax", kind: "layer" }, { id: "loss", label: "Cross Entropy\nError", kind: "layer" }],
      edges: [
        { from: "softmax", to: "loss", forward: "y1", backward: "−t1/y1" },
        { from: "softmax", to: "loss", forward: "y2", backward: "−t2/y2" },
        { from: "t1", to: "loss" },
        { from: "loss", to: "L", forward: "L", backward: 1 },
      ],
    });
    const ys = [...graph.svg.matchAll(/<text x="[\d.]+" y="([\d.]+)"[^>]*>y[12]<\/text>/g)].map((m) => Number(m[1]));
    assert.equal(ys.length, 2);
    assert.ok(Math.abs(ys[0]! - ys[1]!) > 30, `the values of parallel arrows stand apart: ${ys}`);
    assert.match(graph.svg, /<rect x=[^>]*rx="6"/);
    assert.match(graph.svg, />Cross Entropy<\/text>\n<text [^>]*>Error<\/text>/);
  });

  it("refuses a bad spec with an error naming the argument", async () => {
    await assert.rejects(() => computationGraph({ edges: [] }), /computationGraph: expected edges to be a non-empty array/);
    await assert.rejects(() => computationGraph({ edges: [{ from: "a", to: 3 as never }] }), /computationGraph: expected edges\[0\] to be \{ from, to, forward\?, backward\? \}/);
    await assert.rejects(() => computationGraph({ nodes: [{ id: "a" }, { id: "a" }], edges: [{ from: "a", to: "b" }] }), /nodes\[1\] repeats the id "a"/);
    await assert.rejects(() => computationGraph({ nodes: [{ id: "a", kind: "circle" as never }], edges: [{ from: "a", to: "b" }] }), /nodes\[0\]\.kind to be one of "value", "op", "layer"; got "circle"/);
    await assert.rejects(() => computationGraph({ edges: [{ from: "a", to: "b", forward: NaN }] }), /edges\[0\]\.forward to be a string or a finite number; got NaN/);
  });
});
