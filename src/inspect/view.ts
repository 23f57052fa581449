// Placeholder view: replaced below.
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { formatTensor, tensorHeader } from "./format";
import { InspectOptions } from "./options";
export class TensorView {
  constructor(readonly tensor: tf.Tensor, readonly options: InspectOptions = {}) {}
  [displaySymbol](): MediaBundle {
    return { "text/plain": tensorHeader(this.tensor) + "\n" + formatTensor(this.tensor, this.options) };
  }
}
export function inspect(tensor: tf.Tensor, options: InspectOptions = {}): TensorView {
  return new TensorView(tensor, options);
}
