// The kernels tsdl registers for the wasm backend compute what the cpu backend computes.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { columnSumsSimd } from "../../src/backend/wasm/columnSumKernel";
import { DEFER_MIN_SIZE } from "../../src/backend/wasm/deferredCast";
import { elementwiseSimd } from "../../src/backend/wasm/elementwiseSimd";
import { gemmInfo } from "../../src/backend/wasm/gemmKernel";
import { gemmOn } from "../../src/backend/wasm/gemmSimd";
import { heapMemory } from "../../src/backend/wasm/heap";
import { packLeftFactor } from "../../src/backend/wasm/matmulKernels";
import { rmspropSimd } from "../../src/backend/wasm/rmspropSimd";
import { smallMatMulSimd } from "../../src/backend/wasm/smallMatMul";
import { transposeSimd } from "../../src/backend/wasm/transposeKernel";
import { wasmThreading } from "../../src/backend/wasm/threads";
import { tuneWasm } from "../../src/backend/wasm/tuning";
import { values } from "../support/random";


/** Runs `f` on the cpu backend and on the tuned wasm backend; returns both results. */
async function onBoth(f: () => tf.Tensor): Promise<{ cpu: tf.Tensor; wasm: tf.Tensor }> {
  await tf.setBackend("cpu");
  const cpuResult = f();
  const cpu = tf.tensor(await cpuResult.data(), cpuResult.shape, cpuResult.dtype);
  cpuResult.dispose();
  await tf.setBackend("wasm");
  const wasm = f();
  return { cpu, wasm };
}

async function assertClose(actual: tf.Tensor, expected: tf.Tensor, what: string, tolerance = 1e-4): Promise<void> {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  assert.equal(actual.dtype, expected.dtype, `${what}: dtype`);
  const [a, e] = [await actual.data(), await expected.data()];
  for (let i = 0; i < a.length; i++) {
    if (Object.is(a[i], e[i])) continue; // NaN, ±∞
    const bound = tolerance * Math.max(1, Math.abs(e[i] as number));
    if (!(Math.abs((a[i] as number) - (e[i] as number)) <= bound)) {
      assert.fail(`${what}: element ${i} is ${a[i]}, the cpu backend gives ${e[i]}`);
    }
  }
}

before(async () => {
  tuneWasm();
  await tf.setBackend("wasm");
});

describe("the tuned wasm backend", () => {
  it("registers its own BatchMatMul, _FusedMatMul, GatherV2, binary and unary, Identity, Cast, Transpose and Sum kernels", () => {
    assert.equal(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name, "tsdlSmallProduct");
    assert.equal(tf.getKernel("_FusedMatMul", "wasm")?.kernelFunc.name, "tsdlSmallProduct");
    assert.equal(tf.getKernel("GatherV2", "wasm")?.kernelFunc.name, "tsdlRowCopyGather");
    for (const name of ["Add", "Sub", "Multiply", "RealDiv"]) assert.equal(tf.getKernel(name, "wasm")?.kernelFunc.name, "tsdlBinary");
    assert.equal(tf.getKernel("Identity", "wasm")?.kernelFunc.name, "tsdlSharingIdentity");
    assert.equal(tf.getKernel("Cast", "wasm")?.kernelFunc.name, "tsdlSharingCast");
    assert.equal(tf.getKernel("Transpose", "wasm")?.kernelFunc.name, "tsdlBlockTranspose");
    assert.equal(tf.getKernel("Sum", "wasm")?.kernelFunc.name, "tsdlColumnSum");
    for (const name of ["Neg", "Relu", "ClipByValue"]) assert.equal(tf.getKernel(name, "wasm")?.kernelFunc.name, "tsdlUnary");
    assert.equal(tf.getKernel("Softmax", "wasm")?.kernelFunc.name, "tsdlSmallSoftmax");
  });
});

