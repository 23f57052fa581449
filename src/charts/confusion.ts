// confusionMatrix: which classes a classifier confuses, from labels and predictions.
import { checkOptions, names, OptionRules, text } from "../args/options";
import { Chart } from "./chart";
import { ClassesLike, countClasses, MAX_CLASSES, padCounts } from "./classes";
import { confusionSpec, confusionSummary } from "./specs/confusion";

export interface ConfusionMatrixOptions {
  /** Names of the classes 0, 1, …; their number sets the matrix size. */
  classNames?: string[];
  title?: string;
}

const CONFUSION_OPTIONS: OptionRules<ConfusionMatrixOptions> = { classNames: names, title: text };

/**
 * A heatmap of counts: rows are the true classes, columns the predicted ones. Accepts class
 * indices, or 2-D tensors of scores/one-hot rows (their argmax is taken).
 *
 * @example confusionMatrix(testLabels, model.predict(testImages).argMax(-1))
 */
export function confusionMatrix(labels: ClassesLike, predictions: ClassesLike, options: ConfusionMatrixOptions = {}): Chart {
  checkOptions("confusionMatrix", options, CONFUSION_OPTIONS);
  const found = countClasses("confusionMatrix", labels, predictions);
  const given = options.classNames;
  if (given !== undefined && given.length < found.length) {
    throw new Error(`confusionMatrix: options.classNames must name every class 0…${found.length - 1}; got ${given.length} names`);
  }
  const classNames = given ?? Array.from({ length: found.length }, (_, i) => String(i));
  if (classNames.length > MAX_CLASSES) throw new RangeError(`confusionMatrix: options.classNames must name at most ${MAX_CLASSES} classes; got ${classNames.length}`);
  if (new Set(classNames).size !== classNames.length) throw new Error(`confusionMatrix: options.classNames must be distinct; got ${JSON.stringify(classNames)}`);
  const counts = padCounts(found, classNames.length);
  return new Chart(confusionSpec(counts, classNames, { title: options.title }), confusionSummary(counts, classNames));
}
