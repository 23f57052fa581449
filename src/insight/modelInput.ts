// Inputs for running a model: checked against the model's input shape, with errors that show the shape
// expected (None for the batch) and the one received.
import * as tf from "@tensorflow/tfjs";
import { describeValue, shapeText } from "../args/describe";
import { assertNumericTensor } from "../args/values";
import { kerasShape } from "../shapes/modelGraph";

/** The model's only input shape; several inputs are refused by name. */
export function singleInputShape(fn: string, model: tf.LayersModel): (number | null)[] {
  if (model.inputs.length !== 1) {
    throw new Error(`${fn}: expected a model with one input; model "${model.name}" has ${model.inputs.length} (${model.inputs.map((s) => s.name).join(", ")})`);
  }
  return model.inputs[0]!.shape;
}

function fits(expected: readonly (number | null)[], shape: readonly number[]): boolean {
  return shape.length === expected.length && expected.every((d, i) => d === null || d === shape[i]);
}

/** Throws unless `input` is a live numeric batch `[N, ...]` that the model's input accepts, with N ≥ 1. */
export function assertBatch(fn: string, arg: string, model: tf.LayersModel, input: unknown): asserts input is tf.Tensor {
  const expected = singleInputShape(fn, model);
  if (!(input instanceof tf.Tensor)) throw new TypeError(`${fn}: expected ${arg} to be a tf.Tensor of shape ${kerasShape(expected)}; got ${describeValue(input)}`);
  assertNumericTensor(fn, arg, input);
  if (!fits(expected, input.shape)) throw new Error(`${fn}: expected ${arg} to have shape ${kerasShape(expected)} (model "${model.name}"'s input); got ${kerasShape(input.shape)}`);
  if (input.shape[0] === 0) throw new Error(`${fn}: expected ${arg} to hold at least one example; got an empty batch of shape ${shapeText(input.shape)}`);
}

/** One example as a batch of one: `input` is one example (the input shape without its batch axis) or a batch of exactly one. */
export function oneExample(fn: string, model: tf.LayersModel, input: unknown): tf.Tensor {
  const expected = singleInputShape(fn, model);
  const one = expected.slice(1);
  const wanted = `${kerasShape(one as number[])} (one example) or ${kerasShape([1, ...one] as number[])}`;
  if (!(input instanceof tf.Tensor)) throw new TypeError(`${fn}: expected input to be a tf.Tensor of shape ${wanted}; got ${describeValue(input)}`);
  assertNumericTensor(fn, "input", input);
  if (fits(one, input.shape)) return tf.expandDims(input, 0);
  if (fits(expected, input.shape) && input.shape[0] === 1) return tf.clone(input);
  throw new Error(`${fn}: expected input to have shape ${wanted}, as model "${model.name}" takes ${kerasShape(expected)}; got ${kerasShape(input.shape)}`);
}