describe("BatchMatMul on the tuned wasm backend", () => {
  // [m, k, n]: square, thin, wide, the MNIST layer shapes and their gradients (small ones on the calling
  // thread: dot products for k ≥ 16, row sums below), a 1-element product, one just past SMALL_PRODUCT
  // in whole 4×8 tiles (tsdl's unpacked product), two with rows and columns past the last whole tile
  // (a batch of 50 into Dense(100)), and one with fewer than 8 columns (XNNPACK).
  const sizes: [number, number, number][] = [[1, 1, 1], [3, 5, 2], [7, 1, 9], [16, 33, 8], [128, 784, 512], [128, 512, 10], [128, 10, 512], [512, 128, 10], [1, 64, 3], [5, 15, 17], [64, 264, 128], [130, 128, 127], [50, 784, 100], [600, 4000, 7]];
  for (const [m, k, n] of sizes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`matches the cpu backend for [${m}×${k}]·[${k}×${n}] with transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
          const f = () =>
            tf.tidy(() => {
              const a = tf.tensor2d(values(m * k, m + k), transposeA ? [k, m] : [m, k]);
              const b = tf.tensor2d(values(k * n, k + n + 7), transposeB ? [n, k] : [k, n]);
              return tf.matMul(a, b, transposeA, transposeB);
            });
          const { cpu, wasm } = await onBoth(f);
          await assertClose(wasm, cpu, "matMul", k > 100 ? 1e-3 : 1e-4);
          tf.dispose([cpu, wasm]);
        });
      }
    }
  }

  for (const [batchA, batchB] of [[1, 1], [4, 4], [3, 1], [1, 2]]) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      it(`matches the cpu backend for batches ${batchA} and ${batchB} (broadcast) with transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
        const [m, k, n] = [5, 6, 4];
        const f = () =>
          tf.tidy(() => {
            const a = tf.tensor3d(values(batchA * m * k, 11), transposeA ? [batchA, k, m] : [batchA, m, k]);
            const b = tf.tensor3d(values(batchB * k * n, 12), transposeB ? [batchB, n, k] : [batchB, k, n]);
            return tf.matMul(a, b, transposeA, transposeB);
          });
        const { cpu, wasm } = await onBoth(f);
        await assertClose(wasm, cpu, "batched matMul");
        tf.dispose([cpu, wasm]);
      });
    }
  }

  for (const wrt of ["inputs", "weights"] as const) {
    it(`gives the gradient of a Dense layer with respect to its ${wrt} that the cpu backend gives`, async () => {
      const f = () =>
        tf.tidy(() => {
          const x = tf.tensor2d(values(32 * 20, 3), [32, 20]);
          const w = tf.tensor2d(values(20 * 7, 4), [20, 7]);
          const [dx, dw] = tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.relu(tf.matMul(x, w)).square().sum())([x, w]);
          return wrt === "inputs" ? dx! : dw!;
        });
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, `d/d${wrt}`);
      tf.dispose([cpu, wasm]);
    });
  }

  it("packs the left factor when the right one is much larger, as Dense(784→512) weights are", () => {
    assert.equal(packLeftFactor(128, 784, 512), true);
    assert.equal(packLeftFactor(128, 512, 10), false, "layer 2: small weights");
    assert.equal(packLeftFactor(784, 128, 512), false, "X^T·dH: the left factor is the larger");
  });

  it("gives the same product with fresh weights (left factor packed) and with reused weights (cached operator)", async () => {
    const f = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(values(4 * 96, 31), [4, 96]);
        const w = tf.tensor2d(values(96 * 80, 32), [96, 80]);
        return tf.stack([tf.matMul(x, w), tf.matMul(x, w), tf.matMul(x.add(1), w)]);
      });
    assert.equal(packLeftFactor(4, 96, 80), true);
    const { cpu, wasm } = await onBoth(f);
    await assertClose(wasm, cpu, "x·w three times");
    tf.dispose([cpu, wasm]);
  });

  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true]] as const) {
    it(`matches the cpu backend for a mostly-zero left factor (ReLU outputs), NaN and ∞ in the right one included, transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
      const [m, k, n] = [64, 264, 128];
      for (const poison of [undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
        const f = () =>
          tf.tidy(() => {
            const a = tf.relu(tf.tensor2d(values(m * k, 51), transposeA ? [k, m] : [m, k]).sub(0.6));
            const bValues = values(k * n, 52);
            if (poison !== undefined) bValues[7] = poison;
            const b = tf.tensor2d(bValues, transposeB ? [n, k] : [k, n]);
            return tf.matMul(a, b, transposeA, transposeB);
          });
        const { cpu, wasm } = await onBoth(f);
        await assertClose(wasm, cpu, `matMul with ${poison ?? "finite values"} in b`, 1e-3);
        tf.dispose([cpu, wasm]);
      }
    });
  }

  it("runs large products in whole tiles on tsdl's own threads, with fused multiply-adds", () => {
    const x = tf.tensor2d(values(128 * 784, 41), [128, 784]);
    const w = tf.tensor2d(values(784 * 512, 42), [784, 512]);
    tf.matMul(x, w).dispose();
    assert.deepEqual(gemmInfo(tf.backend()), { threads: wasmThreading()?.threads ?? 1, fused: true });
    tf.dispose([x, w]);
  });

  it("frees every temporary it makes on the wasm heap", () => {
    const buffers = () => (tf.memory() as tf.MemoryInfo & { numDataBuffers: number }).numDataBuffers;
    const a = tf.tensor2d(values(12, 1), [4, 3]);
    const b = tf.tensor2d(values(15, 2), [5, 3]);
    const x = tf.tensor2d(values(4 * 96, 31), [4, 96]);
    const w = tf.tensor2d(values(96 * 80, 32), [96, 80]);
    const before = buffers();
    const transposed = tf.matMul(a, b, false, true);
    assert.equal(buffers(), before + 1, "a transposed product keeps only its result");
    const swapped = tf.matMul(x, w);
    assert.equal(buffers(), before + 2, "a product with the left factor packed keeps only its result");
    const big = tf.tensor2d(values(64 * 264, 33), [64, 264]);
    const bigT = tf.tensor2d(values(128 * 264, 34), [128, 264]);
    const unpacked = tf.matMul(big, bigT, false, true);
    assert.equal(buffers(), before + 5, "an unpacked product with a transposed right factor keeps only its result");
    tf.dispose([a, b, x, w, transposed, swapped, big, bigT, unpacked]);
  });
});

describe("_FusedMatMul on the tuned wasm backend", () => {
  for (const activation of ["linear", "relu"] as const) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      for (const [m, k, n] of [[9, 13, 6], [64, 264, 128]] as const) {
      it(`matches the cpu backend for [${m}×${k}]·[${k}×${n}] with bias, ${activation}, transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
        const f = () =>
          tf.tidy(() => {
            const a = tf.tensor2d(values(m * k, 21), transposeA ? [k, m] : [m, k]);
            const b = tf.tensor2d(values(k * n, 22), transposeB ? [n, k] : [k, n]);
            const bias = tf.tensor1d(values(n, 23));
            return tf.fused.matMul({ a, b, transposeA, transposeB, bias, activation });
          });
        const { cpu, wasm } = await onBoth(f);
        await assertClose(wasm, cpu, "fused matMul", k > 100 ? 1e-3 : 1e-4);
        tf.dispose([cpu, wasm]);
      });
      }
    }
  }
});

