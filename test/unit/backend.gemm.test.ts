// tsdl's unpacked SIMD products: both layouts of the left factor, the bias and relu epilogue,
// fused and separate multiply-adds, row ranges, and the split over worker threads.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { GEMM_FLAGS, gemmFits, gemmOn, productFn } from "../../src/backend/wasm/gemmSimd";
import { innerBlock } from "../../src/backend/wasm/gemmKernel";
import { chunkRows } from "../../src/backend/wasm/gemmControl";
import { productChunks, threadedGemm, ThreadedGemm, ThreadPayoff } from "../../src/backend/wasm/gemmThreads";
import { WasmMemory } from "../../src/backend/wasm/assembler";
import { values } from "../support/random";

const PAGE = 65536;
/** WebAssembly.Memory as these tests use it (the ES2022 lib does not declare it). */
const Memory = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory } }).WebAssembly.Memory;

/**
 * A memory holding a [m,k] (or, transposed, [k,m]), b [k,n], bias [n], c [m,n] and 4·k int32s of
 * scratch one after another. With `zeros`, a holds runs of zeros (some -0) like an image's background.
 */
function layout(m: number, k: number, n: number, shared: boolean, zeros = false) {
  const bytes = 4 * (m * k + k * n + n + m * n + 4 * k) + 64;
  const pages = Math.ceil(bytes / PAGE) + 1;
  const memory = new Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages });
  const f32 = new Float32Array(memory.buffer);
  const at = { a: 16, b: 16 + 4 * m * k, bias: 16 + 4 * (m * k + k * n), c: 16 + 4 * (m * k + k * n + n), list: 16 + 4 * (m * k + k * n + n + m * n) };
  const a = values(m * k, m + 3 * k);
  if (zeros) a.forEach((x, i) => (a[i] = i % 7 < 4 || (i * 31) % 11 < 5 ? (i % 3 ? 0 : -0) : x));
  f32.set(a, at.a / 4);
  f32.set(values(k * n, k + 5 * n), at.b / 4);
  f32.set(values(n, n + 1), at.bias / 4);
  f32.fill(Number.NaN, at.c / 4, at.c / 4 + m * n);
  return { memory, f32, at };
}

/** The product computed in float64: (aᵀ when `transposedA`)·b (+ bias) (relu). */
function expected(f32: Float32Array, at: ReturnType<typeof layout>["at"], m: number, k: number, n: number, transposedA: boolean, flags: number): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = flags & GEMM_FLAGS.bias ? f32[at.bias / 4 + j]! : 0;
      for (let p = 0; p < k; p++) s += f32[at.a / 4 + (transposedA ? p * m + i : i * k + p)]! * f32[at.b / 4 + p * n + j]!;
      out[i * n + j] = flags & GEMM_FLAGS.relu ? Math.max(s, 0) : s;
    }
  }
  return out;
}

function assertRows(f32: Float32Array, c: number, want: Float64Array, n: number, rows: [number, number], what: string): void {
  for (let i = 0; i < want.length / n; i++) {
    for (let j = 0; j < n; j++) {
      const got = f32[c / 4 + i * n + j]!;
      if (i < rows[0] || i >= rows[1]) {
        assert.ok(Number.isNaN(got), `${what}: row ${i} is outside [${rows}] and must stay untouched; it holds ${got}`);
        continue;
      }
      const e = want[i * n + j]!;
      assert.ok(Math.abs(got - e) <= 1e-5 * Math.max(1, Math.abs(e)), `${what}: c[${i},${j}] is ${got}, expected ${e}`);
    }
  }
}

