// Several training runs overlaid: one panel per metric, a colour per run, validation curves dashed.
import type { MetricSeries } from "./history";
import { finiteOrNull, lineMark, PALETTE, topLevel, VegaLiteSpec, vegaSafe } from "./common";

/** A run: its name and its metrics per epoch (first epoch 1). */
export interface Run {
  name: string;
  series: MetricSeries;
  firstEpoch: number;
}

/** A panel: a metric, and the logged name that holds it in each run (`acc` or `accuracy`), training and validation. */
export interface ComparedMetric {
  metric: string;
  keys: Record<string, { training?: string; validation?: string }>;
}

export function compareSpec(runs: Run[], metrics: ComparedMetric[], options: { title?: string; width?: number; height?: number } = {}): VegaLiteSpec {
  const names = runs.map((r) => r.name);
  const values = metrics.flatMap((m) =>
    runs.flatMap((run) =>
      (["training", "validation"] as const).flatMap((split) => {
        const key = m.keys[run.name]?.[split];
        return key ? (run.series[key] ?? []).map((v, i) => ({ metric: m.metric, run: run.name, split, epoch: run.firstEpoch + i, value: finiteOrNull(v) })) : [];
      }),
    ),
  );
  // Only the curves drawn get a legend entry: no "validation" when no run has validation data.
  const splits = (["training", "validation"] as const).filter((s) => values.some((v) => v.split === s));
  const epochs = Math.max(1, ...values.map((v) => v.epoch));
  const panels = metrics.map((m) => ({
    width: options.width ?? (metrics.length > 1 ? 260 : 420),
    height: options.height ?? 220,
    data: { values: values.filter((v) => v.metric === m.metric) },
    mark: lineMark({ point: epochs <= 40 ? { size: 25, filled: true } : false }),
    encoding: {
      x: { field: "epoch", type: "quantitative", title: "epoch", axis: { format: "d", tickMinStep: 1 } },
      y: { field: "value", type: "quantitative", title: m.metric, scale: { zero: false } },
      color: { field: "run", type: "nominal", title: null, sort: names, scale: { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) }, legend: { orient: "top", direction: "horizontal", symbolType: "stroke", symbolStrokeWidth: 3 } },
      strokeDash: {
        field: "split",
        type: "nominal",
        title: null,
        scale: { domain: splits, range: splits.map((s) => (s === "training" ? [1, 0] : [5, 3])) },
        // Named in the subtitle: vega draws no dash in the symbols of a line-and-point legend.
        legend: null,
      },
      detail: { field: "split", type: "nominal" },
      tooltip: [
        { field: "run", type: "nominal" },
        { field: "split", type: "nominal" },
        { field: "epoch", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".4~g" },
      ],
    },
  }));
  const body = panels.length === 1 ? panels[0]! : { hconcat: panels, spacing: 36 };
  const spec = topLevel(body, options.title);
  if (splits.length > 1) spec.title = { text: vegaSafe(options.title ?? ""), subtitle: "solid: training, dashed: validation", subtitleFontSize: 11, subtitleColor: "#555" };
  return spec;
}