describe("Add, Sub, Multiply and RealDiv on the tuned wasm backend", () => {
  // [a shape, b shape]: same shape, the loss's [128,1]·[128,10], a bias row, scalars, rank 3; then mid-size (SIMD):
  // same shape, a Dense(512) bias row either side, odd widths; then the original kernel: a column; then SIMD past 2^18 elements.
  const shapes: [number[], number[]][] = [
    [[128, 10], [128, 10]], [[128, 1], [128, 10]], [[128, 10], [10]], [[], [7, 3]], [[5], []], [[2, 1, 4], [3, 1]],
    [[4097], [4097]], [[128, 512], [128, 512]], [[128, 512], [512]], [[512], [128, 512]], [[65, 64], [1, 64]], [[4, 33, 35], [1, 35]], [[1031, 7], [7]],
    [[128, 512], [128, 1]], [[513, 512], [512]],
  ];
  const ops = { Add: tf.add, Sub: tf.sub, Multiply: tf.mul, RealDiv: tf.div } as const;
  for (const [name, op] of Object.entries(ops)) {
    for (const [sa, sb] of shapes) {
      it(`${name} of [${sa}] and [${sb}] gives exactly what the cpu backend gives`, async () => {
        const f = () => tf.tidy(() => op(tf.tensor(values(tf.util.sizeFromShape(sa), 41), sa), tf.tensor(values(tf.util.sizeFromShape(sb), 42), sb).add(name === "RealDiv" ? 2 : 0)));
        const { cpu, wasm } = await onBoth(f);
        await assertClose(wasm, cpu, name, 0);
        tf.dispose([cpu, wasm]);
      });
    }
  }

  it("leaves int32 arithmetic to the original kernels", async () => {
    const { cpu, wasm } = await onBoth(() => tf.tidy(() => tf.mul(tf.tensor1d([3, -4], "int32"), tf.tensor1d([5, 6], "int32"))));
    await assertClose(wasm, cpu, "int32 multiply", 0);
    tf.dispose([cpu, wasm]);
  });
});

