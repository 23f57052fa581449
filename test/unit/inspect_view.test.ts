import assert from "node:assert/strict";
import { inspect as nodeInspect } from "node:util";
import { after, before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol } from "../../src/display";
import { formatTensor, inspect, setPrintOptions, tensorConsoleText, tensorHeader } from "../../src/inspect";
import "../../src/registerDisplays";

function bundle(t: tf.Tensor, options = {}) {
  const b = inspect(t, options)[displaySymbol]();
  return { text: String(b["text/plain"]), html: String(b["text/html"]) };
}

describe("a tensor's default display", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("starts its text with a header of dtype and shape, then numpy's text", () => {
    const t = tf.tensor2d([[1, 2.5, 3], [4, 5, 6]]);
    assert.equal(bundle(t).text, "Tensor float32 [2,3]\n[[1.  2.5 3. ]\n [4.  5.  6. ]]");
    assert.equal(tensorHeader(t), "Tensor float32 [2,3]");
    t.dispose();
  });

  it("is what every tf.Tensor shows as a cell's last value", () => {
    const t = tf.tensor1d([1, 2, 3], "int32");
    const own = (t as unknown as { [displaySymbol](): Record<string, unknown> })[displaySymbol]();
    assert.equal(own["text/plain"], "Tensor int32 [3]\n[1 2 3]");
    t.dispose();
  });

  it("is what console.log prints for a tensor, even a disposed one", () => {
    const t = tf.tensor1d([1, 2.5]);
    assert.equal(nodeInspect(t), "Tensor float32 [2]\n[1.  2.5]");
    assert.equal(nodeInspect([t]), "[\n  Tensor float32 [2]\n  [1.  2.5]\n]");
    t.dispose();
    assert.equal(nodeInspect(t), "Tensor float32 [2] (disposed)");
  });

  it("shows ndim, shape, dtype, size, bytes and backend in the HTML header", () => {
    const t = tf.zeros([2, 3]);
    const { html } = bundle(t);
    for (const fact of ["ndim 2", "shape [2,3]", "dtype float32", "size 6", "24 B", "backend cpu"]) assert.ok(html.includes(fact), `${fact} in ${html.slice(0, 400)}`);
    t.dispose();
  });

  it("shows min, max, mean, std and NaN/Inf counts in the HTML", () => {
    const t = tf.tensor1d([1, 2, 3, NaN, Infinity]);
    const { html } = bundle(t);
    assert.match(html, /min<\/span> <span>1</);
    assert.match(html, /max<\/span> <span>3</);
    assert.match(html, /mean<\/span> <span>2</);
    assert.match(html, /std<\/span> <span>0\.816497</);
    assert.match(html, /NaN<\/span> <span[^>]*>1</);
    assert.match(html, /±Inf<\/span> <span[^>]*>1 \(\+1/);
    t.dispose();
  });

  it("leaves stats out with { stats: false }", () => {
    const t = tf.ones([2]);
    assert.doesNotMatch(bundle(t, { stats: false }).html, /mean/);
    t.dispose();
  });

  it("shows a table of values for a matrix, with row and column indices", () => {
    const t = tf.tensor2d([[1, 2], [3, 4]], undefined, "int32");
    const { html } = bundle(t);
    assert.equal((html.match(/<tr>/g) ?? []).length, 3, "a header row and two rows");
    assert.match(html, />4<\/td>/);
    t.dispose();
  });

  it("shows ellipses in the table of a summarised matrix and keeps the text short", () => {
    const t = tf.randomNormal([1000, 1000]);
    const { text, html } = bundle(t);
    assert.ok(text.length < 1200, `text is ${text.length} characters`);
    assert.match(text, /\.\.\./);
    assert.ok(html.includes("⋮") && html.includes("…"), "row and column ellipses");
    assert.equal((html.match(/<td /g) ?? []).length, 7 * 7, "6×6 values plus an ellipsis row and column");
    assert.match(html, /1,000,000 elements/);
    t.dispose();
  });

  it("shows fewer edge items of a large high-rank tensor, so that the text stays short", () => {
    const t = tf.zeros([7, 7, 7, 7, 7], "int32");
    const count = (text: string) => (text.split("\n").slice(1).join(" ").match(/\d+/g) ?? []).length;
    const { text } = bundle(t);
    assert.equal(count(text), 4 ** 5, "2 items at each end of every axis");
    assert.equal(count(inspect(t, { edgeItems: 3 }).toString()), 6 ** 5, "an explicit edgeItems is kept");
    t.dispose();
  });

  it("shows one table per leading-axis slice for rank 3 and more", () => {
    const t = tf.range(0, 24).reshape([2, 3, 4]);
    const { html } = bundle(t);
    assert.ok(html.includes("[0, :, :]") && html.includes("[1, :, :]"));
    assert.equal((html.match(/<table/g) ?? []).length, 2);
    t.dispose();
  });

  it("limits the number of slices of a large rank-4 tensor", () => {
    const t = tf.zeros([10, 10, 4, 4]);
    const { html } = bundle(t);
    assert.equal((html.match(/<table/g) ?? []).length, 6);
    assert.match(html, /more slices/);
    t.dispose();
  });

  it("colours matrix cells by value with { heatmap: true }", () => {
    const t = tf.tensor2d([[0, 1], [2, 3]]);
    const { html } = bundle(t, { heatmap: true });
    assert.match(html, /background-color:rgb\(247,251,255\)[^>]*>0\.</, "the smallest value is lightest");
    assert.match(html, /background-color:rgb\(8,48,107\);color:#fff[^>]*>3\.</, "the largest value is darkest, with white text");
    assert.doesNotMatch(bundle(t).html, /background-color:rgb/, "no colours by default");
    t.dispose();
  });

  it("takes its defaults from setPrintOptions, as numpy's set_printoptions, until they are reset", () => {
    const t = tf.tensor1d([Math.PI, 1]);
    try {
      assert.equal(setPrintOptions({ precision: 3 }).precision, 3);
      assert.equal(formatTensor(t), "[3.142 1.   ]");
      assert.equal(formatTensor(t, { precision: 1 }), "[3.1 1. ]", "explicit options still win");
      assert.throws(() => setPrintOptions({ threshold: -1 }), /setPrintOptions: expected options\.threshold/);
    } finally {
      setPrintOptions();
    }
    assert.equal(formatTensor(t), "[3.1415927 1.       ]");
    t.dispose();
  });

  it("applies precision, threshold and edgeItems", () => {
    const t = tf.tensor1d([Math.PI, Math.E, 1, 2, 3, 4, 5]);
    assert.equal(formatTensor(t, { precision: 2, threshold: 5, edgeItems: 1 }), "[3.14 ... 5.  ]");
    t.dispose();
  });
});

describe("every dtype and rank displays", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  const dtypes = ["float32", "int32", "bool", "string", "complex64"] as const;
  const make = (dtype: (typeof dtypes)[number], shape: number[]): tf.Tensor => {
    const n = shape.reduce((a, b) => a * b, 1);
    if (dtype === "string") return tf.tensor(Array.from({ length: n }, (_, i) => `s${i}`), shape, "string");
    if (dtype === "complex64") return tf.tidy(() => tf.complex(tf.range(0, n).reshape(shape), tf.fill(shape, -1)));
    if (dtype === "bool") return tf.tidy(() => tf.cast(tf.range(0, n).mod(2).reshape(shape), "bool"));
    return tf.tidy(() => tf.cast(tf.range(0, n).reshape(shape), dtype));
  };
  for (const dtype of dtypes) {
    for (let rank = 0; rank <= 5; rank++) {
      it(`${dtype} rank ${rank}`, () => {
        const shape = Array.from({ length: rank }, (_, i) => 2 + (i % 2));
        const t = make(dtype, shape);
        const { text, html } = bundle(t);
        assert.ok(text.startsWith(`Tensor ${dtype} [${shape.join(",")}]\n`));
        const body = text.split("\n").slice(1).join("\n");
        assert.equal((body.match(/\[/g) ?? []).length, rank === 0 ? 0 : (body.match(/\]/g) ?? []).length, "balanced brackets");
        if (rank === 0) assert.doesNotMatch(body, /\[/);
        assert.ok(html.includes(`dtype ${dtype}`));
        if (dtype === "complex64") assert.match(body, /j/);
        if (dtype === "string") assert.match(body, /'s0'/);
        if (dtype === "bool") assert.match(body, /False/);
        t.dispose();
      });
    }
  }

  it("shows an empty [0,3] tensor as [] with its shape", () => {
    const t = tf.zeros([0, 3]);
    const { text, html } = bundle(t);
    assert.equal(text, "Tensor float32 [0,3]\n[]");
    assert.match(html, /empty/);
    assert.match(html, /min<\/span> <span>—/);
    t.dispose();
  });
});

describe("inspect's errors say what was expected and what it got", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });
  after(() => undefined);

  it("rejects a disposed tensor", () => {
    const t = tf.ones([2, 3]);
    t.dispose();
    assert.throws(() => inspect(t), /inspect: expected t to be a live tf\.Tensor; got a disposed float32 tensor of shape \[2,3\]/);
    assert.throws(() => formatTensor(t), /formatTensor: expected t to be a live tf\.Tensor/);
  });

  it("rejects a tensor disposed after inspect was called, when it is displayed", () => {
    const t = tf.ones([2]);
    const view = inspect(t);
    t.dispose();
    assert.throws(() => view[displaySymbol](), /disposed/);
  });

  it("rejects values that are not tensors, suggesting tf.tensor for arrays", () => {
    assert.throws(() => inspect([1, 2, 3] as never), /inspect: expected t to be a tf\.Tensor; got \[1,2,3\] \(wrap it: tf\.tensor\(t\)\)/);
    assert.throws(() => inspect(42 as never), /got 42/);
    assert.throws(() => formatTensor(undefined as never), /got undefined/);
  });

  it("gives a disposed tensor's header and console text, and names anything that is not a tensor", () => {
    const t = tf.ones([2, 2]);
    t.dispose();
    assert.equal(tensorHeader(t), "Tensor float32 [2,2]");
    assert.equal(tensorConsoleText(t), "Tensor float32 [2,2] (disposed)");
    assert.throws(() => tensorHeader(undefined as never), /tensorHeader: expected t to be a tf\.Tensor; got undefined/);
    assert.throws(() => tensorHeader(tf.sequential() as never), /tensorHeader: expected t to be a tf\.Tensor; got a Sequential/);
    assert.throws(() => tensorConsoleText(null as never), /tensorConsoleText: expected t to be a tf\.Tensor; got null/);
  });

  it("prints every element of a large tensor when the threshold allows it", () => {
    const t = tf.fill([150_000], 0.5);
    assert.equal(formatTensor(t, { threshold: 1e6 }).split("0.5").length - 1, 150_000);
    t.dispose();
  });

  it("rejects bad options by name", () => {
    const t = tf.ones([2]);
    assert.throws(() => inspect(t, { precision: -1 }), /options\.precision to be an integer ≥ 0; got -1/);
    assert.throws(() => inspect(t, { edgeItems: 0 }), /options\.edgeItems/);
    assert.throws(() => inspect(t, { heatmap: "yes" as never }), /options\.heatmap to be true or false/);
    assert.throws(() => inspect(t, { precison: 3 } as never), /unknown option "precison"/);
    t.dispose();
  });
});
