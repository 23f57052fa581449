// confusionMatrix: which classes a classifier confuses, from labels and predictions.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, names, OptionRules, text } from "../args/options";
import { Chart } from "./chart";
import { confusionCounts, confusionSpec, confusionSummary } from "./specs/confusion";
import { checkNumericTensor, toNumbers } from "./values";

export interface ConfusionMatrixOptions {
  /** Names of the classes 0, 1, …; their number sets the matrix size. */
  classNames?: string[];
  title?: string;
}

/** More classes make a chart nobody can read, and a label of 10^9 would allocate 10^18 cells. */
const MAX_CLASSES = 100;

const CONFUSION_OPTIONS: OptionRules<ConfusionMatrixOptions> = { classNames: names, title: text };

/** Class indices from an array, a 1-D tensor of indices or a 2-D tensor of scores/one-hot rows (argmax). */
function readClasses(value: tf.Tensor | ArrayLike<number>, what: string): number[] {
  let values: number[];
  if (value instanceof tf.Tensor && value.rank === 2 && value.shape[1]! > 1) {
    checkNumericTensor(value, what);
    const indices = tf.tidy(() => tf.argMax(value, 1));
    try {
      values = toNumbers(indices, what);
    } finally {
      indices.dispose();
    }
  } else {
    values = toNumbers(value, what);
  }
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${what}: expected class indices (integers ≥ 0); got ${v} at index ${i}`);
  });
  return values;
}

/**
 * A heatmap of counts: rows are the true classes, columns the predicted ones. Accepts class
 * indices, or 2-D tensors of scores/one-hot rows (their argmax is taken).
 *
 * @example confusionMatrix(testLabels, model.predict(testImages).argMax(-1))
 */
export function confusionMatrix(labels: tf.Tensor | ArrayLike<number>, predictions: tf.Tensor | ArrayLike<number>, options: ConfusionMatrixOptions = {}): Chart {
  checkOptions("confusionMatrix", options, CONFUSION_OPTIONS);
  const truth = readClasses(labels, "confusionMatrix: labels");
  const predicted = readClasses(predictions, "confusionMatrix: predictions");
  if (truth.length !== predicted.length) throw new Error(`confusionMatrix: labels has ${truth.length} entries but predictions has ${predicted.length}; they must match`);
  if (!truth.length) throw new Error("confusionMatrix: labels and predictions are empty");
  // A loop, not Math.max(...): a million labels would overflow the call stack.
  const largest = [...truth, ...predicted].reduce((a, b) => (b > a ? b : a), 0);
  if (largest >= MAX_CLASSES) throw new RangeError(`confusionMatrix: expected class indices from 0 to ${MAX_CLASSES - 1}; got ${largest}`);
  const given = options.classNames;
  if (given !== undefined && given.length <= largest) {
    throw new Error(`confusionMatrix: options.classNames must name every class 0…${largest}; got ${given.length} names`);
  }
  const classNames = given ?? Array.from({ length: largest + 1 }, (_, i) => String(i));
  if (classNames.length > MAX_CLASSES) throw new RangeError(`confusionMatrix: options.classNames must name at most ${MAX_CLASSES} classes; got ${classNames.length}`);
  if (new Set(classNames).size !== classNames.length) throw new Error(`confusionMatrix: options.classNames must be distinct; got ${JSON.stringify(classNames)}`);
  const counts = confusionCounts(truth, predicted, classNames.length);
  return new Chart(confusionSpec(counts, classNames, { title: options.title }), confusionSummary(counts, classNames));
}
