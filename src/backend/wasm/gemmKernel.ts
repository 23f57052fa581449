// Routes large float32 products of the wasm backend to gemmSimd's kernels on tsdl's own threads:
// the forward product of a Dense layer with its bias and relu, and both weight-gradient forms.
// XNNPACK would first pack the right factor, which in training is new every step.
import * as tf from "@tensorflow/tfjs";

import { columnSumsSimd } from "./columnSumKernel";
import { gemmFits, ROW_STRIP } from "./gemmSimd";
import { threadedGemm, ThreadedGemm } from "./gemmThreads";
import { HeapBackend, heapMemory, KernelFn, TensorInfo, transposeLastTwo } from "./heap";
import { tuningOptions } from "./options";
import { matrixProduct } from "./productArgs";
import { wasmThreading } from "./threads";
import { zeroShare } from "./sparsity";

/** The fused activations the kernels apply: whether each is relu. */
const ACTIVATIONS: Record<string, boolean> = { linear: false, relu: true };

const gemms = new WeakMap<object, ThreadedGemm | null>();

/** Whether large products run here (the ownGemm option; off, XNNPACK computes them). */
export function ownGemm(): boolean {
  return tuningOptions().ownGemm;
}

/** Whether large products skip the zeros of their left factor (exactly: not when the right one holds NaN or ±∞). */
export function skipZeros(): boolean {
  return ownGemm() && tuningOptions().skipZeros;
}

/** The backend's threaded products, started on first use with as many threads as XNNPACK has. */
function gemmFor(backend: tf.KernelBackend): ThreadedGemm | undefined {
  const memory = heapMemory(backend);
  if (!memory) return undefined;
  if (!gemms.has(memory)) gemms.set(memory, threadedGemm(memory, wasmThreading()?.threads ?? 1) ?? null);
  return gemms.get(memory) ?? undefined;
}

/** How tsdl's products run on this backend, once one has: threads and whether they fuse multiply-adds. */
export function gemmInfo(backend: tf.KernelBackend): { threads: number; fused: boolean } | undefined {
  const memory = heapMemory(backend);
  const gemm = memory ? gemms.get(memory) : undefined;
  return gemm ? { threads: gemm.threads, fused: gemm.fused } : undefined;
}

/**
 * The share of zeros in A from which a product skips them one row at a time (gemmRows): each of its
 * multiply-adds loads its own vector of B, where a 4×8 tile's feed four, so it pays only when most of
 * A is zero (a ReLU layer's output gradient after max pooling: 86%). Measured on [7744, 288]·[288, 64]
 * with A's zeros at random, one thread: rows beat the tiles from about 60% zeros.
 */
export const BY_ROW_ZEROS = 0.7;

/** A's values from which a product looks at its zeros: below, counting them would cost about what the rows save. */
const BY_ROW_MIN_VALUES = 1 << 16;

/** Whether a plain [m, k]·[k, n] product with A at `a` skips A's zeros row by row: sparse products on, A large and zero enough, n fits the strips. */
function byRow(a: TensorInfo, m: number, k: number, n: number, backend: HeapBackend): boolean {
  return skipZeros() && n >= ROW_STRIP && m * k >= BY_ROW_MIN_VALUES && zeroShare(backend.typedArrayFromHeap(a) as Float32Array) >= BY_ROW_ZEROS;
}

/** B up to this many bytes stays in L2 while each row of tiles walks all of it (rowsFirst). */
const ROWS_FIRST_BYTES = 256 * 1024;
/** The rows of Aᵀ and B one block of the inner dimension reads: about what stays in L2 beside the rest. */
const BLOCK_BYTES = 384 * 1024;

/**
 * The inner indices per block for Aᵀ·B (no bias or relu) with a long inner dimension, as a
 * convolution's filter gradient has (one index per pixel), or 0 for one product: blocks of about
 * BLOCK_BYTES, at least two of them, and at least one per thread.
 */
export function innerBlock(m: number, n: number, k: number, threads: number): number {
  const block = Math.max(64, Math.floor(BLOCK_BYTES / (4 * (m + n))));
  return k < 2 * block ? 0 : Math.min(block, Math.ceil(k / threads));
}

/**
 * Wraps a BatchMatMul or _FusedMatMul kernel: float32 products of two matrices whose [m, n]
 * output holds at least one 4×8 tile, with no activation but relu, run in gemmSimd's kernels; a
 * transposed left factor is read where it lies, a transposed right one is transposed first.
 * Everything else goes to `original`.
 */
export function unpackedProduct(original: KernelFn): KernelFn {
  const tsdlUnpackedProduct: KernelFn = (args) => {
    const product = ownGemm() ? matrixProduct(args) : undefined;
    if (!product) return original(args);
    const { a, b, bias, transposeA: ta, transposeB: tb, m, k, n, outShape } = product;
    const relu = ACTIVATIONS[product.activation];
    if (relu === undefined || !gemmFits(m, n) || k === 0 || (bias && bias.shape[0] !== n)) return original(args);
    const gemm = gemmFor(args.backend);
    if (!gemm) return original(args);
    const backend = args.backend as unknown as HeapBackend;
    const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    const b2 = tb ? transposeLastTwo(b, args.backend) : b;
    // Each thread lists the nonzero columns of its current row of tiles here.
    const scratch = skipZeros() ? backend.makeOutput([2 * gemm.threads * k], "int32") : undefined;
    const kBlock = ta && !bias && !relu ? innerBlock(m, n, k, gemm.threads) : 0;
    const sums = kBlock ? columnSumsSimd(heapMemory(args.backend)!) : undefined;
    const partials = sums ? backend.makeOutput([Math.ceil(k / kBlock), m * n], "float32") : undefined;
    try {
      const out = backend.makeOutput(outShape, "float32");
      const request = { transposedA: ta, a: at(a), b: at(b2), m, n, k, bias: bias ? at(bias) : 0, relu, list: scratch ? at(scratch) : 0, rowsFirst: 4 * k * n <= ROWS_FIRST_BYTES, byRow: !ta && !!scratch && byRow(a, m, k, n, backend) };
      if (partials && sums) {
        gemm.run({ ...request, c: at(partials), kBlock });
        sums(at(partials), at(out), partials.shape[0]!, m * n);
      } else {
        gemm.run({ ...request, c: at(out) });
      }
      return out;
    } finally {
      if (b2 !== b) args.backend.disposeData(b2.dataId);
      if (scratch) args.backend.disposeData(scratch.dataId);
      if (partials) args.backend.disposeData(partials.dataId);
    }
  };
  return tsdlUnpackedProduct;
}
