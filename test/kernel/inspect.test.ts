// Tensor inspection and shape printing in real notebooks, executed through the tsdl kernel by nbclient.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Cell, errorOf, resultText, runCells } from "../support/jupyter";

function result(cell: Cell): Record<string, unknown> {
  const r = cell.outputs.find((o) => o.output_type === "execute_result" || o.output_type === "display_data");
  assert.ok(r?.data, `a result expected, got ${JSON.stringify(cell.outputs).slice(0, 500)}`);
  return r.data;
}

describe("tensor inspection and shapes in a notebook", () => {
  const nb = runCells(
    [
      /* 0 */ "const t = tf.tensor2d([[1, 2.5], [3, 4]]);\nt",
      /* 1 */ "inspect(tf.range(0, 6).reshape([2, 3]), { heatmap: true, precision: 2 })",
      /* 2 */ "tf.randomNormal([1000, 1000])",
      /* 3 */ "formatTensor(tf.tensor([1, NaN, -Infinity]))",
      /* 4 */ "tensorStats(tf.tensor([1, 2, 3, 4])).std",
      /* 5 */ "tf.tensor([['a', 'b'], ['c', 'd']])",
      // The wasm backend has no complex kernels, so complex tensors are made on cpu.
      /* 6 */ "const previous = tf.getBackend();\nawait tf.setBackend('cpu');\nconst z = tf.complex([1, -2], [2, 0.5]);\ndisplay(z);\nz.dispose();\nawait tf.setBackend(previous);",
      /* 7 */ "tf.zeros([0, 3])",
      /* 8 */ "showImage(tf.linspace(0, 1, 28 * 28).reshape([28, 28]))",
      /* 9 */ "showImages(tf.zeros([3, 28, 28]), { labels: [1, 2, 3], predictions: [1, 7, 3] })",
      /* 10 */ "const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });\nmodel",
      /* 11 */ [
        "const title = tf.input({ shape: [10], name: 'title' });",
        "const body = tf.input({ shape: [20], name: 'body' });",
        "const merged = tf.layers.concatenate().apply([title, body]) as tf.SymbolicTensor;",
        "const priority = tf.layers.dense({ units: 1, name: 'priority' }).apply(merged) as tf.SymbolicTensor;",
        "const department = tf.layers.dense({ units: 4, name: 'department' }).apply(merged) as tf.SymbolicTensor;",
        "summary(tf.model({ inputs: [title, body], outputs: [priority, department] }))",
      ].join("\n"),
      /* 12 */ "shapeTrace(model, [32, 784])",
      /* 13 */ "explainBroadcast([32, 10], [10])",
      /* 14 */ "explainBroadcast([32, 10], [5])",
      /* 15 */ "explainMatMul([2, 3], [3, 4]).resultShape",
      /* 16 */ "explainReshape([2, 3, 4], [4, -1]).resultShape",
      /* 17 */ "const gone = tf.ones([2]); gone.dispose(); inspect(gone)",
      /* 18 */ "const n0 = tf.memory().numTensors;\nfor (let i = 0; i < 100; i++) { display(t); tensorStats(t); summary(model); shapeTrace(model, [1, 784]); }\nclearOutput();\ntf.memory().numTensors - n0",
    ],
    { allowErrors: true, timeoutSeconds: 180 },
  );
  const c = nb.cells;

  it("runs every cell", () => {
    assert.equal(nb.status, 0, nb.stderr);
  });

  it("shows a tensor as numpy-style text and an HTML view with its facts and stats", () => {
    const data = result(c[0]!);
    assert.equal(data["text/plain"], "Tensor float32 [2,2]\n[[1.  2.5]\n [3.  4. ]]");
    const html = String(data["text/html"]);
    for (const fact of ["ndim 2", "shape [2,2]", "dtype float32", "size 4", "16 B", "backend "]) assert.ok(html.includes(fact), fact);
    assert.match(html, /mean<\/span> <span>2\.625</);
  });

  it("applies explicit options, such as a heatmap", () => {
    assert.match(String(result(c[1]!)["text/html"]), /background-color:rgb\(8,48,107\)/);
  });

  it("summarises a million-element tensor in a few lines", () => {
    const text = String(result(c[2]!)["text/plain"]);
    assert.ok(text.length < 1000, `${text.length} characters`);
    assert.match(text, /^Tensor float32 \[1000,1000\]\n\[\[.*\.\.\./s);
  });

  it("prints NaN and Inf as numpy does", () => {
    assert.equal(resultText(c[3]!), "'[  1.  nan -inf]'");
    assert.match(resultText(c[4]!)!, /^1\.118033/);
  });

  it("prints string, complex and empty tensors", () => {
    assert.equal(result(c[5]!)["text/plain"], "Tensor string [2,2]\n[['a' 'b']\n ['c' 'd']]");
    assert.equal(result(c[6]!)["text/plain"], "Tensor complex64 [2]\n[ 1.+2.j  -2.+0.5j]");
    assert.equal(result(c[7]!)["text/plain"], "Tensor float32 [0,3]\n[]");
  });

  it("shows images as PNG with a text description", () => {
    const one = result(c[8]!);
    assert.ok(typeof one["image/png"] === "string" && String(one["image/png"]).length > 100);
    assert.equal(one["text/plain"], "Image 28×28 greyscale, values 0–1, shown ×5 (140×140 px)");
    const grid = result(c[9]!);
    assert.ok(grid["image/png"]);
    assert.match(String(grid["text/plain"]), /wrong: 1 of 3: #1 \(true 2, pred 7\)/);
  });

  it("shows a model as its Keras-style summary", () => {
    const data = result(c[10]!);
    assert.match(String(data["text/plain"]), /Output Shape[\s\S]*\(None, 512\)[\s\S]*Total params: 407,050/);
    assert.match(String(data["text/html"]), /<table/);
    assert.match(String(result(c[11]!)["text/plain"]), /Connected to[\s\S]*title\w*\[0\]\[0\]/);
  });

  it("traces concrete shapes and explains shape rules", () => {
    assert.match(String(result(c[12]!)["text/plain"]), /\(32, 512\)\s+→\s+\(32, 10\)/);
    assert.match(String(result(c[13]!)["text/plain"]), /b: \(10,\) → \(1, 10\)[\s\S]*Result: \(32, 10\)/);
    const e = errorOf(c[14]!);
    assert.match(e?.evalue ?? "", /cannot broadcast \(32, 10\) with \(5,\): at axis -1/);
    assert.equal(resultText(c[15]!), "[ 2, 4 ]");
    assert.equal(resultText(c[16]!), "[ 4, 6 ]");
  });

  it("explains a disposed tensor instead of crashing", () => {
    assert.match(errorOf(c[17]!)?.evalue ?? "", /expected t to be a live tf\.Tensor; got a disposed float32 tensor/);
  });

  it("leaks no tensors when displaying, summarising and tracing", () => {
    assert.equal(resultText(c[18]!), "0");
  });
});
