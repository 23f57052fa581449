// A slider bound to an optimizer's learning rate, so a student can change it while `fit` runs: tfjs reads
// the rate at every step, and widget messages are handled between batches.
import * as tf from "@tensorflow/tfjs";
import { valueText } from "../args/describe";
import { Slider, slider, SliderOptions } from "./slider";

type WithRate = tf.Optimizer & { learningRate?: unknown; setLearningRate?: (lr: number) => void };

function optimizerOf(fn: string, arg: string, target: unknown): WithRate {
  // tf.Optimizer's instanceof reads a property of its operand, so only objects are asked.
  if (target !== null && typeof target === "object") {
    if (target instanceof tf.Optimizer) return target as WithRate;
    if (target instanceof tf.LayersModel) {
      const opt = (target as tf.LayersModel).optimizer as WithRate | undefined;
      if (!opt) throw new TypeError(`${fn}: expected ${arg} to be a compiled model (call model.compile({ optimizer, loss }) first); got a model without an optimizer`);
      return opt;
    }
  }
  throw new TypeError(`${fn}: expected ${arg} to be a compiled tf.LayersModel or a tf.Optimizer (tf.train.sgd(0.01), …); got ${valueText(target)}`);
}

/** Sets an optimizer's learning rate: SGD and momentum keep it as a tensor (setLearningRate), the others read the field. */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const opt = optimizerOf("setLearningRate", "optimizer", optimizer);
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0) throw new TypeError(`setLearningRate: expected lr to be a finite number ≥ 0; got ${valueText(lr)}`);
  if (typeof opt.setLearningRate === "function") opt.setLearningRate(lr);
  else opt.learningRate = lr;
}

/**
 * A slider that sets the learning rate of `model`'s optimizer (or of an optimizer) whenever it moves, also
 * while `model.fit` runs: the next batch uses the new rate. Its value starts at the current rate.
 *
 * @example display(learningRateSlider(model, { min: 1e-4, max: 0.05, step: 1e-4 }));
 *          await model.fit(xs, ys, { epochs: 20, callbacks: [liveProgress({ stopButton: true })] })
 */
export function learningRateSlider(target: tf.LayersModel | tf.Optimizer, options: Omit<SliderOptions, "int"> = {}): Slider {
  const opt = optimizerOf("learningRateSlider", "target", target);
  const current = opt.learningRate;
  if (typeof current !== "number" || !Number.isFinite(current)) throw new TypeError(`learningRateSlider: the optimizer ${opt.getClassName()} has no numeric learning rate; got ${valueText(current)}`);
  if (options === null || typeof options !== "object") throw new TypeError(`learningRateSlider: expected an options object; got ${valueText(options)}`);
  const min = options.min ?? 0;
  const max = options.max ?? Math.max(current * 10, min);
  const s = slider({ description: "learning rate", readoutFormat: ".4~g", step: (max - min) / 1000 || 1e-6, value: Math.min(max, Math.max(min, current)), ...options, min, max });
  s.observe<number>(({ new: lr }) => setLearningRate(opt, lr));
  setLearningRate(opt, s.value);
  return s;
}
