// histogram(t): one chart of a tensor's values, counted in tf.
import * as tf from "@tensorflow/tfjs";
import { shapeText } from "../args/describe";
import { checkOptions, integer, OptionRules, range } from "../args/options";
import { assertNumericTensor } from "../args/values";
import { Chart } from "../charts/chart";
import { ChartLabels, LABEL_RULES } from "../charts/specs/common";
import { histogramSpec } from "../charts/specs/histogram";
import { formatNumber } from "../charts/values";
import { histogramCounts, HistogramCounts, valueStats, ValueStats } from "./valueStats";

export interface HistogramOptions extends ChartLabels {
  /** Number of equal bins. Default 30. */
  bins?: number;
  /** The values counted, [min, max]; default: from the smallest to the largest finite value. */
  range?: [number, number];
}

const HISTOGRAM_OPTIONS: OptionRules<HistogramOptions> = { ...LABEL_RULES, bins: integer(1, 1000), range };

/** A histogram chart, with the counts and the statistics it was drawn from. */
export class Histogram extends Chart {
  constructor(
    spec: Chart["spec"],
    summary: string,
    /** The bins and their counts, with the NaN and ±Inf values left out of them. */
    readonly counts: HistogramCounts,
    readonly stats: ValueStats,
  ) {
    super(spec, summary);
  }
}

/** The text/plain: what was counted, its statistics, and anything left out. */
export function histogramSummary(what: string, h: HistogramCounts, s: ValueStats): string {
  const peak = h.counts.reduce((best, c, i) => (c > h.counts[best]! ? i : best), 0);
  const width = (h.hi - h.lo) / h.counts.length;
  const lines = [
    `Histogram of ${what}: ${h.total} values in ${h.counts.length} bins from ${formatNumber(h.lo)} to ${formatNumber(h.hi)}`,
    `  mean ${formatNumber(s.mean)}, std ${formatNumber(s.std)}, min ${formatNumber(s.min)}, max ${formatNumber(s.max)}, zeros ${s.size ? ((100 * s.zeroFraction).toFixed(1)) : 0}%`,
    `  fullest bin ${formatNumber(h.lo + peak * width)} … ${formatNumber(h.lo + (peak + 1) * width)}: ${h.counts[peak]} values`,
  ];
  const outside = s.size - h.total - h.nanCount - h.infCount;
  if (h.nanCount || h.infCount) lines.push(`  left out: ${h.nanCount} NaN, ${h.infCount} ±Infinity`);
  if (outside > 0) lines.push(`  left out: ${outside} values outside the range`);
  return lines.join("\n");
}

/**
 * The distribution of a tensor's values as a bar chart of `bins` equal bins (30 by default). The counts
 * are made in tf: only they leave the backend. NaN and ±Infinity are counted apart and named in the text.
 *
 * @example histogram(model.layers[0].getWeights()[0], { bins: 50 })
 */
export function histogram(t: tf.Tensor, options: HistogramOptions = {}): Histogram {
  assertNumericTensor("histogram", "t", t);
  checkOptions("histogram", options, HISTOGRAM_OPTIONS);
  const bins = options.bins ?? 30;
  const [counts] = histogramCounts([t], bins, options.range);
  const [stats] = valueStats([t]);
  const what = `a ${t.dtype} tensor of shape ${shapeText(t.shape)}`;
  const spec = histogramSpec(counts!, { ...options, title: options.title ?? `Values of a ${t.dtype} tensor ${shapeText(t.shape)}` });
  return new Histogram(spec, histogramSummary(what, counts!, stats!), counts!, stats!);
}