describe("gemmSimd", () => {
  // Whole tiles, then rows and columns past the last whole tile (the last tile overlaps the one before).
  const shapes: [number, number, number][] = [[4, 1, 8], [4, 3, 8], [8, 13, 16], [12, 64, 24], [36, 100, 40], [5, 7, 9], [7, 20, 15], [13, 33, 30], [6, 1, 8]];
  for (const fused of [true, false]) {
    for (const sparse of [false, true]) {
      for (const transposedA of [false, true]) {
        const form = `${transposedA ? "aᵀ·b" : "a·b"}${sparse ? ", skipping zeros," : ""}`;
        for (const [m, k, n] of shapes) {
          it(`computes ${form} for [${m}×${k}]·[${k}×${n}], plain, with bias, relu and both, in either loop order (${fused ? "fused" : "separate"} multiply-adds)`, () => {
            // A sparse product of dense data takes its dense steps.
            for (const zeros of sparse ? [true, false] : [false]) {
              for (const flags of [0, GEMM_FLAGS.bias, GEMM_FLAGS.relu, GEMM_FLAGS.bias | GEMM_FLAGS.relu, GEMM_FLAGS.rowsFirst, GEMM_FLAGS.rowsFirst | GEMM_FLAGS.bias | GEMM_FLAGS.relu]) {
                const { memory, f32, at } = layout(m, k, n, false, zeros);
                const gemm = gemmOn(memory, fused);
                assert.ok(gemm, "this Node has WebAssembly SIMD");
                productFn(gemm, transposedA, sparse)(at.a, at.b, at.c, m, n, k, 0, m, at.bias, flags, at.list);
                assertRows(f32, at.c, expected(f32, at, m, k, n, transposedA, flags), n, [0, m], `flags ${flags}, ${zeros ? "with" : "no"} zeros`);
              }
            }
          });
        }
      }
    }
  }

  // n ≥ 32: one strip, a last strip overlapping the one before, several; rows of one, odd sizes.
  const rowShapes: [number, number, number][] = [[1, 5, 32], [4, 17, 33], [7, 64, 64], [3, 100, 95], [9, 1, 40], [13, 33, 288]];
  for (const fused of [true, false]) {
    for (const [m, k, n] of rowShapes) {
      it(`computes a·b skipping every zero of a row by row for [${m}×${k}]·[${k}×${n}], with bias, relu and both (${fused ? "fused" : "separate"} multiply-adds)`, () => {
        for (const zeros of [true, false]) {
          for (const flags of [0, GEMM_FLAGS.bias, GEMM_FLAGS.relu, GEMM_FLAGS.bias | GEMM_FLAGS.relu]) {
            const { memory, f32, at } = layout(m, k, n, false, zeros);
            const gemm = gemmOn(memory, fused)!;
            productFn(gemm, false, true, true)(at.a, at.b, at.c, m, n, k, 0, m, at.bias, flags | GEMM_FLAGS.byRow, at.list);
            assertRows(f32, at.c, expected(f32, at, m, k, n, false, flags), n, [0, m], `flags ${flags}, ${zeros ? "with" : "no"} zeros`);
          }
        }
      });
    }
  }

  it("skips a row's zeros exactly: a row of zeros gives the bias, ±0 are both skipped", () => {
    const [m, k, n] = [3, 10, 40];
    const { memory, f32, at } = layout(m, k, n, false);
    f32.fill(0, at.a / 4, at.a / 4 + k);
    for (let p = 0; p < k; p++) f32[at.a / 4 + k + p] = p % 2 ? -0 : 0;
    f32[at.a / 4 + k + 3] = 2;
    productFn(gemmOn(memory)!, false, true, true)(at.a, at.b, at.c, m, n, k, 0, m, at.bias, GEMM_FLAGS.bias, at.list);
    assertRows(f32, at.c, expected(f32, at, m, k, n, false, GEMM_FLAGS.bias), n, [0, m], "rows of zeros");
  });

  it("says whether floats are all finite", () => {
    const { memory, f32, at } = layout(4, 4, 8, false);
    const gemm = gemmOn(memory)!;
    assert.equal(gemm.allFinite(at.b, 32), 1);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const keep = f32[at.b / 4 + 29]!;
      f32[at.b / 4 + 29] = bad;
      assert.equal(gemm.allFinite(at.b, 32), 0, String(bad));
      f32[at.b / 4 + 29] = keep;
    }
  });

  it("uses fused multiply-adds on this Node (relaxed SIMD), and separate ones when asked", () => {
    const memory = new Memory({ initial: 1 });
    assert.equal(gemmOn(memory, true)?.fused, true);
    assert.equal(gemmOn(memory, false)?.fused, false);
  });

  it("writes only the rows it is given", () => {
    const [m, k, n] = [16, 9, 8];
    for (const transposedA of [false, true]) {
      const { memory, f32, at } = layout(m, k, n, false);
      const gemm = gemmOn(memory)!;
      for (const sparse of [false, true]) {
        f32.fill(Number.NaN, at.c / 4, at.c / 4 + m * n);
        productFn(gemm, transposedA, sparse)(at.a, at.b, at.c, m, n, k, 4, 12, 0, 0, at.list);
        assertRows(f32, at.c, expected(f32, at, m, k, n, transposedA, 0), n, [4, 12], `${transposedA ? "aᵀ·b" : "a·b"}, sparse ${sparse}`);
      }
    }
  });

  it("takes any product with at least one whole 4×8 tile", () => {
    assert.equal(gemmFits(128, 512), true);
    assert.equal(gemmFits(130, 100), true);
    assert.equal(gemmFits(4, 8), true);
    assert.equal(gemmFits(3, 512), false);
    assert.equal(gemmFits(128, 7), false);
    assert.equal(gemmFits(0, 8), false);
  });
});

