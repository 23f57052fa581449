// perClassAccuracy(labels, predictions): how well a classifier does on each class, as bars and a table of
// precision, recall, F1 and support. tfjs-vis's metrics.perClassAccuracy, shown.
import { checkOptions, names, OptionRules, text } from "../args/options";
import { Chart } from "../charts/chart";
import { ClassesLike, countClasses, MAX_CLASSES, padCounts } from "../charts/classes";
import { ClassScore, classScores, percentText, perClassSpec } from "../charts/specs/perClass";
import { Report } from "../display/report";

export interface PerClassAccuracyOptions {
  /** Names of the classes 0, 1, …; their number is the number of classes. */
  classNames?: string[];
  title?: string;
}

const OPTIONS: OptionRules<PerClassAccuracyOptions> = { classNames: names, title: text };

/** The table: precision, recall, F1 and support per class, the class with the lowest recall in red. */
function scoresReport(classes: ClassScore[], accuracy: number, total: number): Report {
  const num = (title: string) => ({ title, numeric: true, code: true });
  const worst = classes.filter((c) => Number.isFinite(c.recall)).reduce<ClassScore | undefined>((w, c) => (!w || c.recall < w.recall ? c : w), undefined);
  return new Report({
    title: `Per-class accuracy: ${total} examples, accuracy ${percentText(accuracy)}`,
    columns: [{ title: "class" }, num("precision"), num("recall"), num("F1"), num("support")],
    rows: classes.map((c) => [c === worst ? { warn: c.name } : c.name, percentText(c.precision), percentText(c.recall), percentText(c.f1), String(c.support)]),
    footer: [
      ...(worst ? [`lowest recall: ${worst.name} (${percentText(worst.recall)})`] : []),
      "precision: of the examples predicted as the class, the share right; recall: of the class's examples, the share found",
    ],
    className: "tsdl-per-class",
  });
}

/** The chart (its text is the table), with the scores it shows; `report()` gives the table alone, as text and HTML. */
export class PerClassAccuracy extends Chart {
  constructor(
    spec: Chart["spec"],
    /** One entry per class, in class order. */
    readonly classes: ClassScore[],
    /** The share of all examples classified right. */
    readonly accuracy: number,
    readonly total: number,
  ) {
    super(spec, scoresReport(classes, accuracy, total).toString());
  }

  report(): Report {
    return scoresReport(this.classes, this.accuracy, this.total);
  }
}

/**
 * Precision and recall of every class, from true labels and predictions (class indices, or 2-D score or
 * one-hot tensors, whose argmax is taken): a bar per class of its accuracy (recall) with the overall
 * accuracy marked, beside the table. Tensors are counted in tf; only the counts leave the backend.
 *
 * @example perClassAccuracy(test.labels, model.predict(testImages))
 */
export function perClassAccuracy(labels: ClassesLike, predictions: ClassesLike, options: PerClassAccuracyOptions = {}): PerClassAccuracy {
  checkOptions("perClassAccuracy", options, OPTIONS);
  const given = options.classNames;
  if (given !== undefined && (given.length < 1 || given.length > MAX_CLASSES)) throw new RangeError(`perClassAccuracy: options.classNames must name 1 to ${MAX_CLASSES} classes; got ${given.length}`);
  if (given !== undefined && new Set(given).size !== given.length) throw new Error(`perClassAccuracy: options.classNames must be distinct; got ${JSON.stringify(given)}`);
  const found = countClasses("perClassAccuracy", labels, predictions, given?.length);
  const classNames = given ?? found.map((_, i) => String(i));
  const counts = padCounts(found, classNames.length);
  const scores = classScores(counts, classNames);
  const total = scores.reduce((a, s) => a + s.support, 0);
  const accuracy = scores.reduce((a, s) => a + s.correct, 0) / total;
  return new PerClassAccuracy(perClassSpec(scores, accuracy, { title: options.title }), scores, accuracy, total);
}
