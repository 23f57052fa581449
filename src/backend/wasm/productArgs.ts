// What a BatchMatMul or _FusedMatMul call asks for, read once for the kernels that take over
// float32 products of two matrices (batch 1): the factors, the flags, the sizes, the output shape.
import * as tf from "@tensorflow/tfjs";

import { KernelArgs, TensorInfo } from "./heap";

export interface MatrixProduct {
  a: TensorInfo;
  b: TensorInfo;
  bias?: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  /** The fused activation; "linear" when there is none. */
  activation: string;
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

/**
 * The product `args` asks for, or undefined when it is not a float32 product of two matrices
 * (a batch of one each) with a rank-1 float32 bias, if any, and no PReLU weights.
 */
export function matrixProduct(args: KernelArgs): MatrixProduct | undefined {
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
  const attrs = args.attrs ?? {};
  if (!a || !b || a.dtype !== "float32" || b.dtype !== "float32" || preluActivationWeights) return undefined;
  if (bias && (bias.dtype !== "float32" || bias.shape.length !== 1)) return undefined;
  const [ra, rb] = [a.shape.length, b.shape.length];
  if (tf.util.sizeFromShape(a.shape.slice(0, -2)) !== 1 || tf.util.sizeFromShape(b.shape.slice(0, -2)) !== 1) return undefined;
  const [transposeA, transposeB] = [Boolean(attrs.transposeA), Boolean(attrs.transposeB)];
  const m = a.shape[transposeA ? ra - 1 : ra - 2]!;
  const k = a.shape[transposeA ? ra - 2 : ra - 1]!;
  const n = b.shape[transposeB ? rb - 2 : rb - 1]!;
  const outShape = [...tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2)), m, n];
  return { a, b, bias, transposeA, transposeB, activation: (attrs.activation as string | undefined) ?? "linear", m, k, n, outShape };
}
