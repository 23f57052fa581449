// linePlot: named series of (x, y) as lines.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";
import { checkOptions, flag, OptionRules, range } from "../args/options";
import { Chart } from "./chart";
import { LABEL_RULES } from "./specs/common";
import { LineData, lineSpec, LineSpecOptions } from "./specs/line";
import { finiteExtent, formatNumber, NumbersLike, toNumbers } from "./values";

/** One line: its legend name and its points' coordinates (arrays or 1-D tensors of equal length). */
export interface LineSeries {
  name: string;
  x: ArrayLike<number> | tf.Tensor;
  y: ArrayLike<number> | tf.Tensor;
}

/** Options of linePlot: titles, axis labels and domains, size, point marks. */
export type LinePlotOptions = LineSpecOptions;

const LINE_OPTIONS: OptionRules<LinePlotOptions> = { ...LABEL_RULES, xDomain: range, yDomain: range, points: flag };

/** Plain series from the caller's arrays or tensors; x and y must have equal lengths. */
export function readLineSeries(series: LineSeries | LineSeries[], fn = "linePlot"): LineData[] {
  const list = Array.isArray(series) ? series : [series];
  if (!list.length) throw new Error(`${fn}: expected at least one series { name, x, y }; got an empty array`);
  return list.map((s, i) => {
    const at = Array.isArray(series) ? `series[${i}]` : "series";
    if (typeof s !== "object" || s === null) throw new Error(`${fn}: expected ${at} to be { name, x, y }; got ${describeValue(s)}`);
    const x = toNumbers(s.x as NumbersLike, `${fn}: ${at}.x`);
    const y = toNumbers(s.y as NumbersLike, `${fn}: ${at}.y`);
    if (x.length !== y.length) throw new Error(`${fn}: ${at} ('${s.name}') has ${x.length} x values but ${y.length} y values; they must match`);
    return { name: s.name === undefined ? `series ${i + 1}` : String(s.name), x, y };
  });
}

function lineSummary(series: LineData[], title?: string): string {
  const head = `Line chart${title ? ` "${title}"` : ""}: ${series.length} series`;
  const lines = series.map((s) => {
    const ex = finiteExtent(s.x);
    const ey = finiteExtent(s.y);
    const gaps = s.y.filter((v, i) => !Number.isFinite(v) || !Number.isFinite(s.x[i]!)).length;
    const range = ex && ey ? `x ${formatNumber(ex[0])}…${formatNumber(ex[1])}, y ${formatNumber(ey[0])}…${formatNumber(ey[1])}` : "no finite points";
    return `  ${s.name}: ${s.x.length} points, ${range}${gaps ? `, ${gaps} NaN/infinite drawn as gaps` : ""}`;
  });
  return [head, ...lines].join("\n");
}

/**
 * Plots one or more named series as lines.
 *
 * @example
 * const x = tf.linspace(-5, 5, 101);
 * linePlot([{ name: "relu", x, y: tf.relu(x) }, { name: "sigmoid", x, y: tf.sigmoid(x) }], { title: "Activations" })
 */
export function linePlot(series: LineSeries | LineSeries[], options: LinePlotOptions = {}): Chart {
  checkOptions("linePlot", options, LINE_OPTIONS);
  const data = readLineSeries(series);
  return new Chart(lineSpec(data, options), lineSummary(data, options.title));
}
