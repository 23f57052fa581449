// Line charts of named series: activation functions, loss curves, learning-rate comparisons.
import { ChartLabels, finiteOrNull, lineMark, topLevel, VegaLiteSpec, ZOOM } from "./common";

/** A named series as plain numbers; NaN and infinite values become gaps. */
export interface LineData {
  name: string;
  x: number[];
  y: number[];
}

export interface LineSpecOptions extends ChartLabels {
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** Mark each data point (default: when every series has at most 40 points). */
  points?: boolean;
}

/** A vega-lite spec: one coloured line per series, in the given order, with a legend when there are several. */
export function lineSpec(series: LineData[], options: LineSpecOptions = {}): VegaLiteSpec {
  const names = series.map((s) => s.name);
  const values = series.flatMap((s) => s.x.map((x, i) => ({ series: s.name, order: i, x: finiteOrNull(x), y: finiteOrNull(s.y[i]!) })));
  const points = options.points ?? series.every((s) => s.x.length <= 40);
  const scale = (domain?: [number, number]) => (domain ? { domain, nice: false, zero: false } : { zero: false });
  return topLevel(
    {
      width: options.width ?? 460,
      height: options.height ?? 280,
      data: { values },
      params: [ZOOM],
      mark: lineMark({ point: points ? { size: 25, filled: true } : false, clip: true }),
      encoding: {
        x: { field: "x", type: "quantitative", title: options.xLabel ?? "x", scale: scale(options.xDomain) },
        y: { field: "y", type: "quantitative", title: options.yLabel ?? "y", scale: scale(options.yDomain) },
        order: { field: "order", type: "quantitative" },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          sort: names,
          legend: names.length > 1 ? { orient: "right" } : null,
        },
        tooltip: [
          { field: "series", type: "nominal" },
          { field: "x", type: "quantitative", format: ".4~g" },
          { field: "y", type: "quantitative", format: ".4~g" },
        ],
      },
    },
    options.title,
  );
}
