// plotHistory: a training history (tf.History or plain metric arrays) as a chart.
import { describeValue } from "../args/describe";
import * as tf from "@tensorflow/tfjs";
import { checkOptions, names, OptionRules } from "../args/options";
import { Chart } from "./chart";
import { LABEL_RULES } from "./specs/common";
import { groupMetrics, historySpec, historySummary, MetricGroup, MetricSeries } from "./specs/history";

export interface PlotHistoryOptions {
  /** Metrics to plot, e.g. `["loss"]` or `["accuracy"]`; their `val_` curves come along. Default: all. */
  metrics?: string[];
  /** Default "Training history"; "" for none. */
  title?: string;
  /** Width of each panel in pixels. */
  width?: number;
  height?: number;
}

const HISTORY_OPTIONS: OptionRules<PlotHistoryOptions> = { metrics: names, title: LABEL_RULES.title, width: LABEL_RULES.width, height: LABEL_RULES.height };

/** A history as logged by `model.fit`: plain numbers per metric and the first epoch's number (1-based). */
export interface ReadHistory {
  series: MetricSeries;
  firstEpoch: number;
}

function isHistoryLike(h: unknown): h is { history: Record<string, unknown[]>; epoch?: number[] } {
  return h instanceof tf.History || (typeof h === "object" && h !== null && typeof (h as { history?: unknown }).history === "object" && (h as { history?: unknown }).history !== null && Array.isArray((h as { epoch?: unknown }).epoch));
}

function scalarValue(v: unknown, what: string): number {
  if (typeof v === "number") return v;
  if (v === null) return NaN;
  if (v instanceof tf.Tensor && v.size === 1 && !v.isDisposed) return Number(v.dataSync()[0]);
  throw new Error(`${what}: expected a number; got ${describeValue(v)}`);
}

/** Reads a tf.History or `{ loss: [...], ... }` into plain numbers, with clear errors. */
export function readHistory(history: tf.History | Record<string, ArrayLike<number>>, fn = "plotHistory"): ReadHistory {
  let record: Record<string, unknown>;
  let firstEpoch = 1;
  if (isHistoryLike(history)) {
    record = history.history;
    if (history.epoch && history.epoch.length && typeof history.epoch[0] === "number") firstEpoch = history.epoch[0] + 1;
  } else if (typeof history === "object" && history !== null && !Array.isArray(history)) {
    record = history as Record<string, unknown>;
  } else {
    throw new Error(`${fn}: expected a tf.History (what model.fit returns) or an object of metric arrays like { loss: [...], val_loss: [...] }; got ${describeValue(history)}`);
  }
  const series: MetricSeries = {};
  for (const [key, values] of Object.entries(record)) {
    if (values === undefined) continue;
    if (typeof values !== "object" || values === null || typeof (values as ArrayLike<unknown>).length !== "number") {
      throw new Error(`${fn}: expected an array of numbers for '${key}'; got ${describeValue(values)}`);
    }
    series[key] = Array.from(values as ArrayLike<unknown>, (v, i) => scalarValue(v, `${fn}: ${key}[${i}]`));
  }
  const keys = Object.keys(series);
  if (!keys.length || keys.every((k) => series[k]!.length === 0)) {
    throw new Error(`${fn}: the history is empty (${keys.length ? `${keys.join(", ")} hold no values` : "no metrics"}); pass what model.fit returns after at least one epoch`);
  }
  return { series, firstEpoch };
}

const ALIASES: Record<string, string[]> = { acc: ["accuracy"], accuracy: ["acc"] };

/** The groups to draw for the requested metrics; an unknown name throws, listing what exists. */
export function selectGroups(series: MetricSeries, metrics: string[] | undefined, fn = "plotHistory"): MetricGroup[] {
  const groups = groupMetrics(Object.keys(series).filter((k) => series[k]!.length > 0));
  if (metrics === undefined) return groups;
  return metrics.map((m) => {
    const names = [m, ...(ALIASES[m] ?? [])];
    const group = groups.find((g) => names.includes(g.metric));
    if (group) return group;
    const single = groups.flatMap((g) => g.keys).find((k) => k === m);
    if (single) return { metric: single, keys: [single] };
    throw new Error(`${fn}: no metric '${m}' in this history; it has: ${Object.keys(series).join(", ")}`);
  });
}

/**
 * Plots a training history: loss and val_loss in one panel, accuracy and val_accuracy in
 * another (each `val_X` beside its `X`), epochs from 1. NaN values are drawn as gaps and
 * named in the text summary.
 *
 * @example plotHistory(await model.fit(xs, ys, { epochs: 10, validationSplit: 0.2 }))
 * @example plotHistory({ loss: [0.9, 0.5, 0.3] }, { metrics: ["loss"] })
 */
export function plotHistory(history: tf.History | Record<string, ArrayLike<number>>, options: PlotHistoryOptions = {}): Chart {
  checkOptions("plotHistory", options, HISTORY_OPTIONS);
  const { series, firstEpoch } = readHistory(history);
  const groups = selectGroups(series, options.metrics);
  const spec = historySpec(series, groups, { firstEpoch, title: options.title ?? "Training history", width: options.width, height: options.height });
  return new Chart(spec, historySummary(series, groups, firstEpoch));
}