describe("GatherV2 on the tuned wasm backend", () => {
  const cases: { name: string; x: () => tf.Tensor; indices: number[] | number[][]; axis: number }[] = [
    { name: "rows of a float32 matrix", x: () => tf.tensor2d(values(60, 5), [10, 6]), indices: [3, 0, 9, 3], axis: 0 },
    { name: "rows of an int32 matrix", x: () => tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), indices: [2, 1], axis: 0 },
    { name: "elements of a bool vector", x: () => tf.tensor1d([true, false, true], "bool"), indices: [1, 2, 0, 0], axis: 0 },
    { name: "slices of a rank-3 tensor by a 2-D index", x: () => tf.tensor3d(values(24, 6), [4, 3, 2]), indices: [[0, 3], [2, 2]], axis: 0 },
    { name: "no rows at all", x: () => tf.tensor2d(values(6, 7), [3, 2]), indices: [], axis: 0 },
    { name: "columns (axis 1, the original kernel)", x: () => tf.tensor2d(values(12, 8), [3, 4]), indices: [3, 1], axis: 1 },
  ];
  for (const c of cases) {
    it(`matches the cpu backend for ${c.name}`, async () => {
      const f = () => tf.tidy(() => tf.gather(c.x(), tf.tensor(c.indices, undefined, "int32"), c.axis));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, c.name, 0);
      tf.dispose([cpu, wasm]);
    });
  }

  it("rejects an index out of range, naming it", () => {
    const x = tf.tensor2d(values(6, 9), [3, 2]);
    assert.throws(() => tf.gather(x, tf.tensor1d([1, 3], "int32")), /index value 3 is not in \[0, 2\]/);
    assert.throws(() => tf.gather(x, tf.tensor1d([-1], "int32")), /index value -1 is not in \[0, 2\]/);
    x.dispose();
  });
});

