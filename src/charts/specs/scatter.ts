// Scatter plots of 2-D point clouds, optionally with equal units on both axes so that
// rotations, shears and relu's folding look as they are.
import { finiteExtent } from "../values";
import { ChartLabels, topLevel, VegaLiteSpec, ZOOM } from "./common";

/** A named point set; `category` colours each point (e.g. its class). */
export interface ScatterData {
  name: string;
  points: Array<[number, number]>;
  category?: Array<number | string>;
}

export interface ScatterSpecOptions extends ChartLabels {
  xDomain?: [number, number];
  yDomain?: [number, number];
  /** One unit on x as long as one unit on y, so shapes are not distorted (default true). */
  equalAxes?: boolean;
}

/**
 * Domains with equal units per pixel on both axes: the data's extents, padded by 5%,
 * then the shorter one widened about its centre to the plot's aspect ratio.
 */
export function equalDomains(x: [number, number], y: [number, number], width: number, height: number): { x: [number, number]; y: [number, number] } {
  const pad = (d: [number, number]): [number, number] => {
    const span = d[1] - d[0] || Math.max(Math.abs(d[0]), 1);
    return [d[0] - span * 0.05, d[1] + span * 0.05];
  };
  const [px, py] = [pad(x), pad(y)];
  const unitsPerPixel = Math.max((px[1] - px[0]) / width, (py[1] - py[0]) / height);
  const around = (d: [number, number], pixels: number): [number, number] => {
    const c = (d[0] + d[1]) / 2;
    const half = (unitsPerPixel * pixels) / 2;
    return [c - half, c + half];
  };
  return { x: around(px, width), y: around(py, height) };
}

/** A vega-lite spec of the point sets: colour by category when given, else by series; shape by series. */
export function scatterSpec(series: ScatterData[], options: ScatterSpecOptions = {}): VegaLiteSpec {
  const equal = options.equalAxes ?? true;
  const width = options.width ?? (equal ? 420 : 460);
  const height = options.height ?? (equal ? 420 : 300);
  const byCategory = series.some((s) => s.category !== undefined);
  const names = series.map((s) => s.name);
  const values = series.flatMap((s) =>
    s.points
      .map(([x, y], i) => ({ series: s.name, x, y, ...(byCategory ? { category: String(s.category?.[i] ?? s.name) } : {}) }))
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)),
  );
  let xDomain = options.xDomain;
  let yDomain = options.yDomain;
  if (equal && !(xDomain && yDomain)) {
    const ex = xDomain ?? finiteExtent(values.map((v) => v.x)) ?? [-1, 1];
    const ey = yDomain ?? finiteExtent(values.map((v) => v.y)) ?? [-1, 1];
    const d = equalDomains(ex, ey, width, height);
    xDomain = d.x;
    yDomain = d.y;
  }
  const scale = (domain?: [number, number]) => (domain ? { domain, nice: false, zero: false } : { zero: false });
  const multi = names.length > 1;
  const encoding: Record<string, unknown> = {
    x: { field: "x", type: "quantitative", title: options.xLabel ?? "x", scale: scale(xDomain) },
    y: { field: "y", type: "quantitative", title: options.yLabel ?? "y", scale: scale(yDomain) },
    color: byCategory
      ? { field: "category", type: "nominal", title: "class" }
      : { field: "series", type: "nominal", title: null, sort: names, legend: multi ? {} : null },
    tooltip: [
      { field: "series", type: "nominal" },
      { field: "x", type: "quantitative", format: ".4~g" },
      { field: "y", type: "quantitative", format: ".4~g" },
      ...(byCategory ? [{ field: "category", type: "nominal", title: "class" }] : []),
    ],
  };
  if (byCategory && multi) encoding.shape = { field: "series", type: "nominal", title: null, sort: names };
  return topLevel(
    {
      width,
      height,
      data: { values },
      params: [ZOOM],
      mark: { type: "point", filled: true, size: 36, opacity: 0.75, clip: true },
      encoding,
    },
    options.title,
  );
}
