// The from-scratch building blocks of the chapters: Saito's functions, layers, two-layer net and gradient
// check; numerical differentiation and gradient descent; Chollet's NaiveDense training loop.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { scratch } from "../../src";
import { CALL_ROWS } from "../../src/scratch/naive";

function close(actual: ArrayLike<number> | number, expected: ArrayLike<number> | number, tolerance = 1e-5): void {
  const a = typeof actual === "number" ? [actual] : Array.from(actual);
  const e = typeof expected === "number" ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, "length");
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]!) <= tolerance, `entry ${i}: ${v} ≠ ${e[i]} (±${tolerance})`));
}

/** Runs f and asserts it leaves no tensor behind. */
function noLeak<T>(f: () => T): T {
  const before = tf.memory().numTensors;
  const result = f();
  assert.equal(tf.memory().numTensors, before, "tensors leaked");
  return result;
}

describe("perceptron", () => {
  it("makes AND, NAND and OR gates from Saito's weights, and XOR from two layers of them", () => {
    const AND = scratch.perceptron([0.5, 0.5], -0.7);
    const NAND = scratch.perceptron([-0.5, -0.5], 0.7);
    const OR = scratch.perceptron([0.5, 0.5], -0.2);
    const inputs: [number, number][] = [[0, 0], [1, 0], [0, 1], [1, 1]];
    assert.deepEqual(inputs.map(([a, b]) => AND(a, b)), [0, 0, 0, 1]);
    assert.deepEqual(inputs.map(([a, b]) => NAND(a, b)), [1, 1, 1, 0]);
    assert.deepEqual(inputs.map(([a, b]) => OR(a, b)), [0, 1, 1, 1]);
    assert.deepEqual(inputs.map(([a, b]) => AND(NAND(a, b), OR(a, b))), [0, 1, 1, 0]);
  });
});

describe("activation and loss functions", () => {
  it("compute step, sigmoid and relu element-wise", () => {
    const x = tf.tensor([-1, 0, 2]);
    close(scratch.stepFunction(x).dataSync(), [0, 0, 1]);
    close(scratch.sigmoid(x).dataSync(), [1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))]);
    close(scratch.relu(x).dataSync(), [0, 0, 2]);
  });

  it("softmax sums to one on each row and does not overflow on large inputs", () => {
    const y = noLeak(() => tf.tidy(() => scratch.softmax(tf.tensor2d([[1010, 1000, 990], [0.3, 2.9, 4.0]])).arraySync() as number[][]));
    close(y[0]!, [0.99995458, 4.5398e-5, 2.06e-9]);
    close(y[1]!, [0.01821127, 0.24519181, 0.73659691]);
  });

  it("sum of squares and cross-entropy match Saito's worked example", () => {
    const t = tf.tensor([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const y = tf.tensor([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]);
    close(scratch.sumSquaresError(y, t).dataSync()[0]!, 0.0975);
    close(scratch.crossEntropyError(y, t).dataSync()[0]!, 0.510825457, 1e-5);
    // The same with an int32 label and a batch of one.
    close(scratch.crossEntropyError(y.reshape([1, 10]), tf.tensor1d([2], "int32")).dataSync()[0]!, 0.510825457, 1e-5);
  });
});

describe("computational-graph layers", () => {
  it("backpropagate Saito's apple example: 2 apples at 100 with 10% tax", () => {
    const mulApple = new scratch.MulLayer();
    const mulTax = new scratch.MulLayer();
    const price = mulTax.forward(mulApple.forward(100, 2), 1.1);
    close(price, 220, 1e-9);
    const [dApplePrice, dTax] = mulTax.backward(1);
    const [dApple, dNum] = mulApple.backward(dApplePrice);
    close([dApple, dNum, dTax], [2.2, 110, 200], 1e-9);
    assert.deepEqual(new scratch.AddLayer().backward(3), [3, 3]);
  });
});