describe("Identity and Cast on the tuned wasm backend", () => {
  it("clone shares the block instead of copying it, and the copy outlives the original", async () => {
    const buffers = () => (tf.memory() as tf.MemoryInfo & { numDataBuffers: number }).numDataBuffers;
    const x = tf.tensor2d(values(12, 51), [3, 4]);
    const before = buffers();
    const y = x.clone();
    const z = x.cast("float32");
    assert.equal(buffers(), before, "no new heap block");
    x.dispose();
    assert.deepEqual(await y.data(), values(12, 51));
    assert.deepEqual(await z.data(), values(12, 51));
    tf.dispose([y, z]);
  });

  for (const [from, to] of [["float32", "int32"], ["int32", "float32"], ["bool", "float32"], ["int32", "int32"], ["bool", "bool"]] as const) {
    it(`casts ${from} to ${to} as the cpu backend does`, async () => {
      const f = () => tf.tidy(() => tf.tensor1d([0, 1, 2.7, -3.2, 0], from).cast(to));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, `${from}→${to}`, 0);
      tf.dispose([cpu, wasm]);
    });
  }

  it("gives gradients that save tensors for the backward pass (clones) as the cpu backend does", async () => {
    const f = () => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.softmax(x.square()).log().sum())(tf.tensor2d(values(20, 52), [4, 5])));
    const { cpu, wasm } = await onBoth(f);
    await assertClose(wasm, cpu, "d/dx", 1e-5);
    tf.dispose([cpu, wasm]);
  });
});

describe("a large cast from int32 or bool to float32 on the tuned wasm backend", () => {
  const rows = DEFER_MIN_SIZE / 64;
  /** int32 [rows, 64] with values 0–255 and a few negative ones. */
  const pixels = () => tf.tidy(() => tf.tensor1d(Int32Array.from({ length: rows * 64 }, (_, i) => (i < 3 ? -i : (i * 7) % 256)), "int32").reshape([rows, 64]));
  const backend = () => tf.backend() as unknown as { wasm: { _malloc(n: number): number }; refCount(dataId: tf.DataId): number };

  /** Runs `f`; returns its result and the sizes of the blocks it allocated on the wasm heap. */
  function allocations<T>(f: () => T): { result: T; blocks: number[] } {
    const wasm = backend().wasm;
    const malloc = wasm._malloc;
    const blocks: number[] = [];
    wasm._malloc = (n: number) => (blocks.push(n), malloc(n));
    try {
      return { result: f(), blocks };
    } finally {
      wasm._malloc = malloc;
    }
  }

  for (const [name, f] of [
    ["toFloat().div(255)", (x: tf.Tensor) => x.toFloat().div(255)],
    ["toFloat().mul(1 / 255)", (x: tf.Tensor) => x.toFloat().mul(1 / 255)],
    ["toFloat().sub(128)", (x: tf.Tensor) => x.toFloat().sub(128)],
    ["a number minus toFloat()", (x: tf.Tensor) => tf.sub(tf.scalar(255), x.toFloat())],
    ["a number divided by toFloat()", (x: tf.Tensor) => tf.div(tf.scalar(255), x.toFloat())],
    ["reshape, then toFloat().add(1)", (x: tf.Tensor) => x.reshape([-1]).toFloat().add(tf.tensor2d([[1]]))],
  ] as const) {
    it(`${name} gives exactly what the cpu backend gives, allocating the result and nothing of its size besides`, async () => {
      const g = () => tf.tidy(() => f(pixels()));
      const { cpu } = await onBoth(g);
      const x = pixels();
      const before = tf.memory().numTensors;
      const { result, blocks } = allocations(() => tf.tidy(() => f(x)));
      await assertClose(result, cpu, name, 0);
      assert.equal(blocks.filter((n) => n >= x.size * 4).length, 1, `one block of the result's size; blocks allocated: ${blocks.join(", ")}`);
      result.dispose();
      assert.equal(tf.memory().numTensors, before, "the deferred cast is freed with the tidy");
      assert.equal(backend().refCount(x.dataId), 1, "the source is no longer referenced by the cast");
      tf.dispose([x, cpu]);
    });
  }

  it("makes the float32 copy when something else reads it, as the cpu backend casts, also after its source is disposed", async () => {
    const { cpu } = await onBoth(() => tf.tidy(() => pixels().toFloat()));
    const x = pixels();
    const cast = x.toFloat();
    const flat = cast.reshape([-1]);
    assert.equal(backend().refCount(x.dataId), 2, "the deferred cast holds its source");
    x.dispose();
    await assertClose(cast, cpu, "read directly", 0);
    assert.deepEqual(await flat.data(), await cpu.data(), "a reshape shares the copy made for the cast");
    const sum = tf.tidy(() => cast.sum().arraySync() as number);
    assert.equal(sum, tf.tidy(() => cpu.sum().arraySync() as number));
    tf.dispose([cast, flat, cpu]);
  });

  it("takes no memory, and lets go of its source, when disposed unread", () => {
    const x = pixels();
    const before = tf.memory().numTensors;
    const { blocks } = allocations(() => x.toFloat().dispose());
    assert.deepEqual(blocks, []);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(backend().refCount(x.dataId), 1);
    x.dispose();
  });

  it("rounds integers past 2^24 to float32 before the op, as the wasm Cast does (the cpu backend's keeps them exact)", () => {
    const big = [2 ** 24 + 3, 2 ** 24 + 1, -(2 ** 25) - 3, 2 ** 31 - 1];
    const x = tf.tensor1d(Int32Array.from({ length: DEFER_MIN_SIZE }, (_, i) => big[i % 4]!), "int32");
    const y = tf.tidy(() => x.toFloat().div(255));
    assert.deepEqual(Array.from(y.dataSync().subarray(0, 4)), big.map((v) => Math.fround(Math.fround(v) / Math.fround(255))));
    tf.dispose([x, y]);
  });

  it("casts bool to 0 and 1 through a scalar op as the cpu backend does", async () => {
    const f = () => tf.tidy(() => tf.tensor1d(Array.from({ length: DEFER_MIN_SIZE }, (_, i) => i % 3 === 0), "bool").toFloat().mul(2));
    const { cpu, wasm } = await onBoth(f);
    await assertClose(wasm, cpu, "bool→float32 × 2", 0);
    tf.dispose([cpu, wasm]);
  });
});

