import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { displaySymbol } from "../../src/display";
import { shapeTrace, summary } from "../../src/shapes";

/** DLwP chapter 2's MNIST network. */
function mnistModel(): tf.Sequential {
  return tf.sequential({
    layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784], name: "hidden" }), tf.layers.dense({ units: 10, activation: "softmax", name: "output" })],
  });
}

/** The two-input, two-output model of the Keras functional API introductions. */
function ticketModel(): tf.LayersModel {
  const title = tf.input({ shape: [10], name: "title" });
  const text = tf.input({ shape: [20], name: "text_body" });
  const features = tf.layers.concatenate({ name: "features" }).apply([title, text]) as tf.SymbolicTensor;
  const hidden = tf.layers.dense({ units: 64, activation: "relu", name: "hidden_f" }).apply(features) as tf.SymbolicTensor;
  const priority = tf.layers.dense({ units: 1, activation: "sigmoid", name: "priority" }).apply(hidden) as tf.SymbolicTensor;
  const department = tf.layers.dense({ units: 4, activation: "softmax", name: "department" }).apply(hidden) as tf.SymbolicTensor;
  return tf.model({ inputs: [title, text], outputs: [priority, department], name: "tickets" });
}

describe("summary", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("lists a Sequential model's layers, output shapes and params, then the totals", () => {
    const m = mnistModel();
    const s = summary(m);
    assert.deepEqual(
      s.rows.map((r) => [r.name, r.type, r.outputShape, r.params]),
      [
        ["hidden", "Dense", "(None, 512)", 401920],
        ["output", "Dense", "(None, 10)", 5130],
      ],
    );
    const text = s.toString();
    assert.match(text, /^Model: "/);
    assert.match(text, /Layer \(type\)\s+Output Shape\s+Param #/);
    assert.match(text, /hidden \(Dense\)\s+\(None, 512\)\s+401,920/);
    assert.match(text, /Total params: 407,050 \(1\.55 MB\)\nTrainable params: 407,050 \(1\.55 MB\)\nNon-trainable params: 0/);
    assert.doesNotMatch(text, /Connected to/);
    assert.equal(s.totalParams, m.countParams());
    m.dispose();
  });

  it("lists a functional model's inputs and what each layer is connected to", () => {
    const m = ticketModel();
    const s = summary(m);
    assert.equal(s.sequential, false);
    const byName = Object.fromEntries(s.rows.map((r) => [r.name, r]));
    assert.deepEqual(s.rows.filter((r) => r.type === "InputLayer").map((r) => r.outputShape), ["(None, 10)", "(None, 20)"]);
    assert.match(byName.features!.connectedTo.join(" "), /^title\w*\[0\]\[0\] text_body\w*\[0\]\[0\]$/);
    assert.equal(byName.features!.outputShape, "(None, 30)");
    assert.deepEqual(byName.department!.connectedTo, ["hidden_f[0][0]"]);
    const text = s.toString();
    assert.match(text, /Connected to/);
    assert.match(text, /features \(Concatenate\)\s+\(None, 30\)\s+0\s+title\w*\[0\]\[0\]\n\s+text_body\w*\[0\]\[0\]/);
    assert.equal(s.totalParams, m.countParams());
    m.dispose();
  });

  it("counts frozen layers as non-trainable", () => {
    const m = mnistModel();
    m.layers[0]!.trainable = false;
    const s = summary(m);
    assert.deepEqual([s.trainableParams, s.nonTrainableParams], [5130, 401920]);
    m.dispose();
  });

  it("displays as text and an HTML table, and is every model's default display", () => {
    const m = mnistModel();
    const b = summary(m)[displaySymbol]();
    assert.match(String(b["text/html"]), /<table.*Layer \(type\).*hidden.*Dense.*401,920/s);
    assert.match(String(b["text/html"]), /Total params:<\/span> <b>407,050/);
    m.dispose();
  });

  it("rejects things that are not models", () => {
    assert.throws(() => summary({} as never), /summary: expected model to be a tf\.LayersModel \(made by tf\.sequential or tf\.model\); got an object/);
    const t = tf.zeros([1]);
    assert.throws(() => summary(t as never), /got a float32 tensor of shape \[1\]/);
    t.dispose();
  });
});

describe("shapeTrace", () => {
  before(async () => {
    await tf.setBackend("cpu");
  });

  it("gives every layer's concrete output shape for an input shape", () => {
    const m = mnistModel();
    const trace = shapeTrace(m, [32, 784]);
    assert.deepEqual(
      trace.rows.map((r) => [r.name, r.inputShapes, r.outputShapes]),
      [
        [m.inputs[0]!.sourceLayer.name, [], [[32, 784]]],
        ["hidden", [[32, 784]], [[32, 512]]],
        ["output", [[32, 512]], [[32, 10]]],
      ],
    );
    assert.deepEqual(trace.outputShapes, [[32, 10]]);
    m.dispose();
  });

  it("runs a real input tensor through a convolutional network", () => {
    const m = tf.sequential({
      layers: [
        tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1], name: "conv" }),
        tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }),
        tf.layers.flatten({ name: "flat" }),
        tf.layers.dense({ units: 10, name: "logits" }),
      ],
    });
    const x = tf.zeros([2, 28, 28, 1]);
    const trace = shapeTrace(m, x);
    assert.deepEqual(
      trace.rows.slice(1).map((r) => r.outputShapes[0]),
      [
        [2, 26, 26, 8],
        [2, 13, 13, 8],
        [2, 1352],
        [2, 10],
      ],
    );
    assert.match(trace.toString(), /pool \(MaxPooling2D\)\s+\(2, 26, 26, 8\)\s+→\s+\(2, 13, 13, 8\)/);
    assert.equal(x.isDisposed, false, "the caller's tensor is left alone");
    assert.match(trace.toString(), /running the model once on the input/);
    const fromShape = shapeTrace(m, [2, 28, 28, 1]);
    assert.match(fromShape.toString(), /computeOutputShape: no data was run/);
    assert.deepEqual(fromShape.rows, trace.rows, "shape rules and a real run agree");
    x.dispose();
    m.dispose();
  });

  it("adds a batch axis to a single example's shape and says so", () => {
    const m = mnistModel();
    const trace = shapeTrace(m, [784]);
    assert.deepEqual(trace.outputShapes, [[1, 10]]);
    assert.match(trace.toString(), /added a batch axis of 1/);
    m.dispose();
  });

  it("traces a functional model with two inputs and two outputs", () => {
    const m = ticketModel();
    const trace = shapeTrace(m, [[5, 10], [5, 20]]);
    const byName = Object.fromEntries(trace.rows.map((r) => [r.name, r]));
    assert.deepEqual(byName.features!.inputShapes, [[5, 10], [5, 20]]);
    assert.deepEqual(byName.features!.outputShapes, [[5, 30]]);
    assert.deepEqual(byName.priority!.outputShapes, [[5, 1]]);
    assert.deepEqual(byName.department!.outputShapes, [[5, 4]]);
    m.dispose();
  });

  it("traces a model used as a layer of another model, and refuses shared layers clearly", () => {
    const block = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [3] }), tf.layers.batchNormalization()] });
    const x = tf.input({ shape: [3] });
    const outer = tf.model({ inputs: x, outputs: tf.layers.dense({ units: 2 }).apply(block.apply(x)) as tf.SymbolicTensor });
    assert.deepEqual(shapeTrace(outer, [5, 3]).rows.map((r) => r.outputShapes[0]), [[5, 3], [5, 4], [5, 2]]);
    assert.deepEqual(summary(outer).nonTrainableParams, 8, "batch-norm moving statistics");
    const shared = tf.layers.dense({ units: 3, name: "twice" });
    const a = tf.input({ shape: [3] });
    const twice = tf.model({ inputs: a, outputs: shared.apply(shared.apply(a)) as tf.SymbolicTensor });
    assert.throws(() => shapeTrace(twice, [1, 3]), /layer "twice" is called several times in this model/);
    for (const m of [outer, twice]) m.dispose();
  });

  it("traces an empty batch", () => {
    const m = mnistModel();
    const x = tf.zeros([0, 784]);
    assert.deepEqual(shapeTrace(m, x).rows.at(-1)!.outputShapes[0], [0, 10]);
    x.dispose();
    m.dispose();
  });

  it("names a disposed model and a string input, instead of failing inside the layers", () => {
    const m = mnistModel();
    m.dispose();
    assert.throws(() => shapeTrace(m, [32, 784]), /shapeTrace: expected model to be a live tf\.LayersModel; got model "\w+", which was disposed/);
    const live = mnistModel();
    const words = tf.fill([2, 784], "a", "string");
    assert.throws(() => shapeTrace(live, words), /shapeTrace: expected input 0 to be a numeric tensor; got a string tensor of shape \(2, 784\)/);
    words.dispose();
    live.dispose();
  });

  it("names the axis that does not fit the model's input", () => {
    const m = mnistModel();
    assert.throws(() => shapeTrace(m, [32, 28 * 28 + 1]), /expects shape \(None, 784\); got \(32, 785\): axis 1 should be 784, not 785/);
    assert.throws(() => shapeTrace(m, [32, 28, 28]), /expects shape \(None, 784\) \(rank 2\); got \(32, 28, 28\) \(rank 3\)/);
    const two = ticketModel();
    assert.throws(() => shapeTrace(two, [5, 10]), /has 2 inputs \(title\w*, text_body\w*\); got 1/);
    m.dispose();
    two.dispose();
  });
});