describe("tensor layers", () => {
  it("Relu blocks the gradient where the input was ≤ 0", () => {
    const relu = new scratch.Relu();
    close(relu.forward(tf.tensor([[1, -0.5], [-2, 3]])).dataSync(), [1, 0, 0, 3]);
    close(relu.backward(tf.ones([2, 2])).dataSync(), [1, 0, 0, 1]);
    relu.dispose();
  });

  it("Sigmoid's backward is dout·y·(1 − y)", () => {
    const sig = new scratch.Sigmoid();
    sig.forward(tf.tensor([0]));
    close(sig.backward(tf.tensor([2])).dataSync(), [0.5]);
    sig.dispose();
  });

  it("Affine's backward matches tf.grad of the same computation, and it frees what it caches", () => {
    const W = tf.variable(tf.tensor2d([[1, 2, 3], [4, 5, 6]]));
    const b = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const x = tf.tensor2d([[1, -1], [2, 0.5]]);
    const dout = tf.tensor2d([[1, 0, -1], [2, 1, 0]]);
    const before = tf.memory().numTensors;
    const affine = new scratch.Affine(W, b);
    tf.dispose(affine.forward(x));
    const dx = affine.backward(dout);
    const expected = tf.grads((x: tf.Tensor, w: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), bb), dout)))([x, W, b]);
    close(dx.dataSync(), expected[0]!.dataSync());
    close(affine.dW!.dataSync(), expected[1]!.dataSync());
    close(affine.db!.dataSync(), expected[2]!.dataSync());
    tf.dispose([dx, ...expected]);
    affine.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

  it("Affine rejects a bias that does not fit its weights", () => {
    assert.throws(() => new scratch.Affine(tf.variable(tf.zeros([2, 3])), tf.variable(tf.zeros([2]))), /Affine: expected W \[in,out\] and b \[out\]; got W \[2,3\] and b \[2\]/);
  });

  it("SoftmaxWithLoss's backward is (softmax − one-hot) / N, with labels or one-hot targets", () => {
    const layer = new scratch.SoftmaxWithLoss();
    const x = tf.tensor2d([[1, 2, 3], [0, 0, 0]]);
    const loss = layer.forward(x, tf.tensor1d([2, 0], "int32"));
    const y = scratch.softmax(x).arraySync() as number[][];
    close(loss.dataSync()[0]!, -(Math.log(y[0]![2]!) + Math.log(1 / 3)) / 2);
    const dx = layer.backward().arraySync() as number[][];
    close(dx[0]!, [y[0]![0]! / 2, y[0]![1]! / 2, (y[0]![2]! - 1) / 2]);
    close(dx[1]!, [(1 / 3 - 1) / 2, 1 / 6, 1 / 6]);
    layer.forward(x, tf.tensor2d([[0, 0, 1], [1, 0, 0]]));
    close((layer.backward().arraySync() as number[][])[1]!, dx[1]!);
    layer.dispose();
  });
});

describe("numerical differentiation", () => {
  it("central differences are far more accurate than forward ones for the same h", () => {
    const f = (x: number) => 0.01 * x * x + 0.1 * x;
    const exact = 0.02 * 5 + 0.1;
    const central = Math.abs(scratch.numericalDiff(f, 5, { h: 1e-4 }) - exact);
    const forward = Math.abs(scratch.numericalDiff(f, 5, { h: 1e-4, method: "forward" }) - exact);
    assert.ok(central < 1e-9, `central error ${central}`);
    assert.ok(forward > 100 * central, `forward error ${forward} vs central ${central}`);
    assert.throws(() => scratch.numericalDiff(f, 1, { h: 0 }), /numericalDiff: options.h: expected a number > 0; got 0/);
  });

  it("numericalGradient of x0² + x1² at (3, 4) is (6, 8)", () => {
    close(scratch.numericalGradient(([a, b]) => a! * a! + b! * b!, [3, 4]), [6, 8], 1e-6);
  });

  it("gradient descent reaches the minimum of x0² + x1², diverges with a large learning rate and stalls with a tiny one", () => {
    const f = ([a, b]: [number, number]) => a * a + b * b;
    const dist = (p: [number, number]) => Math.hypot(p[0], p[1]);
    const good = scratch.gradientDescent(f, [-3, 4], { learningRate: 0.1, steps: 100 });
    assert.equal(good.length, 101);
    assert.deepEqual(good[0], [-3, 4]);
    assert.ok(dist(good.at(-1)!) < 1e-6);
    assert.ok(dist(scratch.gradientDescent(f, [-3, 4], { learningRate: 1.1, steps: 20 }).at(-1)!) > 100);
    assert.ok(dist(scratch.gradientDescent(f, [-3, 4], { learningRate: 1e-4, steps: 100 }).at(-1)!) > 4.8);
  });

  it("momentum carries gradient descent along a shallow valley faster", () => {
    const f = ([a, b]: [number, number]) => a * a / 20 + b * b;
    const plain = scratch.gradientDescent(f, [-7, 2], { learningRate: 0.1, steps: 30 }).at(-1)!;
    const momentum = scratch.gradientDescent(f, [-7, 2], { learningRate: 0.1, steps: 30, momentum: 0.9 }).at(-1)!;
    assert.ok(Math.abs(momentum[0]) < Math.abs(plain[0]), `momentum ${momentum} vs plain ${plain}`);
  });

  it("numericalGradientOf a variable matches the exact float32 gradient and restores the variable", () => {
    const v = tf.variable(tf.tensor1d([0.5, -1.5, 2]));
    const g = noLeak(() => scratch.numericalGradientOf(() => tf.sum(tf.mul(v, v)) as tf.Scalar, v, { h: 1e-2 }));
    close(g, [1, -3, 4], 1e-3);
    close(v.dataSync(), [0.5, -1.5, 2], 0);
    close(scratch.numericalGradientOf(() => tf.sum(tf.mul(v, v)) as tf.Scalar, v, { indices: [2] }), [4], 1e-3);
  });
});