describe("Transpose on the tuned wasm backend", () => {
  // Below, at and past the 4×4 blocks and the 64-column tiles; the MNIST layer shapes; batches.
  const shapes = [[1, 1], [1, 7], [7, 1], [3, 5], [4, 4], [5, 9], [8, 12], [13, 67], [70, 130], [128, 784], [784, 512], [512, 10], [3, 5, 6], [2, 2, 4, 9], [0, 5]];
  for (const shape of shapes) {
    for (const dtype of ["float32", "int32"] as const) {
      it(`swaps the last two axes of a ${dtype} [${shape}] exactly as the cpu backend does`, async () => {
        const perm = [...shape.keys()];
        [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
        const f = () => tf.tidy(() => tf.transpose(tf.tensor(values(tf.util.sizeFromShape(shape), 61), shape).mul(1000).cast(dtype), perm));
        const { cpu, wasm } = await onBoth(f);
        await assertClose(wasm, cpu, "transpose", 0);
        tf.dispose([cpu, wasm]);
      });
    }
  }

  for (const [shape, perm] of [[[2, 3, 4], [1, 0, 2]], [[2, 3, 4], [2, 0, 1]], [[3, 4], [0, 1]]] as const) {
    it(`leaves the permutation [${perm}] of [${shape}] to the original kernel, with the same result as cpu`, async () => {
      const f = () => tf.tidy(() => tf.transpose(tf.tensor(values(tf.util.sizeFromShape([...shape]), 62), [...shape]), [...perm]));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, "transpose", 0);
      tf.dispose([cpu, wasm]);
    });
  }

  it("transposes bool tensors through the original kernel", async () => {
    const f = () => tf.tidy(() => tf.transpose(tf.tensor2d([true, false, false, true, true, false], [2, 3], "bool")));
    const { cpu, wasm } = await onBoth(f);
    await assertClose(wasm, cpu, "bool transpose", 0);
    tf.dispose([cpu, wasm]);
  });
});

