// The confusion matrix: counts of (true class, predicted class) as a heatmap with the counts written in.
import { textTable } from "../../display/html";
import { topLevel, VegaLiteSpec } from "./common";

/** counts[t][p]: how many examples of true class t were predicted as p. */
export function confusionCounts(labels: number[], predictions: number[], numClasses: number): number[][] {
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  labels.forEach((t, i) => counts[t]![predictions[i]!]!++);
  return counts;
}

/** A vega-lite heatmap: true class down, predicted class across, each cell labelled with its count. */
export function confusionSpec(counts: number[][], classNames: string[], options: { title?: string; cellSize?: number } = {}): VegaLiteSpec {
  const max = Math.max(1, ...counts.flat());
  const values = counts.flatMap((row, t) => row.map((n, p) => ({ actual: classNames[t]!, predicted: classNames[p]!, count: n, dark: n > max * 0.55 })));
  const cell = options.cellSize ?? Math.max(28, Math.min(60, Math.floor(440 / classNames.length)));
  const axis = { labelAngle: 0, domain: false, ticks: false };
  const encoding = {
    x: { field: "predicted", type: "ordinal", sort: classNames, title: "predicted", axis: { ...axis, orient: "top" } },
    y: { field: "actual", type: "ordinal", sort: classNames, title: "true label", axis },
  };
  return topLevel(
    {
      width: cell * classNames.length,
      height: cell * classNames.length,
      data: { values },
      encoding,
      layer: [
        {
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: {
            color: { field: "count", type: "quantitative", title: "count", scale: { scheme: "blues", domain: [0, max] } },
            tooltip: [
              { field: "actual", type: "ordinal", title: "true" },
              { field: "predicted", type: "ordinal" },
              { field: "count", type: "quantitative" },
            ],
          },
        },
        {
          mark: { type: "text", fontSize: cell >= 40 ? 12 : 10 },
          encoding: {
            text: { field: "count", type: "quantitative" },
            color: { condition: { test: "datum.dark", value: "white" }, value: "#222" },
          },
        },
      ],
    },
    options.title ?? "Confusion matrix",
  );
}

/** The text/plain: accuracy and the matrix as an aligned table. */
export function confusionSummary(counts: number[][], classNames: string[]): string {
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const correct = counts.reduce((a, row, i) => a + row[i]!, 0);
  const header = ["true \\ predicted", ...classNames];
  const rows = counts.map((row, t) => [classNames[t]!, ...row.map(String)]);
  const accuracy = total ? ((100 * correct) / total).toFixed(1) : "n/a";
  return `Confusion matrix: ${total} examples, ${correct} correct (accuracy ${accuracy}%)\n` + textTable(header, rows, { numeric: classNames.map((_, i) => i + 1) });
}
