// The wasm backend's BatchMatMul and _FusedMatMul as tsdl registers them, each product going
// to the first of: small products on the calling thread (smallMatMul.ts), large ones in tsdl's
// unpacked kernel (gemmKernel.ts), and XNNPACK for the rest, reached for every transpose flag.
// tfjs-backend-wasm sends only untransposed, batch-1 products to XNNPACK; every
// transposed form falls into a scalar triple loop (batch_mat_mul_impl.cc) that runs
// ~10× slower, so the XNNPACK path transposes explicitly first.
import * as tf from "@tensorflow/tfjs";

import { unpackedProduct } from "./gemmKernel";
import { KernelFn, TensorInfo, transposeLastTwo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";
import { tuningOptions } from "./options";
import { smallProduct } from "./smallMatMul";

/**
 * Wraps a matmul kernel so that transposed factors are transposed explicitly and the
 * original kernel sees only `transposeA = transposeB = false`. Pure in the sense that
 * it returns a new kernel function and registers nothing.
 */
export function untransposingMatMul(original: KernelFn): KernelFn {
  const tsdlUntransposingMatMul: KernelFn = (args) => {
    const attrs = args.attrs ?? {};
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const temporaries: TensorInfo[] = [];
    const plain = (x: TensorInfo, transposed: unknown) => {
      if (!transposed) return x;
      const t = transposeLastTwo(x, args.backend);
      temporaries.push(t);
      return t;
    };
    try {
      return original({
        ...args,
        inputs: { ...args.inputs, a: plain(a, attrs.transposeA), b: plain(b, attrs.transposeB) },
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporaries) args.backend.disposeData(t.dataId);
    }
  };
  return tsdlUntransposingMatMul;
}

/**
 * Whether XNNPACK should pack the left factor instead of the right one: it packs (and
 * transposes) the right factor into a new operator whenever it has not seen that
 * tensor before, which in training is every step, since the optimizer replaces the
 * weights. Packing is slow per element, so when the right factor is much larger than
 * everything the swap moves (a, its transpose and the output), the swap wins:
 * a·b = (bᵀ·aᵀ)ᵀ. For Dense(784→512) at batch 128: 401k elements packed vs 264k moved.
 */
export function packLeftFactor(m: number, k: number, n: number): boolean {
  return k * n > 2 * m * k + m * n;
}

/**
 * Wraps an untransposed batch-1 matmul kernel: the first product with a given right
 * factor runs as (bᵀ·aᵀ)ᵀ when packLeftFactor says so; a right factor seen before
 * (weights at inference) takes the original path, where XNNPACK reuses its operator.
 */
export function packingSmallerFactor(original: KernelFn): KernelFn {
  const seen = new WeakSet<object>();
  const tsdlPackingSmallerFactor: KernelFn = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    const attrs = args.attrs ?? {};
    const [ra, rb] = [a.shape.length, b.shape.length];
    const batch = tf.util.sizeFromShape(a.shape.slice(0, -2)) * tf.util.sizeFromShape(b.shape.slice(0, -2));
    const [m, k, n] = [a.shape[ra - 2]!, a.shape[ra - 1]!, b.shape[rb - 1]!];
    const fresh = !seen.has(b.dataId);
    seen.add(b.dataId);
    if (!tuningOptions().swapFactors || attrs.transposeA || attrs.transposeB || batch !== 1 || ra !== rb || !fresh || !packLeftFactor(m, k, n)) return original(args);
    const aT = transposeLastTwo(a, args.backend);
    const bT = transposeLastTwo(b, args.backend);
    const outT = original({ ...args, inputs: { a: bT, b: aT } });
    try {
      return transposeLastTwo(outT, args.backend);
    } finally {
      for (const t of [aT, bT, outT]) args.backend.disposeData(t.dataId);
    }
  };
  return tsdlPackingSmallerFactor;
}

/** A product kernel that sends each product to the first path that takes it: small, unpacked, XNNPACK. */
function matmulKernel(name: string): (original: KernelFn) => KernelFn {
  // Only the plain product may swap its factors; a fused bias or activation is laid out for a·b.
  return (original) => smallProduct(unpackedProduct(untransposingMatMul(name === "BatchMatMul" ? packingSmallerFactor(original) : original)));
}

export const matmulOverrides: WasmKernelOverride[] = ["BatchMatMul", "_FusedMatMul"].map((kernelName) => ({ kernelName, wrap: matmulKernel(kernelName) }));