describe("Sum on the tuned wasm backend", () => {
  // [shape, axis, keepDims]: the bias gradients of the MNIST layers, odd widths, several leading axes, and cases the original kernel keeps.
  const cases: [number[], number | number[], boolean][] = [
    [[128, 512], 0, false], [[128, 10], 0, false], [[128, 10], 0, true], [[5, 3], 0, false], [[7, 1], 0, false], [[1, 9], 0, false], [[4, 3, 5], [0, 1], false], [[4, 3, 5], [1, 0], true], [[4, 3, 5], 0, false],
    [[128, 10], -1, false], [[128, 10], 1, true], [[4, 3, 5], [0, 1, 2], false], [[4, 3, 5], [0, 2], false], [[6], 0, false], [[0, 4], 0, false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    it(`sums [${shape}] over axis ${JSON.stringify(axis)}${keepDims ? " keeping dims" : ""} as the cpu backend does`, async () => {
      const f = () => tf.tidy(() => tf.sum(tf.tensor(values(tf.util.sizeFromShape(shape), 71), shape), axis, keepDims));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, "sum", 1e-5);
      tf.dispose([cpu, wasm]);
    });
  }

  it("leaves int32 sums to the original kernel", async () => {
    const { cpu, wasm } = await onBoth(() => tf.tidy(() => tf.sum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32"), 0)));
    await assertClose(wasm, cpu, "int32 sum", 0);
    tf.dispose([cpu, wasm]);
  });
});

describe("Neg, Relu and ClipByValue on the tuned wasm backend", () => {
  for (const shape of [[128, 512], [67, 65], [513, 512]]) {
    it(`Relu of [${shape}] (with ±0 and NaN) gives exactly what the cpu backend gives`, async () => {
      const size = tf.util.sizeFromShape(shape);
      const data = values(size, 83).map((v, i) => [NaN, -0, 0, -1, 2][i % 5]! * (i < 5 ? 1 : v));
      const f = () => tf.tidy(() => tf.relu(tf.tensor(data, shape)));
      const { cpu, wasm } = await onBoth(f);
      const [a, e] = [await wasm.data(), await cpu.data()];
      const ordinary = size > 1 << 18;
      for (let i = 0; i < size; i++) if (!Object.is(a[i], e[i]) && !(ordinary && (Number.isNaN(e[i] as number) || e[i] === 0))) assert.fail(`Relu: element ${i} is ${a[i]}; the cpu backend gives ${e[i]}`);
      tf.dispose([cpu, wasm]);
    });
  }

  const special = Float32Array.from([0, -0, 1e-8, -1e-8, 0.5, -0.5, 2, -2, NaN]);
  const ops: Record<string, (x: tf.Tensor) => tf.Tensor> = { Neg: tf.neg, Relu: tf.relu, ClipByValue: (x) => tf.clipByValue(x, -1e-7, 1 - 1e-7) };
  for (const [name, op] of Object.entries(ops)) {
    for (const shape of [[9], [128, 10], [64, 64]]) {
      it(`${name} of [${shape}] (with ±0, tiny values and NaN) gives exactly what the cpu backend gives`, async () => {
        const size = tf.util.sizeFromShape(shape);
        const data = values(size, 81).map((v, i) => (i < special.length ? special[i]! : v * 3));
        const f = () => tf.tidy(() => op(tf.tensor(data, shape)));
        const { cpu, wasm } = await onBoth(f);
        const [a, e] = [await wasm.data(), await cpu.data()];
        for (let i = 0; i < size; i++) if (!Object.is(a[i], e[i])) assert.fail(`${name}: element ${i} is ${a[i]}; the cpu backend gives ${e[i]}`);
        tf.dispose([cpu, wasm]);
      });
    }

    it(`${name} of a tensor past the small-size limit agrees with the cpu backend on ordinary values`, async () => {
      const f = () => tf.tidy(() => op(tf.tensor(values(65 * 64, 82).map((v) => v * 3), [65, 64])));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, name, 0);
      tf.dispose([cpu, wasm]);
    });
  }
});

describe("ReLU's gradient on the tuned wasm backend", () => {
  // Below and past a 4-lane group, a Dense(512) layer's output, a convolution's.
  for (const shape of [[3], [5, 7], [128, 512], [2, 26, 26, 32]]) {
    it(`is dy·step(x) exactly as the cpu backend computes it for [${shape}], with ±0, NaN and ±∞ in x and dy`, async () => {
      const size = tf.util.sizeFromShape(shape);
      const special = [0, -0, NaN, Infinity, -Infinity, 1e-30, -1e-30];
      const x = values(size, 91).map((v, i) => (i < special.length ? special[i]! : v));
      const dy = values(size, 92).map((v, i) => (i >= special.length && i < 2 * special.length ? special[i - special.length]! : v));
      const f = () => tf.tidy(() => tf.grad((x) => tf.relu(x).mul(tf.tensor(dy, shape)).sum())(tf.tensor(x, shape)));
      const { cpu, wasm } = await onBoth(f);
      const [a, e] = [await wasm.data(), await cpu.data()];
      for (let i = 0; i < size; i++) if (!Object.is(a[i], e[i])) assert.fail(`element ${i} (x ${x[i]}, dy ${dy[i]}) is ${a[i]}; the cpu backend gives ${e[i]}`);
      tf.dispose([cpu, wasm]);
    });
  }

  it("runs as one kernel instead of Step, Cast and Multiply, and leaves no tensor behind", async () => {
    const x = tf.tensor2d(values(64, 93), [8, 8]);
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => tf.tidy(() => tf.grad((x) => tf.relu(x).sum())(x)));
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes("TsdlReluGrad") && !names.includes("Step"), names.join());
    (profile.result as tf.Tensor).dispose();
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
  });
});