describe("TwoLayerNet", () => {
  const x = tf.tidy(() => tf.randomUniform([4, 20], 0, 1, "float32", 7));
  const t = tf.tensor1d([0, 3, 1, 3], "int32");

  it("backprop agrees with numerical gradients within the documented float32 bound (h = 1e-3, relative < 1e-2)", () => {
    for (const seed of [1, 2, 3]) {
      const net = new scratch.TwoLayerNet({ inputSize: 20, hiddenSize: 8, outputSize: 4, weightInitStd: 0.1, seed });
      const check = scratch.gradientCheck(net, x, t);
      assert.deepEqual(check.rows.map((r) => [r.param, r.checked]), [["W1", 160], ["b1", 8], ["W2", 32], ["b2", 4]]);
      assert.ok(check.maxRelativeDifference < 1e-2, `seed ${seed}: ${check.maxRelativeDifference}`);
      net.dispose();
    }
  });

  it("the gradient check catches a backward pass that is off by a factor", () => {
    const net = new scratch.TwoLayerNet({ inputSize: 20, hiddenSize: 8, outputSize: 4, weightInitStd: 0.1, seed: 1 });
    const original = net.lastLayer.backward.bind(net.lastLayer);
    net.lastLayer.backward = () => tf.tidy(() => tf.mul(original(1), 2));
    assert.ok(scratch.gradientCheck(net, x, t).maxRelativeDifference > 0.3);
    net.dispose();
  });

  it("checks a sample of entries when asked, and displays its report as a table", () => {
    const net = new scratch.TwoLayerNet({ inputSize: 20, hiddenSize: 8, outputSize: 4, weightInitStd: 0.1, seed: 1 });
    const check = scratch.gradientCheck(net, x, t, { maxEntriesPerParam: 10 });
    assert.deepEqual(check.rows.map((r) => r.checked), [10, 8, 10, 4]);
    const bundle = check[Symbol.for("Jupyter.display") as never] as unknown as () => Record<string, string>;
    assert.match(bundle.call(check)["text/plain"]!, /Gradient check \(central difference, h = 0\.001, float32\): max relative difference/);
    net.dispose();
  });

  it("learns: a few hundred SGD steps lower the loss and leak no tensors", () => {
    const net = new scratch.TwoLayerNet({ inputSize: 20, hiddenSize: 8, outputSize: 4, seed: 1 });
    const lossOf = () => tf.tidy(() => net.loss(x, t).dataSync()[0]!);
    const first = lossOf();
    tf.tidy(() => net.update(net.gradient(x, t), 0.5));
    const before = tf.memory().numTensors; // the layers now hold their caches and gradients
    for (let i = 0; i < 300; i++) tf.tidy(() => net.update(net.gradient(x, t), 0.5));
    assert.equal(tf.memory().numTensors, before);
    assert.ok(lossOf() < first / 4, `loss ${first} → ${lossOf()}`);
    assert.equal(net.accuracy(x, t), 1);
    net.dispose();
  });
});

