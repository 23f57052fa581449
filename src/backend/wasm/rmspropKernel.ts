// RMSprop's update as one fused kernel on the wasm backend. tfjs's RMSPropOptimizer
// spends 14 element-wise kernels per variable and step (it even computes the new mean
// square twice); on Dense(784→512) weights each is a pass over 401k floats. One SIMD
// loop over the wasm heap (rmspropSimd) does the same arithmetic in a single pass;
// rmspropStep is the JavaScript fallback for runtimes without WebAssembly SIMD.
import * as tf from "@tensorflow/tfjs";
import { HeapBackend, heapMemory, KernelFn } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";
import { rmspropSimd } from "./rmspropSimd";

type TensorInfo = tf.TensorInfo;

/** The registered name of the fused update kernel. */
export const RMSPROP_UPDATE = "TsdlRMSPropUpdate";

export interface RMSPropAttrs {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
}

/**
 * One RMSprop step, as tfjs's non-centered RMSPropOptimizer computes it:
 * ms' = decay·ms + (1−decay)·g², mom' = momentum·mom + lr·g/√(ms'+ε), x' = x − mom'.
 * Writes into the three output arrays; pure apart from them.
 */
export function rmspropStep(
  x: Float32Array,
  g: Float32Array,
  ms: Float32Array,
  mom: Float32Array,
  out: { x: Float32Array; ms: Float32Array; mom: Float32Array },
  a: RMSPropAttrs,
): void {
  // Plain locals: V8 keeps them in registers; this loop is the whole kernel.
  const [lr, keep, take, momentum, eps] = [a.learningRate, a.decay, 1 - a.decay, a.momentum, a.epsilon];
  const [xOut, msOut, momOut] = [out.x, out.ms, out.mom];
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const m = keep * ms[i]! + take * gi * gi;
    const v = momentum * mom[i]! + (lr * gi) / Math.sqrt(m + eps);
    msOut[i] = m;
    momOut[i] = v;
    xOut[i] = x[i]! - v;
  }
}

/**
 * Returns [x', ms', mom'], or with `slotsInPlace` only [x'] after writing ms' and mom' over
 * ms and mom: the optimizer's slots belong to it alone, and three fresh heap blocks per
 * step cost more than the arithmetic. x always gets a new block, because the matmul
 * kernels cache packed weights by tensor.
 */
function rmspropUpdate(args: { inputs: Record<string, TensorInfo>; backend: tf.KernelBackend; attrs: Record<string, unknown> }): TensorInfo[] {
  const { x, g, ms, mom } = args.inputs as { x: TensorInfo; g: TensorInfo; ms: TensorInfo; mom: TensorInfo };
  const backend = args.backend as unknown as HeapBackend;
  const attrs = args.attrs as unknown as RMSPropAttrs & { slotsInPlace?: boolean };
  const outs = (attrs.slotsInPlace ? [x] : [x, ms, mom]).map((t) => backend.makeOutput([...t.shape], "float32"));
  const [xOut, msOut, momOut] = attrs.slotsInPlace ? [outs[0]!, ms, mom] : outs as [TensorInfo, TensorInfo, TensorInfo];
  const memory = heapMemory(args.backend);
  const simd = memory && rmspropSimd(memory);
  if (simd) {
    const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
    // 1 − decay rounded once to float32, as tfjs's scalar holds it.
    simd(at(x), at(g), at(ms), at(mom), at(xOut), at(msOut), at(momOut), tf.util.sizeFromShape(x.shape), attrs.learningRate, attrs.decay, Math.fround(1 - attrs.decay), attrs.momentum, attrs.epsilon);
  } else {
    // Views after every allocation: growing the heap replaces its buffer.
    const view = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    rmspropStep(view(x), view(g), view(ms), view(mom), { x: view(xOut), ms: view(msOut), mom: view(momOut) }, attrs);
  }
  return outs;
}

type ApplyGradients = (this: tf.RMSPropOptimizer, grads: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]) => void;
interface RMSPropState {
  learningRate: number;
  decay: number;
  momentum: number;
  epsilon: number;
  centered: boolean;
  accumulatedMeanSquares: { originalName: string; variable: tf.Variable }[];
  accumulatedMoments: { originalName: string; variable: tf.Variable }[];
  incrementIterations(): void;
}

let originalApply: ApplyGradients | undefined;

/**
 * applyGradients through the fused kernel, with the optimizer's own slots (names,
 * order, zero start) so getWeights/setWeights and saving keep working.
 */
function fusedApplyGradients(this: tf.RMSPropOptimizer, variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
  const self = this as unknown as RMSPropState;
  if (self.centered || !tf.getKernel(RMSPROP_UPDATE, tf.getBackend())) return originalApply!.call(this, variableGradients);
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  if (names.some((n) => tf.engine().registeredVariables[n]?.dtype !== "float32")) return originalApply!.call(this, variableGradients);
  const attrs: RMSPropAttrs = { learningRate: self.learningRate, decay: self.decay, momentum: self.momentum, epsilon: self.epsilon };
  names.forEach((name, i) => {
    const value = tf.engine().registeredVariables[name]!;
    const slot = (suffix: string) => ({ originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
    self.accumulatedMeanSquares[i] ??= slot("rms");
    self.accumulatedMoments[i] ??= slot("momentum");
    const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
    if (gradient == null) return;
    const ms = self.accumulatedMeanSquares[i]!.variable;
    const mom = self.accumulatedMoments[i]!.variable;
    // A slot shared with another tensor (a clone, say) must not change under it.
    const backend = tf.backend() as unknown as HeapBackend;
    const slotsInPlace = backend.refCount(ms.dataId) === 1 && backend.refCount(mom.dataId) === 1;
    tf.tidy(() => {
      const [x2, ms2, mom2] = tf.engine().runKernel(RMSPROP_UPDATE, { x: value, g: gradient, ms, mom }, { ...attrs, slotsInPlace } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      if (!slotsInPlace) {
        ms.assign(ms2!);
        mom.assign(mom2!);
      }
      value.assign(x2!);
    });
  });
  self.incrementIterations();
}

export const rmspropOverrides: WasmKernelOverride[] = [{ kernelName: RMSPROP_UPDATE, add: rmspropUpdate as unknown as KernelFn }];

/**
 * Routes RMSPropOptimizer.applyGradients through the fused kernel on every backend that registers
 * it (rmspropOverrides), with tfjs's own element-wise chain elsewhere. Idempotent.
 */
export function fuseRmsprop(): void {
  if (originalApply) return;
  const proto = tf.RMSPropOptimizer.prototype as unknown as { applyGradients: ApplyGradients };
  originalApply = proto.applyGradients;
  proto.applyGradients = fusedApplyGradients;
}
