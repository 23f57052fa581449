// ReLU's gradient as one kernel on the wasm backend: tfjs computes dy·step(x) as Step, Cast and
// Multiply, two passes and a temporary over the layer's whole output (a [64,26,26,32] convolution's
// 1.4 M floats). One SIMD pass computes the same products. Relu's registered gradient runs it on every
// backend that has the kernel, and tfjs's own chain elsewhere.
import * as tf from "@tensorflow/tfjs";

import { elementwiseSimd } from "./elementwiseSimd";
import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";

/** The registered name of the fused gradient kernel. */
export const RELU_GRAD = "TsdlReluGrad";

/** dy · step(x) for float32 tensors of one shape, in one pass. */
const reluGrad: KernelFn = (args) => {
  const { dy, x } = args.inputs as { dy: TensorInfo; x: TensorInfo };
  const heap = args.backend as unknown as HeapBackend;
  const memory = heapMemory(args.backend);
  const simd = memory && elementwiseSimd(memory);
  const out = heap.makeOutput([...x.shape], "float32");
  const n = tf.util.sizeFromShape(x.shape);
  if (simd) {
    simd.reluGrad(heap.getMemoryOffset(dy.dataId), heap.getMemoryOffset(x.dataId), heap.getMemoryOffset(out.dataId), n);
    return out;
  }
  // Views after the allocation: growing the heap replaces its buffer.
  const [d, v, o] = [dy, x, out].map((t) => heap.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
  for (let i = 0; i < n; i++) o[i] = d[i]! * (Number.isNaN(v[i]) ? Number.NaN : v[i]! > 0 ? 1 : 0);
  return out;
};

export const reluGradOverrides: WasmKernelOverride[] = [{ kernelName: RELU_GRAD, add: reluGrad }];

let fused = false;

/**
 * Registers Relu's gradient as the fused kernel where the backend has it (float32 operands of one
 * shape), tfjs's own gradient everywhere else. Idempotent.
 */
export function fuseReluGradient(): void {
  if (fused) return;
  const original = tf.getGradient("Relu");
  if (!original) throw new Error("fuseReluGradient: expected tfjs to register a gradient for Relu; it has none");
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const grad = dy as tf.Tensor;
      if (!tf.getKernel(RELU_GRAD, tf.getBackend()) || x.dtype !== "float32" || grad.dtype !== "float32" || !tf.util.arraysEqual(x.shape, grad.shape)) return original.gradFunc(dy, saved, attrs);
      return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: grad, x }) as tf.Tensor };
    },
  });
  fused = true;
}
