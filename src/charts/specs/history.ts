// The training-history chart: one panel per metric, training and validation curves together.
import { formatNumber } from "../values";
import { finiteOrNull, lineMark, PALETTE, topLevel, VegaLiteSpec } from "./common";

/** Metric values per epoch, by name (`loss`, `val_loss`, `acc`, …); NaN marks a missing value. */
export type MetricSeries = Record<string, number[]>;

/** A panel: a base metric and the logged names drawn in it, e.g. loss with loss and val_loss. */
export interface MetricGroup {
  metric: string;
  keys: string[];
}

const VALIDATION = /^val_/;

/** Groups `val_X` with `X` (as tfjs-vis does), in first-seen order with `loss` first. */
export function groupMetrics(keys: string[]): MetricGroup[] {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const base = key.replace(VALIDATION, "");
    if (!groups.has(base)) groups.set(base, []);
    groups.get(base)!.push(key);
  }
  const out = [...groups].map(([metric, ks]) => ({ metric, keys: ks.sort((a, b) => Number(VALIDATION.test(a)) - Number(VALIDATION.test(b))) }));
  return out.sort((a, b) => Number(b.metric === "loss") - Number(a.metric === "loss"));
}

export interface HistorySpecOptions {
  /** The epoch number of the first value (1 for a fresh fit). */
  firstEpoch?: number;
  title?: string;
  /** Width of each panel in pixels (default: 420 for one panel, 260 for several). */
  width?: number;
  height?: number;
}

/** Which curve a logged name is: `val_*` is validation, anything else training. */
export function splitOf(key: string): "training" | "validation" {
  return VALIDATION.test(key) ? "validation" : "training";
}

/** A vega-lite spec: a row of panels, one per group, epochs on x starting at `firstEpoch`. */
export function historySpec(series: MetricSeries, groups: MetricGroup[], options: HistorySpecOptions = {}): VegaLiteSpec {
  const first = options.firstEpoch ?? 1;
  const epochs = Math.max(1, ...groups.flatMap((g) => g.keys.map((k) => series[k]?.length ?? 0)));
  const last = first + epochs - 1;
  const width = options.width ?? (groups.length > 1 ? 240 : 420);
  const height = options.height ?? 220;
  const showPoints = epochs <= 40;
  // The legend names only the curves drawn: no "validation" entry for a fit without validation data.
  const drawn = new Set(groups.flatMap((g) => g.keys.filter((k) => (series[k]?.length ?? 0) > 0).map(splitOf)));
  const splits = (["training", "validation"] as const).filter((s) => drawn.has(s));
  const colors = { training: PALETTE[0], validation: PALETTE[1] };
  // Each panel is named by its y axis title; panel titles would repeat it (and misalign).
  const panels = groups.map((g) => ({
    width,
    height,
    data: {
      values: g.keys.flatMap((key) => (series[key] ?? []).map((v, i) => ({ epoch: first + i, value: finiteOrNull(v), set: splitOf(key), metric: key }))),
    },
    mark: lineMark({ point: showPoints ? { size: 30, filled: true } : false }),
    encoding: {
      x: {
        field: "epoch",
        type: "quantitative",
        title: "epoch",
        scale: { domain: last > first ? [first, last] : [first - 0.5, first + 0.5], nice: false },
        // Few epochs: a tick at each, so the first epoch (1) is always labelled.
        axis: { format: "d", tickMinStep: 1, ...(epochs <= 15 ? { values: Array.from({ length: epochs }, (_, i) => first + i) } : {}) },
      },
      y: { field: "value", type: "quantitative", title: g.metric, scale: { zero: false } },
      color: {
        field: "set",
        type: "nominal",
        title: null,
        scale: { domain: splits, range: splits.map((s) => colors[s]) },
        legend: { orient: "top", direction: "horizontal" },
      },
      tooltip: [
        { field: "metric", type: "nominal" },
        { field: "epoch", type: "quantitative" },
        { field: "value", type: "quantitative", format: ".4~g" },
      ],
    },
  }));
  return topLevel(panels.length === 1 ? panels[0]! : { hconcat: panels, spacing: 36 }, options.title);
}

/** Epoch numbers (from `firstEpoch`) whose value is NaN or infinite, per logged name. */
export function nonFiniteEpochs(series: MetricSeries, firstEpoch = 1): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(series)) {
    const bad = values.flatMap((v, i) => (Number.isFinite(v) ? [] : [firstEpoch + i]));
    if (bad.length) out[key] = bad;
  }
  return out;
}

function listEpochs(epochs: number[]): string {
  return epochs.length > 8 ? `${epochs.slice(0, 8).join(", ")}, … (${epochs.length} epochs)` : epochs.join(", ");
}

/** The text/plain summary: first → last value per curve, the best epoch, and any gaps. */
export function historySummary(series: MetricSeries, groups: MetricGroup[], firstEpoch = 1): string {
  const keys = groups.flatMap((g) => g.keys);
  const epochs = Math.max(0, ...keys.map((k) => series[k]?.length ?? 0));
  const width = Math.max(...keys.map((k) => k.length));
  const lines = [`Training history: ${epochs} epoch${epochs === 1 ? "" : "s"} (${groups.map((g) => g.metric).join(", ")})`];
  for (const key of keys) {
    const values = series[key] ?? [];
    const finite = values.map((v, i) => [v, firstEpoch + i] as const).filter(([v]) => Number.isFinite(v));
    if (!finite.length) {
      lines.push(`  ${key.padEnd(width)}  no finite values`);
      continue;
    }
    const lowerIsBetter = /loss|error|mse|mae/i.test(key);
    const best = finite.reduce((b, c) => ((lowerIsBetter ? c[0] < b[0] : c[0] > b[0]) ? c : b));
    lines.push(`  ${key.padEnd(width)}  ${formatNumber(finite[0]![0])} → ${formatNumber(finite[finite.length - 1]![0])}  (${lowerIsBetter ? "min" : "max"} ${formatNumber(best[0])} at epoch ${best[1]})`);
  }
  for (const [key, bad] of Object.entries(nonFiniteEpochs(Object.fromEntries(keys.map((k) => [k, series[k] ?? []])), firstEpoch))) {
    lines.push(`  ${key} is NaN or infinite at epoch${bad.length === 1 ? "" : "s"} ${listEpochs(bad)}: drawn as gaps`);
  }
  return lines.join("\n");
}