describe("Chollet's naive re-implementation", () => {
  it("BatchGenerator walks the data in batches, the last one smaller, and names a count mismatch", () => {
    const gen = new scratch.BatchGenerator(tf.range(0, 10).reshape([5, 2]), tf.range(0, 5), 2);
    assert.equal(gen.numBatches, 3);
    const sizes = [0, 1, 2].map(() => {
      const [x, y] = gen.next();
      const size = [x.shape[0], y.shape[0]];
      tf.dispose([x, y]);
      return size;
    });
    assert.deepEqual(sizes, [[2, 2], [2, 2], [1, 1]]);
    assert.throws(() => gen.next(), /all 3 batches were already read/);
    assert.throws(() => new scratch.BatchGenerator(tf.zeros([3, 2]), tf.zeros([2])), /expected as many images as labels; got 3 images and 2 labels/);
  });

  it("NaiveSequential of NaiveDense layers outputs probabilities of the right shape", () => {
    const model = new scratch.NaiveSequential([new scratch.NaiveDense(6, 5, tf.relu), new scratch.NaiveDense(5, 3, tf.softmax)]);
    assert.equal(model.weights.length, 4);
    const y = model.call(tf.ones([2, 6]));
    assert.deepEqual(y.shape, [2, 3]);
    close(tf.sum(y, 1).dataSync(), [1, 1]);
    model.dispose();
  });

  it("NaiveSequential runs more rows than CALL_ROWS in blocks, with the same outputs and gradients as in one pass, and leaks nothing", () => {
    const model = new scratch.NaiveSequential([new scratch.NaiveDense(6, 5, tf.relu), new scratch.NaiveDense(5, 3, tf.softmax)]);
    const rows = 2 * CALL_ROWS + 7;
    const inputs = tf.tidy(() => tf.randomUniform([rows, 6], 0, 1, "float32", 4));
    const before = tf.memory().numTensors;
    const blocked = model.call(inputs);
    assert.equal(tf.memory().numTensors, before + 1, "only the output stays");
    const whole = tf.tidy(() => model.layers.reduce((x, layer) => layer.call(x), inputs));
    assert.deepEqual(blocked.shape, [rows, 3]);
    close(blocked.dataSync(), whole.dataSync());
    const loss = (f: () => tf.Tensor) => tf.variableGrads(() => tf.mean(f()) as tf.Scalar, model.weights);
    const [a, b] = [loss(() => model.call(inputs).slice([0, 0], [-1, 1])), loss(() => model.layers.reduce((x, layer) => layer.call(x), inputs).slice([0, 0], [-1, 1]))];
    for (const w of model.weights) close(a.grads[w.name]!.dataSync(), b.grads[w.name]!.dataSync());
    tf.dispose([blocked, whole, inputs, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
    model.dispose();
  });

  it("naiveFit lowers the loss with one training step per batch and leaks no tensors", () => {
    const model = new scratch.NaiveSequential([new scratch.NaiveDense(6, 16, tf.relu), new scratch.NaiveDense(16, 3, tf.softmax)]);
    const images = tf.tidy(() => tf.randomUniform([60, 6], 0, 1, "float32", 3));
    const labels = tf.tidy(() => tf.argMax(images.slice([0, 0], [-1, 3]), 1));
    const logged: number[] = [];
    const before = tf.memory().numTensors;
    const losses = scratch.naiveFit(model, images, labels, { epochs: 30, batchSize: 16, learningRate: 0.5, onLog: (_e, _b, l) => logged.push(l) });
    assert.equal(tf.memory().numTensors, before);
    assert.equal(losses.length, 30 * 4);
    assert.equal(logged.length, 30);
    assert.ok(losses.at(-1)! < losses[0]! / 2, `loss ${losses[0]} → ${losses.at(-1)}`);
    model.dispose();
  });
});

describe("Chollet's naive tensor operations", () => {
  it("naiveRelu and naiveAdd agree with tf.relu and tf.add and leave their inputs unchanged", () => {
    const x = [[1, -2, 3], [-4, 5, -6]];
    const y = [[0.5, 0.5, 0.5], [1, 1, 1]];
    assert.deepEqual(scratch.naiveRelu(x), tf.relu(tf.tensor2d(x)).arraySync());
    assert.deepEqual(scratch.naiveAdd(x, y), tf.add(tf.tensor2d(x), tf.tensor2d(y)).arraySync());
    assert.deepEqual(x, [[1, -2, 3], [-4, 5, -6]]);
    assert.throws(() => scratch.naiveAdd(x, [[1]]), /naiveAdd: expected x and y of the same shape; got \[2,3\] and \[1,1\]/);
  });

  it("naiveMatrixDot follows the rule (a,b)·(b,c) → (a,c)", () => {
    assert.deepEqual(scratch.naiveMatrixDot([[1, 2, 3], [4, 5, 6]], [[1, 0], [0, 1], [1, 1]]), [[4, 5], [10, 11]]);
    assert.throws(() => scratch.naiveMatrixDot([[1, 2]], [[1, 2]]), /expected x's columns \(2\) to equal y's rows \(1\)/);
  });
});
