// The convolution kernels tsdl registers for the wasm backend (forward Conv2D as an im2col product,
// both Conv2D gradients, the depthwise gradients, UnsortedSegmentSum) compute what the cpu backend
// computes, over random geometries and at the edges.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { dyLeads } from "../../src/backend/wasm/convKernels";
import { HeapBackend, heapMemory } from "../../src/backend/wasm/heap";
import { col2imValues, ConvGeometry, geometryArgs, im2colShape, im2colSimd, im2colValues } from "../../src/backend/wasm/im2col";
import { tuneWasm } from "../../src/backend/wasm/tuning";
import { values } from "../support/random";

type Pad = "valid" | "same" | [[number, number], [number, number], [number, number], [number, number]];

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  filter: [number, number];
  outChannels: number;
  strides: [number, number];
  dilations: [number, number];
  pad: Pad;
}

/** Deterministic pseudo-random integers in [lo, hi]. */
function randomInts(seed: number): (lo: number, hi: number) => number {
  let s = seed >>> 0 || 1;
  return (lo, hi) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + (s % (hi - lo + 1));
  };
}

/** `n` random convolutions: sizes, strides, dilations (only with stride 1, as tfjs requires) and paddings, batch 1 included. */
function randomCases(n: number, seed: number, options: { dilations: boolean }): ConvCase[] {
  const r = randomInts(seed);
  return Array.from({ length: n }, (_, i) => {
    const strided = r(0, 2) === 0;
    const strides: [number, number] = strided ? [r(1, 3), r(1, 3)] : [1, 1];
    const dilations: [number, number] = options.dilations && !strided && r(0, 2) === 0 ? [r(1, 3), r(1, 2)] : [1, 1];
    const filter: [number, number] = [r(1, 4), r(1, 4)];
    const pads: Pad[] = ["valid", "same", [[0, 0], [r(0, 2), r(0, 1)], [r(0, 1), r(0, 2)], [0, 0]]];
    const pad = pads[r(0, 2)]!;
    const minHeight = (filter[0] - 1) * dilations[0] + 1;
    const minWidth = (filter[1] - 1) * dilations[1] + 1;
    return {
      batch: i % 4 === 0 ? 1 : r(1, 5),
      height: minHeight + r(0, 9),
      width: minWidth + r(0, 9),
      inChannels: r(1, 9),
      filter,
      outChannels: r(1, 20),
      strides,
      dilations,
      pad,
    };
  });
}

const name = (c: ConvCase) =>
  `x [${c.batch},${c.height},${c.width},${c.inChannels}], filter ${c.filter.join("×")}→${c.outChannels}, strides ${c.strides}, dilations ${c.dilations}, pad ${JSON.stringify(c.pad)}`;

