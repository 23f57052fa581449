// scatterPlot: 2-D point clouds, with equal axes by default.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, flag, OptionRules, range } from "../args/options";
import { Chart } from "./chart";
import { LABEL_RULES } from "./specs/common";
import { ScatterData, scatterSpec, ScatterSpecOptions } from "./specs/scatter";
import { finiteExtent, formatNumber, PointsLike, toLabels, toPoints } from "./values";

export type { PointsLike } from "./values";

/** A named point set; `color` gives each point a category (e.g. its class label). */
export interface ScatterSeries {
  name: string;
  points: PointsLike;
  color?: ArrayLike<number | string> | tf.Tensor;
}

/** Options of scatterPlot: titles, axis labels and domains, equal axes, size. */
export type ScatterPlotOptions = ScatterSpecOptions;

const SCATTER_OPTIONS: OptionRules<ScatterPlotOptions> = { ...LABEL_RULES, xDomain: range, yDomain: range, equalAxes: flag };

function isSeriesList(data: unknown): data is ScatterSeries[] {
  return Array.isArray(data) && data.length > 0 && typeof data[0] === "object" && data[0] !== null && !Array.isArray(data[0]) && "points" in data[0];
}

/** Plain point sets from the caller's tensors or arrays. */
export function readScatterSeries(data: PointsLike | ScatterSeries[], fn = "scatterPlot"): ScatterData[] {
  if (!isSeriesList(data)) return [{ name: "points", points: toPoints(data as PointsLike, `${fn}: data`) }];
  return data.map((s, i) => {
    const points = toPoints(s.points, `${fn}: data[${i}].points`);
    if (s.color === undefined) return { name: String(s.name ?? `series ${i + 1}`), points };
    const category = toLabels(s.color, `${fn}: data[${i}].color`);
    if (category.length !== points.length) throw new Error(`${fn}: data[${i}].color has ${category.length} entries but there are ${points.length} points; it must give one per point`);
    return { name: String(s.name ?? `series ${i + 1}`), points, category };
  });
}

function scatterSummary(series: ScatterData[], title?: string): string {
  const head = `Scatter plot${title ? ` "${title}"` : ""}: ${series.reduce((n, s) => n + s.points.length, 0)} points`;
  return [
    head,
    ...series.map((s) => {
      const ex = finiteExtent(s.points.map((p) => p[0]));
      const ey = finiteExtent(s.points.map((p) => p[1]));
      const cats = s.category ? `, ${new Set(s.category.map(String)).size} classes` : "";
      return `  ${s.name}: ${s.points.length} points${ex && ey ? `, x ${formatNumber(ex[0])}…${formatNumber(ex[1])}, y ${formatNumber(ey[0])}…${formatNumber(ey[1])}` : ""}${cats}`;
    }),
  ].join("\n");
}

/**
 * Plots 2-D points: an N×2 tensor or array, or several named sets (e.g. before and after
 * a transform). Axes have equal units unless `equalAxes: false`.
 *
 * @example scatterPlot([{ name: "x", points: x }, { name: "relu(xW + b)", points: tf.relu(x.matMul(w).add(b)) }])
 */
export function scatterPlot(data: PointsLike | ScatterSeries[], options: ScatterPlotOptions = {}): Chart {
  checkOptions("scatterPlot", options, SCATTER_OPTIONS);
  const series = readScatterSeries(data);
  return new Chart(scatterSpec(series, options), scatterSummary(series, options.title));
}
