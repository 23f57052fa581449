// barPlot: labelled values as bars, one colour per series.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, flag, OptionRules, range } from "../args/options";
import { Chart } from "./chart";
import { LABEL_RULES } from "./specs/common";
import { BarData, barSpec, BarSpecOptions } from "./specs/bar";
import { formatNumber, NumbersLike, toLabels, toNumbers } from "./values";

/** One series of bars: its legend name, its values, and a label per value (0, 1, 2, … by default). */
export interface BarSeries {
  name?: string;
  values: ArrayLike<number> | tf.Tensor;
  labels?: ArrayLike<number | string> | tf.Tensor;
}

export type BarPlotOptions = BarSpecOptions;

const BAR_OPTIONS: OptionRules<BarPlotOptions> = { ...LABEL_RULES, yDomain: range, showValues: flag, logScale: flag };

function readBars(series: BarSeries | BarSeries[]): BarData[] {
  const list = Array.isArray(series) ? series : [series];
  if (!list.length) throw new Error("barPlot: expected at least one series { values, labels? }; got an empty array");
  return list.map((s, i) => {
    const at = Array.isArray(series) ? `series[${i}]` : "series";
    if (typeof s !== "object" || s === null || !("values" in s)) throw new Error(`barPlot: expected ${at} to be { values, labels? }; got ${String(s)}`);
    const values = toNumbers(s.values as NumbersLike, `barPlot: ${at}.values`);
    const labels = s.labels === undefined ? values.map((_, k) => String(k)) : toLabels(s.labels, `barPlot: ${at}.labels`).map(String);
    if (labels.length !== values.length) throw new Error(`barPlot: ${at} has ${values.length} values but ${labels.length} labels; they must match`);
    return { name: s.name === undefined ? `series ${i + 1}` : String(s.name), labels, values };
  });
}

/**
 * Plots values as bars, one colour per series, with each value written above its bar.
 *
 * @example
 * barPlot({ values: tf.softmax(tf.tensor1d([0.3, 2.9, 4.0])), labels: ["a", "b", "c"] }, { title: "softmax", yDomain: [0, 1] })
 */
export function barPlot(series: BarSeries | BarSeries[], options: BarPlotOptions = {}): Chart {
  checkOptions("barPlot", options, BAR_OPTIONS);
  const data = readBars(series);
  const summary = [`Bar chart${options.title ? ` "${options.title}"` : ""}: ${data.length} series`, ...data.map((s) => `  ${s.name}: ${s.labels.map((l, i) => `${l} ${formatNumber(s.values[i])}`).join(", ")}`)].join("\n");
  return new Chart(barSpec(data, options), summary);
}