describe("Softmax on the tuned wasm backend", () => {
  // The MNIST output layer, one row, one column, large logits (exp overflows without the max), rank 3; then the original kernel.
  const cases: [number[], number][] = [[[128, 10], 1], [[1, 7], 1], [[5, 1], 1], [[4, 6], 30], [[2, 3, 5], 1], [[2, 3, 5], 1e-3], [[64, 65], 1]];
  for (const [shape, scale] of cases) {
    it(`of [${shape}] (logits × ${scale}) gives what the cpu backend gives`, async () => {
      const f = () => tf.tidy(() => tf.softmax(tf.tensor(values(tf.util.sizeFromShape(shape), 91), shape).mul(scale)));
      const { cpu, wasm } = await onBoth(f);
      await assertClose(wasm, cpu, "softmax", tf.util.sizeFromShape(shape) > 4096 ? 1e-5 : 0);
      tf.dispose([cpu, wasm]);
    });
  }
});

describe("tsdl's hand-assembled SIMD modules", () => {
  it("all compile against the wasm backend's memory (a module that failed would silently leave the slow kernels)", async () => {
    await tf.setBackend("wasm");
    const memory = heapMemory(tf.backend())!;
    assert.ok(memory, "the backend's memory");
    assert.ok(rmspropSimd(memory), "rmsprop");
    assert.ok(transposeSimd(memory), "transpose");
    assert.ok(columnSumsSimd(memory), "column sums");
    assert.ok(smallMatMulSimd(memory), "small products");
    assert.ok(gemmOn(memory), "unpacked products");
    const e = elementwiseSimd(memory);
    assert.ok(e && [e.relu, ...Object.values(e.binary)].every((f) => typeof f === "function"), "element-wise");
  });
});
