// The confusion matrix: counts of (true class, predicted class) as a heatmap with the counts written in.
import { Report } from "../../display/report";
import { topLevel, VegaLiteSpec } from "./common";

/** Up to this many classes each cell has its count written in; beyond, the colour and the tooltip tell it. */
export const WRITTEN_COUNTS_MAX_CLASSES = 30;

/** A vega-lite heatmap: true class down, predicted class across, each cell labelled with its count. */
export function confusionSpec(counts: number[][], classNames: string[], options: { title?: string; cellSize?: number } = {}): VegaLiteSpec {
  const max = counts.flat().reduce((a, b) => Math.max(a, b), 1);
  const values = counts.flatMap((row, t) => row.map((n, p) => ({ actual: classNames[t]!, predicted: classNames[p]!, count: n, dark: n > max * 0.55 })));
  const written = classNames.length <= WRITTEN_COUNTS_MAX_CLASSES;
  // Cells big enough for a count when counts are written; else small, so 100 classes stay ~1000 px wide.
  const cell = options.cellSize ?? Math.max(written ? 28 : 10, Math.min(60, Math.floor(440 / classNames.length)));
  const axis = { labelAngle: 0, domain: false, ticks: false, labelFontSize: Math.min(11, cell - 2) };
  const encoding = {
    // Upright labels overlap in narrow columns.
    x: { field: "predicted", type: "ordinal", sort: classNames, title: "predicted", axis: { ...axis, orient: "top", ...(written ? {} : { labelAngle: -90 }) } },
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
        ...(written
          ? [
              {
                mark: { type: "text", fontSize: cell >= 40 ? 12 : 10 },
                encoding: {
                  text: { field: "count", type: "quantitative" },
                  color: { condition: { test: "datum.dark", value: "white" }, value: "#222" },
                },
              },
            ]
          : []),
      ],
    },
    options.title ?? "Confusion matrix",
  );
}

/** The text/plain: accuracy and the matrix as an aligned table. */
export function confusionSummary(counts: number[][], classNames: string[]): string {
  const total = counts.flat().reduce((a, b) => a + b, 0);
  const correct = counts.reduce((a, row, i) => a + row[i]!, 0);
  const columns = [{ title: "true \\ predicted" }, ...classNames.map((title) => ({ title, numeric: true }))];
  const rows = counts.map((row, t) => [classNames[t]!, ...row.map(String)]);
  const accuracy = total ? ((100 * correct) / total).toFixed(1) : "n/a";
  return new Report({ title: `Confusion matrix: ${total} examples, ${correct} correct (accuracy ${accuracy}%)`, columns, rows }).toString();
}
