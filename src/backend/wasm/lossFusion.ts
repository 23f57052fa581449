// Routes a compiled model's categorical crossentropy and accuracy, and softmax's gradient, through the
// kernels of lossKernels.ts on every backend that registers them, and through tfjs's own ops elsewhere.
// tfjs-layers keeps its loss and metric functions private, so compile is wrapped: after it has chosen
// them, the ones named categoricalCrossentropy and categoricalAccuracy (its bundle renames them
// categoricalCrossentropy$2 and so on) are wrapped in turn.
import * as tf from "@tensorflow/tfjs";

import { ACCURACY, CROSSENTROPY, CROSSENTROPY_GRAD, SOFTMAX_GRAD } from "./lossKernels";

type Pair = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
interface CompiledModel {
  lossFunctions: Pair[];
  metricsTensors: [Pair, number][];
}
type Compile = (this: tf.LayersModel, args: tf.ModelCompileArgs) => void;

/** Whether the current backend has `kernel` and the pair is what it takes: float32 predictions, float32 or int32 targets of their shape. */
function fusable(kernel: string, target: tf.Tensor, output: tf.Tensor): boolean {
  return (
    tf.getKernel(kernel, tf.getBackend()) !== undefined &&
    output.dtype === "float32" &&
    (target.dtype === "float32" || target.dtype === "int32") &&
    output.rank >= 1 &&
    tf.util.arraysEqual(target.shape, output.shape)
  );
}

/** tfjs-layers' categoricalCrossentropy, as one kernel with a one-kernel gradient where the backend has them. */
export function fusedCrossentropy(original: Pair): Pair {
  const categoricalCrossentropy: Pair = (target, output) => {
    if (!fusable(CROSSENTROPY, target, output)) return original(target, output);
    const loss = (p: tf.Tensor, save: tf.GradSaveFunc) => {
      save([p]);
      return {
        value: tf.engine().runKernel(CROSSENTROPY, { target, output: p }) as tf.Tensor,
        gradFunc: (dy: tf.Tensor | tf.Tensor[], [saved]: tf.Tensor[]) => tf.engine().runKernel(CROSSENTROPY_GRAD, { dy: dy as tf.Tensor, target, output: saved! }) as tf.Tensor,
      };
    };
    return tf.customGrad(loss as unknown as Parameters<typeof tf.customGrad>[0])(output);
  };
  return categoricalCrossentropy;
}

/** tfjs-layers' categoricalAccuracy, as one kernel where the backend has it. */
export function fusedAccuracy(original: Pair): Pair {
  const categoricalAccuracy: Pair = (target, output) => (fusable(ACCURACY, target, output) ? (tf.engine().runKernel(ACCURACY, { target, output }) as tf.Tensor) : original(target, output));
  return categoricalAccuracy;
}

/** Whether `fn` is tfjs-layers' function `name`, under the names its bundle gives it. */
const isLayersFunction = (fn: Pair, name: string) => fn.name === name || new RegExp(`^${name}\\$\\d+$`).test(fn.name);

/** Swaps a compiled model's crossentropy losses and accuracy metrics for the fused ones. */
function fuseCompiled(model: CompiledModel): void {
  model.lossFunctions = model.lossFunctions.map((fn) => (isLayersFunction(fn, "categoricalCrossentropy") ? fusedCrossentropy(fn) : fn));
  for (const entry of model.metricsTensors) {
    if (isLayersFunction(entry[0], "categoricalAccuracy")) entry[0] = fusedAccuracy(entry[0]);
  }
}

let originalCompile: Compile | undefined;

/**
 * Wraps LayersModel.compile so that the models it compiles compute categorical crossentropy and
 * accuracy through the fused kernels, and registers softmax's gradient as one kernel, on backends that
 * have them. Idempotent.
 */
export function fuseClassifierLoss(): void {
  if (originalCompile) return;
  const proto = tf.LayersModel.prototype as unknown as { compile: Compile };
  const compile = proto.compile;
  originalCompile = compile;
  proto.compile = function (this: tf.LayersModel, args: tf.ModelCompileArgs) {
    compile.call(this, args);
    fuseCompiled(this as unknown as CompiledModel);
  };
  const softmax = tf.getGradient("Softmax");
  if (!softmax) throw new Error("fuseClassifierLoss: expected tfjs to register a gradient for Softmax; it has none");
  tf.registerGradient({
    ...softmax,
    gradFunc: (dy, saved, attrs) => {
      const [y] = saved as [tf.Tensor];
      const grad = dy as tf.Tensor;
      const dim = (attrs as { dim: number }).dim;
      const lastAxis = dim === -1 || dim === y.rank - 1;
      if (!lastAxis || !tf.getKernel(SOFTMAX_GRAD, tf.getBackend()) || y.dtype !== "float32" || grad.dtype !== "float32" || !tf.util.arraysEqual(y.shape, grad.shape)) {
        return softmax.gradFunc(dy, saved, attrs);
      }
      return { logits: () => tf.engine().runKernel(SOFTMAX_GRAD, { dy: grad, y }) as tf.Tensor };
    },
  });
}