describe("productChunks and chunkRows", () => {
  /** Every chunk's rows for `chunks` chunks of m rows. */
  const rowsOf = (m: number, chunks: number) => Array.from({ length: chunks }, (_, i) => chunkRows(i, chunks, m));

  it("cut a long product into chunks of at least 64 rows, up to 8 a thread, and a short one into one a thread", () => {
    assert.equal(productChunks(7744, 288, 0, 2), 16, "a convolution's 7744 pixels on 2 threads");
    assert.equal(productChunks(7744, 288, 0, 1), 1, "one thread: one chunk");
    assert.equal(productChunks(640, 784, 0, 2), 10, "640 rows: ten chunks of 64");
    assert.equal(productChunks(128, 784, 0, 2), 2, "a batch of 128: one chunk a thread");
    assert.equal(productChunks(12, 70, 0, 4), 3, "never more chunks than row tiles");
    assert.equal(productChunks(4, 70, 0, 4), 1);
    assert.equal(productChunks(288, 7744, 279, 2), 28, "blocks of the inner dimension: one chunk each");
  });

  it("give each chunk whole tiles, as even as they come, and cover every row once", () => {
    assert.deepEqual(rowsOf(128, 2), [[0, 64], [64, 128]]);
    assert.deepEqual(rowsOf(12, 2), [[0, 8], [8, 12]]);
    assert.deepEqual(rowsOf(784, 1), [[0, 784]]);
    for (const [m, chunks] of [[7744, 16], [130, 2], [9, 2], [1000, 13]] as const) {
      const rows = rowsOf(m, chunks);
      assert.equal(rows[0]![0], 0);
      assert.equal(rows.at(-1)![1], m, `${m} rows in ${chunks} chunks end at the last row`);
      for (const [i, [from, to]] of rows.entries()) {
        assert.ok(to - from >= 4 && from % 4 === 0, `chunk ${i} of ${m} rows: [${from}, ${to})`);
        if (i > 0) assert.equal(from, rows[i - 1]![1], `chunk ${i} starts where the one before ends`);
      }
    }
  });

  it("give the rows past the last whole tile to the last chunk, never a chunk under 4 rows", () => {
    assert.deepEqual(rowsOf(130, 2), [[0, 64], [64, 130]]);
    assert.deepEqual(rowsOf(6, 1), [[0, 6]]);
    assert.deepEqual(rowsOf(9, 2), [[0, 4], [4, 9]]);
  });
});

describe("innerBlock", () => {
  it("block only a long inner dimension, and give every thread a block", () => {
    assert.equal(innerBlock(784, 512, 128, 2), 0, "a Dense layer's weight gradient: one product");
    const conv = innerBlock(288, 64, 7744, 2);
    assert.ok(conv >= 64 && conv < 7744 / 2, `a convolution's filter gradient (7744 pixels): blocks of ${conv}`);
    assert.equal(innerBlock(9, 32, 10_000, 8), Math.ceil(10_000 / 8), "blocks no larger than it takes to give each of 8 threads one");
  });
});

describe("ThreadPayoff", () => {
  /** Runs `runs` products of one shape that take `withWorkers` or `alone` ms (a shape's very first 500 ms); returns how many used the workers. */
  function simulate(payoff: ThreadPayoff, shape: string, runs: number, withWorkers: number, alone: number): number {
    let used = 0;
    for (let i = 0; i < runs; i++) {
      const workers = payoff.useWorkers(shape);
      if (workers) used++;
      payoff.record(shape, workers, payoff.seen(shape) ? (workers ? withWorkers : alone) : 500);
    }
    return used;
  }

  it("keeps the workers for a product they shorten, trying it alone now and then", () => {
    const payoff = new ThreadPayoff();
    const used = simulate(payoff, "a", 160, 2, 4);
    assert.ok(used >= 160 - 160 / ThreadPayoff.EXPLORE - 2, `the workers ran ${used} of 160 products`);
  });

  it("runs a product alone when the workers make it slower, trying them now and then, each shape on its own", () => {
    const payoff = new ThreadPayoff();
    const slow = simulate(payoff, "slow", 160, 5, 4);
    assert.ok(slow <= 160 / ThreadPayoff.EXPLORE + 2, `the workers ran ${slow} of 160 products`);
    assert.ok(slow >= 160 / ThreadPayoff.EXPLORE - 1, "but were tried again now and then");
    assert.ok(simulate(payoff, "fast", 40, 2, 4) >= 36, "another shape keeps its workers");
  });

  it("follows the machine when the workers start paying again", () => {
    const payoff = new ThreadPayoff();
    simulate(payoff, "a", 64, 5, 4);
    const later = simulate(payoff, "a", 64, 2, 4);
    assert.ok(later >= 40, `after the load eased the workers ran ${later} of 64 products`);
  });
});

