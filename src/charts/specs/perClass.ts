// Per-class accuracy: a dot per class (its recall, the share of its examples classified right) beside a
// table of precision, recall, F1 and support, on the same rows.
import { PALETTE, topLevel, VegaLiteSpec } from "./common";

/** How a classifier does on one class. Precision is NaN for a class never predicted, recall for a class never seen. */
export interface ClassScore {
  name: string;
  /** Examples of this class. */
  support: number;
  /** Examples predicted as this class. */
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
}

/** The scores of each class from confusion counts (counts[true][predicted]). */
export function classScores(counts: number[][], classNames: string[]): ClassScore[] {
  return classNames.map((name, k) => {
    const support = counts[k]!.reduce((a, b) => a + b, 0);
    const predicted = counts.reduce((a, row) => a + row[k]!, 0);
    const correct = counts[k]![k]!;
    const precision = predicted ? correct / predicted : NaN;
    const recall = support ? correct / support : NaN;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision === 0 || recall === 0 ? 0 : NaN;
    return { name, support, predicted, correct, precision, recall, f1 };
  });
}

/** 0.9731 → "97.3%"; NaN → "—". */
export function percentText(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : "—";
}

export const SCORE_COLUMNS = ["precision", "recall", "F1", "support"] as const;

export function perClassSpec(scores: ClassScore[], accuracy: number, options: { title?: string; width?: number } = {}): VegaLiteSpec {
  const names = scores.map((s) => s.name);
  const row = Math.max(12, Math.min(24, Math.floor(360 / scores.length)));
  const height = row * scores.length;
  const y = { field: "class", type: "ordinal", sort: names, title: "class", axis: { labelAngle: 0, ticks: false, domain: false } };
  // A dot per class on an axis zoomed to the recalls: at 97–99% bars from 0 would all look full.
  const finite = scores.map((s) => s.recall).filter(Number.isFinite);
  const low = finite.length ? Math.min(accuracy, ...finite) : 0;
  const start = Math.max(0, Math.floor((low - 0.02) * 20) / 20);
  const x = { field: "recall", type: "quantitative", title: `accuracy on the class (recall)${start > 0 ? `, from ${percentText(start).replace(".0%", "%")}` : ""}`, scale: { domain: [start, 1], nice: false, zero: false }, axis: { format: "%" } };
  const dots = {
    width: options.width ?? 300,
    height,
    layer: [
      {
        data: { values: scores.map((s) => ({ class: s.name, recall: Number.isFinite(s.recall) ? s.recall : null, start, text: percentText(s.recall), support: s.support })) },
        layer: [
          { mark: { type: "rule", color: "#c6d4e6", strokeWidth: 2 }, encoding: { y, x, x2: { field: "start" } } },
          {
            mark: { type: "point", filled: true, size: 70, color: PALETTE[0], opacity: 1 },
            encoding: { y, x, tooltip: [{ field: "class", type: "nominal" }, { field: "text", type: "nominal", title: "recall" }, { field: "support", type: "quantitative" }] },
          },
        ],
      },
      {
        data: { values: [{ recall: accuracy, text: `overall ${percentText(accuracy)}` }] },
        layer: [
          { mark: { type: "rule", color: PALETTE[1], strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x } },
          { mark: { type: "text", color: PALETTE[1], align: "right", baseline: "bottom", dx: -3, y: 0, dy: -3, fontSize: 10 }, encoding: { x, text: { field: "text" } } },
        ],
      },
    ],
  };
  const cell = (s: ClassScore, column: (typeof SCORE_COLUMNS)[number]) =>
    column === "support" ? String(s.support) : percentText(column === "precision" ? s.precision : column === "recall" ? s.recall : s.f1);
  const table = {
    width: 64 * SCORE_COLUMNS.length,
    height,
    data: { values: scores.flatMap((s) => SCORE_COLUMNS.map((column) => ({ class: s.name, column, text: cell(s, column) }))) },
    view: { stroke: null },
    mark: { type: "text", fontSize: Math.min(11, row - 3) },
    encoding: {
      y: { ...y, axis: null },
      x: { field: "column", type: "ordinal", sort: [...SCORE_COLUMNS], title: null, axis: { orient: "top", labelAngle: 0, ticks: false, domain: false } },
      text: { field: "text" },
    },
  };
  return topLevel({ hconcat: [dots, table], spacing: 12 }, options.title ?? "Per-class accuracy");
}
