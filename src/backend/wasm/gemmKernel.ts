// Routes large float32 products of the wasm backend to gemmSimd's kernels on tsdl's own threads:
// the forward product of a Dense layer with its bias and relu, and both weight-gradient forms.
// XNNPACK would first pack the right factor, which in training is new every step.
import * as tf from "@tensorflow/tfjs";

import { gemmFits } from "./gemmSimd";
import { threadedGemm, ThreadedGemm } from "./gemmThreads";
import { HeapBackend, heapMemory, KernelFn, TensorInfo, transposeLastTwo } from "./heap";
import { tuningOptions } from "./options";
import { matrixProduct } from "./productArgs";
import { wasmThreading } from "./threads";

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
    const scratch = skipZeros() ? backend.makeOutput([gemm.threads * k], "int32") : undefined;
    try {
      const out = backend.makeOutput(outShape, "float32");
      gemm.run({ transposedA: ta, a: at(a), b: at(b2), c: at(out), m, n, k, bias: bias ? at(bias) : 0, relu, list: scratch ? at(scratch) : 0 });
      return out;
    } finally {
      if (b2 !== b) args.backend.disposeData(b2.dataId);
      if (scratch) args.backend.disposeData(scratch.dataId);
    }
  };
  return tsdlUnpackedProduct;
}
