// The wasm backend's BatchMatMul and _FusedMatMul as tsdl registers them, each product going
// to the first of: small products on the calling thread (smallMatMul.ts), large ones in tsdl's
// unpacked kernel (gemmKernel.ts), and XNNPACK for the rest, reached for every transpose flag.
// tfjs-backend-wasm sends only untransposed, batch-1 products to XNNPACK; every
// transposed form falls into a scalar triple loop (batch_mat_mul_impl.cc) that runs
// ~10× slower, so the XNNPACK path transposes explicitly first.
import * as tf from "@tensorflow/tfjs";

import { KernelFn as OverrideFn, transposeLastTwo } from "./kernelOverride";
import { unpackedProduct } from "./gemmKernel";
import { smallProduct } from "./smallMatMul";

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: tf.KernelBackend; attrs?: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The kernels this module replaces, with the input names of their two factors. */
const MATMUL_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;
const BACKEND = "wasm";
/** TSDL_WASM_SWAP=0 turns packingSmallerFactor off, to measure what it brings. */
const SWAP_FACTORS = process.env.TSDL_WASM_SWAP !== "0";

/** The original configs, kept so the overrides can be removed again. */
const originals = new Map<string, tf.KernelConfig>();

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
    if (attrs.transposeA || attrs.transposeB || batch !== 1 || ra !== rb || !fresh || !packLeftFactor(m, k, n)) return original(args);
    const aT = transposeLastTwo(a, args.backend);
    const bT = transposeLastTwo(b, args.backend);
    const outT = original({ ...args, inputs: { a: bT, b: aT } }) as TensorInfo;
    try {
      return transposeLastTwo(outT, args.backend);
    } finally {
      for (const t of [aT, bT, outT]) args.backend.disposeData(t.dataId);
    }
  };
  return tsdlPackingSmallerFactor;
}

/** Whether the untransposing matmul kernels are registered for the wasm backend. */
export function matmulKernelsInstalled(): boolean {
  return originals.size > 0;
}

/**
 * Registers tsdl's BatchMatMul and _FusedMatMul kernels for the wasm backend through
 * tfjs's kernel registry. Idempotent; needs the wasm backend's
 * kernels registered (import "@tensorflow/tfjs-backend-wasm" first).
 */
export function installMatmulKernels(): void {
  if (matmulKernelsInstalled()) return;
  for (const name of MATMUL_KERNELS) {
    const config = tf.getKernel(name, BACKEND);
    if (!config) throw new Error(`installMatmulKernels: expected the wasm backend to register ${name}; it did not (import @tensorflow/tfjs-backend-wasm first)`);
    originals.set(name, config);
    tf.unregisterKernel(name, BACKEND);
    const base = config.kernelFunc as unknown as KernelFn;
    // Only the plain product may swap its factors; a fused bias or activation is laid out for a·b.
    const xnnpack = untransposingMatMul(name === "BatchMatMul" && SWAP_FACTORS ? packingSmallerFactor(base) : base);
    const kernel = smallProduct(unpackedProduct(xnnpack as OverrideFn));
    tf.registerKernel({ ...config, kernelFunc: kernel as unknown as tf.KernelFunc });
  }
}

/** Restores the wasm backend's own matmul kernels. */
export function uninstallMatmulKernels(): void {
  for (const [name, config] of originals) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(config);
  }
  originals.clear();
}
