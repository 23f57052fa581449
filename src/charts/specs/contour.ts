// A function of two variables as a heatmap with level lines, and optional descent paths on top.
import { heatmapDataUrl, VIRIDIS } from "../colormap";
import type { Grid, Isoline } from "../contours";
import { finiteExtent } from "../values";
import { ChartLabels, finiteOrNull, topLevel, VegaLiteSpec } from "./common";

/** A named sequence of points, e.g. the iterates of gradient descent. */
export interface PathData {
  name: string;
  points: Array<[number, number]>;
}

/** Titles and size shared by the contour (vega-lite) and surface (plotly) views of a function. */
export interface FunctionPlotLabels extends ChartLabels {
  zLabel?: string;
}

export interface ContourSpecOptions extends FunctionPlotLabels {
  x: [number, number];
  y: [number, number];
}

/** Path colours chosen to stand out on viridis. */
export const PATH_COLORS = ["#e45756", "#ff3df2", "#f58518", "#000000", "#ffffff"];

/** A vega-lite spec: the grid as a viridis image, white level lines, then each path as a line with its points, start ringed. */
export function contourSpec(grid: Grid, lines: Isoline[], paths: PathData[], options: ContourSpecOptions): VegaLiteSpec {
  const { x, y } = options;
  const xScale = { domain: x, nice: false, zero: false };
  const yScale = { domain: y, nice: false, zero: false };
  const zLabel = options.zLabel ?? "f(x, y)";
  const axis = { grid: false };
  const xEnc = (field: string) => ({ field, type: "quantitative", title: options.xLabel ?? "x", scale: xScale, axis });
  const yEnc = (field: string) => ({ field, type: "quantitative", title: options.yLabel ?? "y", scale: yScale, axis });
  const names = paths.map((p) => p.name);
  const pathStroke = {
    field: "path",
    type: "nominal",
    title: null,
    sort: names,
    scale: { domain: names, range: PATH_COLORS.slice(0, Math.max(1, names.length)) },
    legend: names.length > 1 ? { orient: "bottom", direction: "horizontal" } : null,
  };
  const pathValues = paths.flatMap((p) => p.points.map(([px, py], step) => ({ path: p.name, step, x: finiteOrNull(px), y: finiteOrNull(py) })));
  const zDomain = finiteExtent(grid.z.flat()) ?? [0, 1];
  const width = options.width ?? 380;
  const height = options.height ?? 360;
  const layers: Record<string, unknown>[] = [
    {
      // The heatmap, as one image spanning the plot.
      data: { values: [{ x: x[0], y: y[1], url: heatmapDataUrl(grid, zDomain) }] },
      mark: { type: "image", width, height, aspect: false, align: "left", baseline: "top", smooth: true },
      encoding: { x: xEnc("x"), y: yEnc("y"), url: { field: "url", type: "nominal" } },
    },
    {
      // Invisible marks at the extremes of f, for the colour legend.
      data: { values: [{ x: x[0], y: y[0], z: zDomain[0] }, { x: x[0], y: y[0], z: zDomain[1] }] },
      mark: { type: "point", opacity: 0 },
      encoding: {
        x: xEnc("x"),
        y: yEnc("y"),
        color: { field: "z", type: "quantitative", title: zLabel, scale: { domain: zDomain, range: VIRIDIS, nice: false, zero: false }, legend: { gradientLength: Math.min(200, height) } },
      },
    },
  ];
  if (lines.length) {
    const round = (v: number) => Math.round(v * 1e6) / 1e6;
    layers.push({
      data: { values: lines.flatMap((l, line) => l.points.map(([px, py], order) => ({ line, order, level: l.level, x: round(px), y: round(py) }))) },
      mark: { type: "line", color: "white", opacity: 0.55, strokeWidth: 1, clip: true },
      encoding: { x: xEnc("x"), y: yEnc("y"), detail: { field: "line", type: "nominal" }, order: { field: "order", type: "quantitative" } },
    });
  }
  if (pathValues.length) {
    layers.push(
      {
        data: { values: pathValues },
        mark: { type: "line", strokeWidth: 2, clip: true, invalid: "break-paths-show-domains" },
        encoding: { x: xEnc("x"), y: yEnc("y"), order: { field: "step", type: "quantitative" }, stroke: pathStroke },
      },
      {
        data: { values: pathValues },
        mark: { type: "circle", size: 22, opacity: 1, clip: true },
        encoding: {
          x: xEnc("x"),
          y: yEnc("y"),
          fill: { ...pathStroke, legend: null },
          tooltip: [
            { field: "path", type: "nominal" },
            { field: "step", type: "quantitative" },
            { field: "x", type: "quantitative", format: ".4~g" },
            { field: "y", type: "quantitative", format: ".4~g" },
          ],
        },
      },
      {
        data: { values: pathValues.filter((v) => v.step === 0) },
        mark: { type: "point", shape: "circle", size: 140, strokeWidth: 2, filled: false, clip: true },
        encoding: { x: xEnc("x"), y: yEnc("y"), stroke: { ...pathStroke, legend: null } },
      },
    );
  }
  return topLevel(
    {
      width,
      height,
      layer: layers,
      resolve: { scale: { color: "independent", stroke: "independent", fill: "independent" } },
    },
    options.title,
  );
}
