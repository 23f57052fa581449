// A plotly figure ({ data, layout }) of a surface z = f(x, y) with descent paths drawn on it.
import type { Grid } from "../contours";
import { finiteExtent } from "../values";
import { FunctionPlotLabels, PathData } from "./contour";

/** A path point lifted onto the surface. */
export interface Path3D extends PathData {
  z: number[];
}

export type SurfaceFigureOptions = FunctionPlotLabels;

const PLOTLY_PATH_COLORS = ["#e45756", "#f58518", "#ff9da6", "#54a24b", "#000000"];

const nullIfNaN = (v: number) => (Number.isFinite(v) ? v : null);

/** The `application/vnd.plotly.v1+json` payload: a viridis surface and one scatter3d trace per path. */
export function surfaceFigure(grid: Grid, paths: Path3D[], options: SurfaceFigureOptions = {}): { data: unknown[]; layout: Record<string, unknown> } {
  const axis = (title: string) => ({ title: { text: title } });
  // Paths float just above the surface; exactly on it they flicker in and out of view.
  const extent = finiteExtent(grid.z.flat());
  const lift = extent ? 0.01 * (extent[1] - extent[0]) : 0;
  return {
    data: [
      {
        type: "surface",
        name: options.zLabel ?? "f(x, y)",
        x: grid.xs,
        y: grid.ys,
        z: grid.z.map((row) => row.map(nullIfNaN)),
        colorscale: "Viridis",
        opacity: 0.92,
        contours: { z: { show: true, usecolormap: true, project: { z: true } } },
        colorbar: { title: { text: options.zLabel ?? "f(x, y)" }, len: 0.75 },
      },
      ...paths.map((p, k) => ({
        type: "scatter3d",
        mode: "lines+markers",
        name: p.name,
        x: p.points.map((q) => nullIfNaN(q[0])),
        y: p.points.map((q) => nullIfNaN(q[1])),
        z: p.z.map((v) => nullIfNaN(v + lift)),
        line: { color: PLOTLY_PATH_COLORS[k % PLOTLY_PATH_COLORS.length], width: 5 },
        marker: { size: 3, color: PLOTLY_PATH_COLORS[k % PLOTLY_PATH_COLORS.length] },
      })),
    ],
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      width: options.width ?? 640,
      height: options.height ?? 520,
      margin: { l: 0, r: 0, t: options.title ? 40 : 10, b: 0 },
      showlegend: paths.length > 0,
      legend: { orientation: "h", x: 0, y: 0 },
      scene: { xaxis: axis(options.xLabel ?? "x"), yaxis: axis(options.yLabel ?? "y"), zaxis: axis(options.zLabel ?? "f(x, y)") },
    },
  };
}