/** Runs `f` on the cpu backend and on the tuned wasm backend; returns both results as arrays. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[]; shapes: number[][] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    const data = await Promise.all(list.map((t) => t.data() as Promise<Float32Array>));
    const shapes = list.map((t) => t.shape);
    tf.dispose(list);
    return { data, shapes };
  };
  const cpu = await run("cpu");
  const wasm = await run("wasm");
  assert.deepEqual(wasm.shapes, cpu.shapes, "shapes");
  return { cpu: cpu.data, wasm: wasm.data, shapes: cpu.shapes };
}

function assertClose(actual: Float32Array[], expected: Float32Array[], what: string, tolerance = 1e-4): void {
  actual.forEach((a, k) => {
    const e = expected[k]!;
    assert.equal(a.length, e.length, `${what}: result ${k} size`);
    for (let i = 0; i < a.length; i++) {
      if (Object.is(a[i], e[i])) continue;
      if (!(Math.abs(a[i]! - e[i]!) <= tolerance * Math.max(1, Math.abs(e[i]!)))) assert.fail(`${what}: result ${k}, element ${i} is ${a[i]}; the cpu backend gives ${e[i]}`);
    }
  });
}

const numDataBuffers = () => (tf.memory() as tf.MemoryInfo & { numDataBuffers: number }).numDataBuffers;

before(async () => {
  tuneWasm();
  await tf.setBackend("wasm");
});

describe("im2col and col2im in WebAssembly SIMD", () => {
  const geometries: ConvGeometry[] = randomCases(24, 7, { dilations: true }).map((c) => {
    const info = tf.backend_util.computeConv2DInfo([c.batch, c.height, c.width, c.inChannels], [...c.filter, c.inChannels, c.outChannels], c.strides, c.dilations, c.pad);
    return { batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels, outHeight: info.outHeight, outWidth: info.outWidth, filterHeight: info.filterHeight, filterWidth: info.filterWidth, strideHeight: info.strideHeight, strideWidth: info.strideWidth, dilationHeight: info.dilationHeight, dilationWidth: info.dilationWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left };
  });
  for (const g of geometries) {
    it(`match their JavaScript definitions for ${JSON.stringify(g)}`, () => {
      const memory = heapMemory(tf.backend())!;
      const simd = im2colSimd(memory)!;
      const [rows, columns] = im2colShape(g);
      const imageSize = g.batch * g.inHeight * g.inWidth * g.inChannels;
      const image = tf.tensor1d(values(imageSize, imageSize));
      const colsIn = tf.tensor1d(values(rows * columns, rows + columns));
      const cols = tf.zeros([Math.max(1, rows * columns)]);
      const dx = tf.zeros([Math.max(1, imageSize)]);
      const backend = tf.backend() as unknown as { getMemoryOffset(id: object): number };
      const at = (t: tf.Tensor) => backend.getMemoryOffset(t.dataId);
      simd.im2col(at(image), at(cols), ...geometryArgs(g));
      simd.col2im(at(dx), at(colsIn), ...geometryArgs(g));
      const expectedCols = new Float32Array(rows * columns);
      im2colValues(image.dataSync() as Float32Array, expectedCols, g);
      assert.deepEqual((cols.dataSync() as Float32Array).subarray(0, rows * columns), expectedCols);
      const expectedDx = new Float32Array(imageSize);
      col2imValues(expectedDx, colsIn.dataSync() as Float32Array, g);
      const got = (dx.dataSync() as Float32Array).subarray(0, imageSize);
      for (let i = 0; i < imageSize; i++) assert.ok(Math.abs(got[i]! - expectedDx[i]!) <= 1e-6 * Math.max(1, Math.abs(expectedDx[i]!)), `col2im element ${i}: ${got[i]} against ${expectedDx[i]}`);
      tf.dispose([image, colsIn, cols, dx]);
    });
  }
});

describe("Conv2D and its gradients on the tuned wasm backend", () => {
  const edgeCases: ConvCase[] = [
    // The small convnet's three layers (batch 2), a 1×1 convolution (x read in place), one past a 4×8 tile.
    { batch: 2, height: 28, width: 28, inChannels: 1, filter: [3, 3], outChannels: 32, strides: [1, 1], dilations: [1, 1], pad: "valid" },
    { batch: 2, height: 13, width: 13, inChannels: 32, filter: [3, 3], outChannels: 64, strides: [1, 1], dilations: [1, 1], pad: "valid" },
    { batch: 1, height: 5, width: 5, inChannels: 64, filter: [3, 3], outChannels: 64, strides: [1, 1], dilations: [1, 1], pad: "same" },
    { batch: 3, height: 7, width: 5, inChannels: 6, filter: [1, 1], outChannels: 9, strides: [1, 1], dilations: [1, 1], pad: "valid" },
    { batch: 1, height: 9, width: 11, inChannels: 5, filter: [3, 2], outChannels: 17, strides: [2, 3], dilations: [1, 1], pad: "same" },
  ];
  const cases = [...edgeCases, ...randomCases(30, 11, { dilations: true })];
  for (const c of cases) {
    it(`gives the cpu backend's forward pass for ${name(c)}`, async () => {
      const f = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(values(c.batch * c.height * c.width * c.inChannels, 1), [c.batch, c.height, c.width, c.inChannels]);
          const w = tf.tensor4d(values(c.filter[0] * c.filter[1] * c.inChannels * c.outChannels, 2), [...c.filter, c.inChannels, c.outChannels]);
          return tf.conv2d(x, w, c.strides, c.pad, "NHWC", c.dilations);
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, "conv2d");
    });

    if (c.dilations[0] === 1 && c.dilations[1] === 1) {
      it(`gives the cpu backend's gradients (filter, input, bias) through a fused relu for ${name(c)}`, async () => {
        const f = () =>
          tf.tidy(() => {
            const x = tf.tensor4d(values(c.batch * c.height * c.width * c.inChannels, 3), [c.batch, c.height, c.width, c.inChannels]);
            const w = tf.tensor4d(values(c.filter[0] * c.filter[1] * c.inChannels * c.outChannels, 4), [...c.filter, c.inChannels, c.outChannels]);
            const bias = tf.tensor1d(values(c.outChannels, 5));
            const loss = (x: tf.Tensor4D, w: tf.Tensor4D, bias: tf.Tensor1D) => {
              const y = tf.fused.conv2d({ x, filter: w, strides: c.strides, pad: c.pad, bias, activation: "relu" });
              return y.mul(tf.tensor(values(y.size, 6), y.shape)).sum();
            };
            return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, w, bias]);
          });
        const { cpu, wasm } = await onBoth(f);
        assertClose(wasm, cpu, "d/dx, d/dw, d/dbias", 1e-3);
      });
    }
  }

  for (const activation of ["linear", "relu", "elu", "sigmoid", "leakyrelu"] as const) {
    it(`fuses a bias and the ${activation} activation as the cpu backend does`, async () => {
      const f = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(values(2 * 8 * 8 * 3, 7), [2, 8, 8, 3]);
          const w = tf.tensor4d(values(3 * 3 * 3 * 16, 8), [3, 3, 3, 16]);
          return tf.fused.conv2d({ x, filter: w, strides: 1, pad: "same", bias: tf.tensor1d(values(16, 9)), activation, leakyreluAlpha: 0.3 });
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, activation);
    });
  }

  for (const poison of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`propagates ${poison} in the input, the filter and the output gradient as the cpu backend does`, async () => {
      const f = () =>
        tf.tidy(() => {
          const xValues = values(2 * 9 * 9 * 4, 12).map((v) => Math.max(0, v));
          xValues[40] = poison;
          const wValues = values(3 * 3 * 4 * 16, 13);
          wValues[5] = poison;
          const x = tf.tensor4d(xValues, [2, 9, 9, 4]);
          const w = tf.tensor4d(wValues, [3, 3, 4, 16]);
          const zeroX = tf.tensor4d(values(2 * 9 * 9 * 4, 14).map(() => 0), [2, 9, 9, 4]);
          const dyValues = values(2 * 7 * 7 * 16, 15);
          dyValues[3] = poison;
          const dy = tf.tensor4d(dyValues, [2, 7, 7, 16]);
          return [
            tf.conv2d(x, w, 1, "valid"),
            tf.conv2d(zeroX, w, 1, "valid"),
            tf.conv2d(x, tf.tensor4d(values(3 * 3 * 4 * 16, 16), [3, 3, 4, 16]), 1, "valid"),
            tf.conv2dTranspose(dy, w, [2, 9, 9, 4], 1, "valid"),
            tf.tidy(() => tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, 1, "valid").mul(dy).sum())(w)),
          ];
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, `${poison}`, 1e-4);
    });
  }

  // After ReLU and max pooling most of dy is zero, so the filter gradient puts dy on the left (dyᵀ·im2col(x)).
  const sparseDy = (size: number, seed: number, poison?: number) => {
    const v = values(size, seed).map((x, i) => ((i * 7919) % 100 < 85 ? 0 : x));
    if (poison !== undefined) v[Math.floor(size / 2)] = poison;
    return v;
  };
  for (const c of [...edgeCases, ...randomCases(12, 29, { dilations: false })]) {
    it(`gives the cpu backend's filter gradient when dy is mostly zeros, for ${name(c)}`, async () => {
      const f = () =>
        tf.tidy(() => {
          const x = tf.tensor4d(values(c.batch * c.height * c.width * c.inChannels, 24), [c.batch, c.height, c.width, c.inChannels]);
          const w = tf.tensor4d(values(c.filter[0] * c.filter[1] * c.inChannels * c.outChannels, 25), [...c.filter, c.inChannels, c.outChannels]);
          const y = tf.conv2d(x, w, c.strides, c.pad);
          const dy = tf.tensor(sparseDy(y.size, 26), y.shape);
          return tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, c.strides, c.pad).mul(dy).sum())(w);
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, "d/dw", 1e-3);
    });
  }

  // The convnet's second layer at batch 16: a dy large enough for its product to skip its zeros row by row.
  const rowSkipping: ConvCase = { batch: 16, height: 13, width: 13, inChannels: 32, filter: [3, 3], outChannels: 64, strides: [1, 1], dilations: [1, 1], pad: "valid" };
  for (const c of [rowSkipping, ...edgeCases, ...randomCases(8, 31, { dilations: false }).map((c) => ({ ...c, inChannels: c.inChannels * 4 }))]) {
    it(`gives the cpu backend's input gradient when dy is mostly zeros, for ${name(c)}`, async () => {
      const f = () =>
        tf.tidy(() => {
          const w = tf.tensor4d(values(c.filter[0] * c.filter[1] * c.inChannels * c.outChannels, 34), [...c.filter, c.inChannels, c.outChannels]);
          const shape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
          const y = tf.conv2d(tf.zeros(shape) as tf.Tensor4D, w, c.strides, c.pad);
          const dy = tf.tensor4d(sparseDy(y.size, 35), y.shape);
          const poisoned = tf.tensor4d(sparseDy(y.size, 35, Number.NaN), y.shape);
          return [tf.conv2dTranspose(dy, w, shape, c.strides, c.pad), tf.conv2dTranspose(poisoned, w, shape, c.strides, c.pad)];
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, "d/dx", 1e-4);
    });
  }

  it("takes dy as the left factor of the filter gradient when it has more zero quads than x, and x otherwise", () => {
    const backend = tf.backend() as unknown as HeapBackend;
    const x = tf.tensor4d(values(2 * 13 * 13 * 32, 27), [2, 13, 13, 32]);
    const sparse = tf.tensor4d(sparseDy(2 * 11 * 11 * 64, 28).map((v, i) => (Math.floor(i / 4) % 3 === 0 ? v : 0)), [2, 11, 11, 64]);
    const dense = tf.tensor4d(values(2 * 11 * 11 * 64, 29), [2, 11, 11, 64]);
    assert.equal(dyLeads(x, sparse, backend), true, "dy mostly zero quads, x none");
    assert.equal(dyLeads(x, dense, backend), false, "dy dense");
    assert.equal(dyLeads(tf.zerosLike(x), sparse, backend), false, "x all zeros");
    tf.dispose([x, sparse, dense]);
  });

  for (const poison of [Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`propagates ${poison} in x or in a mostly-zero dy into the filter gradient as the cpu backend does`, async () => {
      const f = () =>
        tf.tidy(() => {
          const xValues = values(2 * 13 * 13 * 8, 30);
          const x = tf.tensor4d(xValues, [2, 13, 13, 8]);
          const poisonedX = tf.tensor4d(xValues.map((v, i) => (i === 100 ? poison : v)), [2, 13, 13, 8]);
          const w = tf.tensor4d(values(3 * 3 * 8 * 16, 31), [3, 3, 8, 16]);
          const dy = tf.tensor4d(sparseDy(2 * 11 * 11 * 16, 32), [2, 11, 11, 16]);
          const poisonedDy = tf.tensor4d(sparseDy(2 * 11 * 11 * 16, 32, poison), [2, 11, 11, 16]);
          const dw = (x: tf.Tensor4D, dy: tf.Tensor4D) => tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, 1, "valid").mul(dy).sum())(w);
          return [dw(poisonedX, dy), dw(x, poisonedDy)];
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, `${poison}`, 1e-4);
    });
  }

  it("frees every temporary it makes on the wasm heap", () => {
    const x = tf.tensor4d(values(2 * 10 * 10 * 3, 21), [2, 10, 10, 3]);
    const w = tf.tensor4d(values(3 * 3 * 3 * 8, 22), [3, 3, 3, 8]);
    const dy = tf.tensor4d(values(2 * 8 * 8 * 8, 23), [2, 8, 8, 8]);
    const before = numDataBuffers();
    const y = tf.conv2d(x, w, 1, "valid");
    assert.equal(numDataBuffers(), before + 1, "conv2d keeps only its result");
    const dx = tf.conv2dTranspose(dy, w, [2, 10, 10, 3], 1, "valid");
    assert.equal(numDataBuffers(), before + 2, "the input gradient keeps only its result");
    const dw = tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, 1, "valid").mul(dy).sum())(w);
    assert.equal(numDataBuffers(), before + 3, "the filter gradient keeps only its result");
    const sparseDw = tf.tidy(() => tf.grad((w) => tf.conv2d(x, w as tf.Tensor4D, 1, "valid").mul(tf.tensor4d(sparseDy(dy.size, 33), [2, 8, 8, 8])).sum())(w));
    assert.equal(numDataBuffers(), before + 4, "the filter gradient as dyᵀ·im2col(x) keeps only its result");
    tf.dispose([x, w, dy, y, dx, dw, sparseDw]);
  });
});

describe("the depthwise convolution gradients on the tuned wasm backend", () => {
  const cases = randomCases(16, 23, { dilations: false }).map((c, i) => ({ ...c, multiplier: 1 + (i % 3) }));
  for (const c of cases) {
    it(`give the cpu backend's gradients for ${name(c)}, multiplier ${c.multiplier}`, async () => {
      const f = () =>
        tf.tidy(() => {
          // tfjs's depthwise gradient needs equal strides.
          const strides: [number, number] = [c.strides[0], c.strides[0]];
          const x = tf.tensor4d(values(c.batch * c.height * c.width * c.inChannels, 31), [c.batch, c.height, c.width, c.inChannels]);
          const w = tf.tensor4d(values(c.filter[0] * c.filter[1] * c.inChannels * c.multiplier, 32), [...c.filter, c.inChannels, c.multiplier]);
          const loss = (x: tf.Tensor4D, w: tf.Tensor4D) => {
            const y = tf.depthwiseConv2d(x, w, strides, c.pad);
            return y.mul(tf.tensor(values(y.size, 33), y.shape)).sum();
          };
          return tf.grads(loss as (...args: tf.Tensor[]) => tf.Tensor)([x, w]);
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, "d/dx, d/dw", 1e-4);
    });
  }

  for (const poison of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    it(`propagate ${poison} in the input, the filter and the output gradient as the cpu backend does`, async () => {
      const f = () =>
        tf.tidy(() => {
          const poisoned = (size: number, seed: number, at: number) => values(size, seed).map((v, i) => (i === at ? poison : v));
          const x = tf.tensor4d(poisoned(2 * 7 * 6 * 5, 43, 17), [2, 7, 6, 5]);
          const w = tf.tensor4d(poisoned(3 * 3 * 5 * 2, 44, 7), [3, 3, 5, 2]);
          const dy = tf.tensor4d(poisoned(2 * 7 * 6 * 10, 45, 100), [2, 7, 6, 10]);
          return tf.grads((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same").mul(dy).sum())([x, w]);
        });
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, `d/dx, d/dw with ${poison}`, 1e-4);
    });
  }

  it("leak nothing on the wasm heap", () => {
    const x = tf.tensor4d(values(2 * 6 * 6 * 3, 41), [2, 6, 6, 3]);
    const w = tf.tensor4d(values(3 * 3 * 3 * 2, 42), [3, 3, 3, 2]);
    const f = tf.grads((x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same").sum());
    const before = numDataBuffers();
    const grads = f([x, w]);
    assert.equal(numDataBuffers(), before + 2, "only the two gradients");
    tf.dispose([x, w, ...grads]);
  });
});

describe("UnsortedSegmentSum on the tuned wasm backend", () => {
  const cases: { x: number[]; ids: number[]; segments: number; dtype: "float32" | "int32" }[] = [
    { x: [6, 3], ids: [0, 2, 0, 1, 2, 2], segments: 3, dtype: "float32" },
    { x: [5], ids: [4, 4, 0, 1, 3], segments: 6, dtype: "float32" },
    { x: [4, 2, 3], ids: [1, 1, 1, 1], segments: 2, dtype: "float32" },
    { x: [4, 3], ids: [0, -1, 7, 1], segments: 2, dtype: "float32" },
    { x: [7, 5], ids: [6, 0, 3, 3, 2, 5, 1], segments: 7, dtype: "int32" },
    { x: [1, 1], ids: [0], segments: 1, dtype: "float32" },
  ];
  for (const c of cases) {
    it(`sums ${c.dtype} rows [${c.x}] into ${c.segments} segments by ids [${c.ids}] as the cpu backend does`, async () => {
      const f = () => tf.tidy(() => tf.unsortedSegmentSum(tf.tensor(values(tf.util.sizeFromShape(c.x), 51), c.x).mul(100).cast(c.dtype), tf.tensor1d(c.ids, "int32"), c.segments));
      const { cpu, wasm } = await onBoth(f);
      assertClose(wasm, cpu, "unsortedSegmentSum", 0);
    });
  }

  it("propagates NaN and ±∞ into their own segments only (cpu's masked products turn ∞ into NaN in every segment)", async () => {
    const ids = [0, 1, 2, 1, 0, 3, 3, 2, 1];
    const x = values(9 * 5, 54).map((v, i) => [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY][i % 11] ?? v);
    const expected = new Float32Array(4 * 5);
    ids.forEach((id, row) => {
      for (let c = 0; c < 5; c++) expected[id * 5 + c] = Math.fround(expected[id * 5 + c]! + x[row * 5 + c]!);
    });
    const out = tf.tidy(() => tf.unsortedSegmentSum(tf.tensor2d(x, [9, 5]), tf.tensor1d(ids, "int32"), 4));
    assertClose([(await out.data()) as Float32Array], [expected], "unsortedSegmentSum", 1e-6);
    out.dispose();
  });

  it("gives an Embedding table's gradient as the cpu backend does, ids repeated", async () => {
    const f = () =>
      tf.tidy(() => {
        const table = tf.tensor2d(values(10 * 4, 52), [10, 4]);
        const ids = tf.tensor2d([1, 3, 1, 9, 0, 3], [2, 3], "int32");
        return tf.grad((t) => tf.gather(t, ids).mul(tf.tensor(values(24, 53), [2, 3, 4])).sum())(table);
      });
    const { cpu, wasm } = await onBoth(f);
    assertClose(wasm, cpu, "d/dtable", 1e-6);
  });
});

describe("MaxPoolGrad on the tuned wasm backend", () => {
  // [x shape, filter, strides, pad]: the small convnet's pools and windows past the edge in SIMD (channels in fours, no overlap); overlapping windows and odd channels in JavaScript; batch 1.
  const cases: [number[], number, number, "valid" | "same"][] = [
    // 2×2 windows inside the image: tiling it, leaving its last row and column, leaving gaps (stride 3).
    [[2, 26, 26, 8], 2, 2, "valid"], [[1, 11, 11, 4], 2, 2, "valid"], [[1, 8, 9, 12], 2, 3, "valid"], [[1, 7, 7, 8], 2, 2, "same"], [[2, 9, 8, 4], 3, 3, "same"], [[3, 7, 6, 3], 3, 2, "same"], [[1, 5, 5, 1], 3, 1, "valid"], [[2, 6, 9, 5], 2, 3, "same"],
  ];
  const inputs: Record<string, (i: number, v: number) => number> = {
    "random values": (_, v) => v,
    "ReLU outputs (windows of zeros)": (_, v) => Math.max(0, v - 0.3),
    "negative values": (_, v) => -Math.abs(v) - 1,
    "ties, NaN and −∞": (i, v) => [Number.NaN, Number.NEGATIVE_INFINITY, 0.5, 0.5][i % 4]! * (i % 8 < 4 ? 1 : Math.sign(v)),
  };
  for (const [shape, filter, strides, pad] of cases) {
    for (const [what, value] of Object.entries(inputs)) {
      it(`sends each window's gradient where the cpu backend does for ${what}, x [${shape}], window ${filter}, strides ${strides}, pad ${pad}`, async () => {
        const f = () =>
          tf.tidy(() => {
            const x = tf.tensor4d(values(tf.util.sizeFromShape(shape), 61).map((v, i) => value(i, v)), shape as [number, number, number, number]);
            return tf.grad((x) => {
              const y = tf.maxPool(x as tf.Tensor4D, filter, strides, pad);
              return y.mul(tf.tensor(values(y.size, 62), y.shape)).sum();
            })(x);
          });
        const { cpu, wasm } = await onBoth(f);
        assertClose(wasm, cpu, "d/dx", 1e-6);
      });
    }
  }
});
