// Matmul kernels for the wasm backend that reach XNNPACK for every transpose flag.
// tfjs-backend-wasm sends only untransposed, batch-1 products to XNNPACK; every
// transposed form falls into a scalar triple loop (batch_mat_mul_impl.cc) that runs
// ~10× slower. Backprop through a Dense layer is exactly such a form (X^T·dY, dY·W^T),
// so these kernels transpose explicitly first and let the original kernel do the rest.
import * as tf from "@tensorflow/tfjs";

type TensorInfo = tf.TensorInfo;
type KernelArgs = { inputs: Record<string, TensorInfo | undefined>; backend: tf.KernelBackend; attrs?: Record<string, unknown> };
type KernelFn = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The kernels this module replaces, with the input names of their two factors. */
const MATMUL_KERNELS = ["BatchMatMul", "_FusedMatMul"] as const;
const BACKEND = "wasm";

/** The original configs, kept so the overrides can be removed again. */
const originals = new Map<string, tf.KernelConfig>();

function kernelFunc(name: string, backend = BACKEND): KernelFn {
  const config = tf.getKernel(name, backend);
  if (!config) throw new Error(`tsdl backend: expected the ${backend} backend to have a ${name} kernel; it has none`);
  return config.kernelFunc as unknown as KernelFn;
}

/** Swaps the last two axes of `x` on `backend`; the caller disposes the result. */
function transposeLastTwo(x: TensorInfo, backend: tf.KernelBackend): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return kernelFunc("Transpose")({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

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

/** Whether the untransposing matmul kernels are registered for the wasm backend. */
export function matmulKernelsInstalled(): boolean {
  return originals.size > 0;
}

/**
 * Registers the untransposing BatchMatMul and _FusedMatMul kernels for the wasm
 * backend through tfjs's kernel registry. Idempotent; needs the wasm backend's
 * kernels registered (import "@tensorflow/tfjs-backend-wasm" first).
 */
export function installMatmulKernels(): void {
  if (matmulKernelsInstalled()) return;
  for (const name of MATMUL_KERNELS) {
    const config = tf.getKernel(name, BACKEND);
    if (!config) throw new Error(`installMatmulKernels: expected the wasm backend to register ${name}; it did not (import @tensorflow/tfjs-backend-wasm first)`);
    originals.set(name, config);
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel({ ...config, kernelFunc: untransposingMatMul(config.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc });
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