describe("threadedGemm", () => {
  const opened: ThreadedGemm[] = [];
  after(async () => {
    await Promise.all(opened.map((g) => g.close()));
  });

  // Two chunks, with bias and relu; ten chunks of a B kept in cache, run after run, whichever thread takes which.
  const splits = [{ m: 42, k: 70, n: 21, relu: true, rowsFirst: false, runs: 1 }, { m: 700, k: 40, n: 24, relu: false, rowsFirst: true, runs: 200 }];
  for (const { m, k, n, relu, rowsFirst, runs } of splits) {
    it(`splits [${m}×${k}]·[${k}×${n}] over a worker thread on shared memory and gives what one thread gives, ${runs} time(s) in a row`, () => {
      for (const transposedA of [false, true]) {
        const one = layout(m, k, n, true);
        const two = layout(m, k, n, true);
        const single = threadedGemm(one.memory, 1)!;
        const pair = threadedGemm(two.memory, 2)!;
        opened.push(single, pair);
        assert.equal(pair.threads, 2);
        const request = { transposedA, m, n, k, relu, list: 0, rowsFirst };
        single.run({ ...request, a: one.at.a, b: one.at.b, c: one.at.c, bias: one.at.bias });
        const want = one.f32.slice(one.at.c / 4, one.at.c / 4 + m * n);
        assertRows(one.f32, one.at.c, expected(one.f32, one.at, m, k, n, transposedA, GEMM_FLAGS.bias | (relu ? GEMM_FLAGS.relu : 0)), n, [0, m], "1 thread");
        for (let run = 0; run < runs; run++) {
          two.f32.fill(Number.NaN, two.at.c / 4, two.at.c / 4 + m * n);
          pair.run({ ...request, a: two.at.a, b: two.at.b, c: two.at.c, bias: two.at.bias });
          assert.deepEqual(two.f32.subarray(two.at.c / 4, two.at.c / 4 + m * n), want, `${transposedA ? "aᵀ·b" : "a·b"}, product ${run + 1} on 2 threads`);
        }
      }
    });
  }

  for (const sparse of [false, true]) {
    it(`splits a long inner dimension into blocks over both threads, whose partial products sum to aᵀ·b${sparse ? " (skipping zeros)" : ""}`, () => {
      const [m, k, n, kBlock] = [13, 300, 17, 64];
      const { memory, f32, at } = layout(m, k, n, true, sparse);
      const gemm = threadedGemm(memory, 2)!;
      opened.push(gemm);
      const partials = at.list + 4 * 4 * k + 64;
      const blocks = Math.ceil(k / kBlock);
      gemm.run({ transposedA: true, a: at.a, b: at.b, c: partials, m, n, k, bias: 0, relu: false, list: sparse ? at.list : 0, kBlock });
      const want = expected(f32, at, m, k, n, true, 0);
      for (let i = 0; i < m * n; i++) {
        let sum = 0;
        for (let block = 0; block < blocks; block++) sum += f32[partials / 4 + block * m * n + i]!;
        assert.ok(Math.abs(sum - want[i]!) <= 1e-5 * Math.max(1, Math.abs(want[i]!)), `c[${i}]: the partials sum to ${sum}, expected ${want[i]}`);
      }
    });
  }

  it("refuses blocks of the inner dimension for a product with an epilogue or an untransposed a", () => {
    const { memory, at } = layout(8, 200, 8, true);
    const gemm = threadedGemm(memory, 2)!;
    opened.push(gemm);
    const request = { transposedA: true, a: at.a, b: at.b, c: at.c, m: 8, n: 8, k: 200, bias: 0, relu: true, list: 0, kBlock: 64 };
    assert.throws(() => gemm.run(request), /blocks of the inner dimension need Aᵀ and no bias or relu/);
    assert.throws(() => gemm.run({ ...request, relu: false, transposedA: false }), /blocks of the inner dimension/);
  });

  it("skips zeros on two threads exactly, even where b holds NaN or ±∞ (0·∞ is NaN)", () => {
    const [m, k, n] = [24, 50, 16];
    for (const transposedA of [false, true]) {
      for (const bad of [undefined, Number.POSITIVE_INFINITY, Number.NaN]) {
        const { memory, f32, at } = layout(m, k, n, true, true);
        const gemm = threadedGemm(memory, 2)!;
        opened.push(gemm);
        // Row 0 of b meets column 0 of A, which is zero in every row: skipped unless b is checked.
        for (let i = 0; i < m; i++) f32[at.a / 4 + (transposedA ? i : i * k)] = 0;
        if (bad !== undefined) f32[at.b / 4 + 3] = bad;
        gemm.run({ transposedA, a: at.a, b: at.b, c: at.c, m, n, k, bias: 0, relu: false, list: at.list });
        const want = expected(f32, at, m, k, n, transposedA, 0);
        const what = `${transposedA ? "aᵀ·b" : "a·b"} with b[0,3] = ${bad ?? "finite"}`;
        if (bad !== undefined) assert.ok(Number.isNaN(f32[at.c / 4 + 3]) && Number.isNaN(want[3]), `${what}: c[0,3] must be NaN as in float64`);
        for (let i = 0; i < m * n; i++) {
          if (Number.isNaN(want[i])) assert.ok(Number.isNaN(f32[at.c / 4 + i]), `${what}: c[${i}] must be NaN`);
        }
        if (bad === undefined) assertRows(f32, at.c, want, n, [0, m], what);
      }
    }
  });

  it("reports a product that traps in the worker or in the calling thread, never hangs, and keeps working", () => {
    const pages = 2;
    const memory = new Memory({ initial: pages, maximum: pages, shared: true });
    const gemm = threadedGemm(memory, 2)!;
    opened.push(gemm);
    const [m, k, n] = [16, 4, 8];
    // Two chunks, taken by whichever thread comes first: rows 0–7 end exactly at the end of memory, rows 8–15 lie past it.
    const outOfBounds = { transposedA: false, a: 0, b: 4 * m * k, c: pages * PAGE - (m / 2) * n * 4, m, n, k, bias: 0, relu: false, list: 0 };
    const trapped = /failed in a worker thread for \[16×4\]·\[4×8\]; set TSDL_WASM_GEMM=0|out of bounds/;
    for (let i = 0; i < 8; i++) {
      assert.throws(() => gemm.run(outOfBounds), trapped);
      gemm.run({ ...outOfBounds, c: 4 * (m * k + k * n) });
    }
    // Now rows 0–7 lie past 4 GiB (addresses wrap): the trap surfaces once every thread is done.
    const firstRowsOutOfBounds = { ...outOfBounds, c: 2 ** 32 - (m / 2) * n * 4, b: 4 * m * k + 1024 };
    assert.throws(() => gemm.run(firstRowsOutOfBounds), trapped);
    gemm.run({ ...outOfBounds, c: 4 * (m * k + k * n) });
  });

  it("skips zeros row by row on two threads exactly, even where b holds NaN or ±∞", () => {
    const [m, k, n] = [300, 40, 48];
    for (const bad of [undefined, Number.POSITIVE_INFINITY, Number.NaN]) {
      const { memory, f32, at } = layout(m, k, n, true, true);
      const gemm = threadedGemm(memory, 2)!;
      opened.push(gemm);
      for (let i = 0; i < m; i++) f32[at.a / 4 + i * k] = 0;
      if (bad !== undefined) f32[at.b / 4 + 3] = bad;
      gemm.run({ transposedA: false, a: at.a, b: at.b, c: at.c, m, n, k, bias: 0, relu: false, list: at.list, byRow: true });
      const want = expected(f32, at, m, k, n, false, 0);
      const what = `byRow with b[0,3] = ${bad ?? "finite"}`;
      if (bad !== undefined) assert.ok(Number.isNaN(f32[at.c / 4 + 3]), `${what}: c[0,3] must be NaN as in float64`);
      else assertRows(f32, at.c, want, n, [0, m], what);
    }
    const narrow = threadedGemm(layout(8, 8, 16, true).memory, 2)!;
    opened.push(narrow);
    assert.throws(() => narrow.run({ transposedA: false, a: 0, b: 0, c: 0, m: 8, n: 16, k: 8, bias: 0, relu: false, list: 64, byRow: true }), /needs an untransposed a and n ≥ 32/);
  });

  it("runs on the calling thread alone when the memory is not shared", () => {
    const { memory } = layout(8, 8, 8, false);
    const gemm = threadedGemm(memory, 4)!;
    opened.push(gemm);
    assert.equal(gemm.threads, 1);
  });
});
