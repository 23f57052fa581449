// Bar charts of labelled values: softmax probabilities, gradient sizes per layer, one group per series.
import { ChartLabels, finiteOrNull, PALETTE, topLevel, VegaLiteSpec } from "./common";

/** Bars of one series: a label and a value each. */
export interface BarData {
  name: string;
  labels: string[];
  values: number[];
}

export interface BarSpecOptions extends ChartLabels {
  yDomain?: [number, number];
  /** Print each bar's value above it (default: when there are at most 12 bars per series). */
  showValues?: boolean;
  /** A logarithmic value axis, for sizes that span orders of magnitude. */
  logScale?: boolean;
}

/** A vega-lite spec: the bars in the given order; several series stand side by side, one colour each. */
export function barSpec(series: BarData[], options: BarSpecOptions = {}): VegaLiteSpec {
  const names = series.map((s) => s.name);
  const labels = [...new Set(series.flatMap((s) => s.labels))];
  const values = series.flatMap((s) => s.labels.map((label, i) => ({ series: s.name, label, value: finiteOrNull(s.values[i]!) })));
  const showValues = options.showValues ?? series.every((s) => s.labels.length <= 12);
  const several = series.length > 1;
  const domain = options.yDomain ?? (options.logScale ? logDomain(series.flatMap((s) => s.values)) : undefined);
  const y = {
    field: "value",
    type: "quantitative",
    title: options.yLabel ?? "value",
    scale: { ...(domain ? { domain, nice: false } : {}), ...(options.logScale ? { type: "log" } : {}) },
    ...(options.logScale && domain ? { axis: { values: powersOfTen(domain), format: "~g" } } : {}),
  };
  // Bars start at zero, which a log axis does not have: there they start at the bottom of the axis.
  const base = options.logScale && domain ? { y2: { datum: domain[0] } } : {};
  const x = { field: "label", type: "nominal", title: options.xLabel ?? null, sort: labels, axis: { labelAngle: 0 } };
  const color = several ? { field: "series", type: "nominal", title: null, sort: names, legend: { orient: "right" } } : { value: PALETTE[0] };
  const bars = { mark: { type: "bar", clip: true }, encoding: { x, y, ...base, color, ...(several ? { xOffset: { field: "series", sort: names } } : {}), tooltip: [{ field: "series" }, { field: "label" }, { field: "value", format: ".4~g" }] } };
  const text = {
    mark: { type: "text", dy: -6, fontSize: 10, baseline: "bottom" },
    encoding: { x, y, ...(several ? { xOffset: { field: "series", sort: names } } : {}), text: { field: "value", format: ".3~g" } },
  };
  return topLevel({ width: options.width ?? Math.max(240, Math.min(560, labels.length * (several ? 70 : 46))), height: options.height ?? 240, data: { values }, layer: showValues ? [bars, text] : [bars] }, options.title);
}

function powersOfTen([lo, hi]: [number, number]): number[] {
  const out: number[] = [];
  for (let e = Math.round(Math.log10(lo)); e <= Math.round(Math.log10(hi)); e++) out.push(Number(`1e${e}`));
  return out;
}

/** Whole powers of ten around the positive values: a log axis has no zero to start its bars from. */
function logDomain(values: number[]): [number, number] | undefined {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (!positive.length) return undefined;
  return [10 ** Math.floor(Math.log10(Math.min(...positive) * 0.99)), 10 ** Math.ceil(Math.log10(Math.max(...positive)))];
}
