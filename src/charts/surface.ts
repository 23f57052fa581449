// contourPlot and surfacePlot: a function of two variables, with optional gradient-descent paths.
import { describeValue } from "../args/describe";
import { checkOptions, integer, OptionRule, OptionRules, range, text } from "../args/options";
import { Chart } from "./chart";
import { isolines, quantileLevels, sampleGrid } from "./contours";
import { LABEL_RULES } from "./specs/common";
import { contourSpec, FunctionPlotLabels, PathData } from "./specs/contour";
import { surfaceFigure } from "./specs/surface";
import { finiteExtent, formatNumber, PointsLike, toPoints } from "./values";

/** One path, or several named ones, of [x, y] points (e.g. the iterates of gradient descent). */
export type PathOption = Array<[number, number]> | Array<{ name: string; points: Array<[number, number]> | PointsLike }> | PointsLike;

export interface ContourPlotOptions extends FunctionPlotLabels {
  /** The x range [min, max]. */
  x: [number, number];
  /** The y range [min, max]. */
  y: [number, number];
  /** Grid cells per axis (default 50; f is called steps² times). */
  steps?: number;
  /** Descent path(s) drawn on top, start point ringed. */
  path?: PathOption;
  /** Name of the value, for the colour legend (default "f(x, y)"). */
  zLabel?: string;
  /** Number of level lines (default 10; 0 for none). */
  levels?: number;
}

/** Only its outline: readPaths checks every point, naming it. */
const pathRule: OptionRule = { expected: "an array of [x, y] points, an N×2 tensor or an array of { name, points }", test: (v) => typeof v === "object" && v !== null };

const FUNCTION_PLOT_OPTIONS: OptionRules<ContourPlotOptions> = { ...LABEL_RULES, x: range, y: range, steps: integer(2, 400), path: pathRule, zLabel: text, levels: integer(0, 100) };

function isNamedPaths(path: unknown): path is Array<{ name: string; points: PointsLike }> {
  return Array.isArray(path) && path.length > 0 && typeof path[0] === "object" && path[0] !== null && !Array.isArray(path[0]) && "points" in path[0];
}

/** The paths as plain named point lists; a point that is not an [x, y] pair throws, naming it. */
export function readPaths(path: PathOption | undefined, fn: string): PathData[] {
  if (path === undefined) return [];
  const list = isNamedPaths(path) ? path.map((p, i) => ({ name: String(p.name ?? `path ${i + 1}`), points: p.points, what: `${fn}: options.path[${i}].points` })) : [{ name: "path", points: path as PointsLike, what: `${fn}: options.path` }];
  return list.map(({ name, points, what }) => {
    const read = toPoints(points as PointsLike, what);
    if (!read.length) throw new Error(`${what}: expected at least one [x, y] point; got an empty path`);
    return { name, points: read };
  });
}

interface Prepared {
  x: [number, number];
  y: [number, number];
  grid: ReturnType<typeof sampleGrid>;
  paths: PathData[];
}

function prepare(f: (x: number, y: number) => number, options: ContourPlotOptions, fn: string): Prepared {
  if (typeof f !== "function") throw new Error(`${fn}: expected a function (x, y) => number as the first argument; got ${describeValue(f)}`);
  checkOptions(fn, options, FUNCTION_PLOT_OPTIONS, ["x", "y"]);
  const x: [number, number] = [options.x[0], options.x[1]];
  const y: [number, number] = [options.y[0], options.y[1]];
  const steps = options.steps ?? 50;
  const paths = readPaths(options.path, fn);
  return { x, y, grid: sampleGrid(f, x, y, steps, fn), paths };
}

function contourSummary(kind: string, p: Prepared, title?: string): string {
  const ez = finiteExtent(p.grid.z.flat());
  const lines = [
    `${kind}${title ? ` "${title}"` : ""}: f on x ${formatNumber(p.x[0])}…${formatNumber(p.x[1])}, y ${formatNumber(p.y[0])}…${formatNumber(p.y[1])} (${p.grid.xs.length}×${p.grid.ys.length} grid), f ${ez ? `${formatNumber(ez[0])}…${formatNumber(ez[1])}` : "has no finite values"}`,
  ];
  for (const path of p.paths) {
    const first = path.points[0]!;
    const last = path.points[path.points.length - 1]!;
    lines.push(`  ${path.name}: ${path.points.length} points, (${formatNumber(first[0])}, ${formatNumber(first[1])}) → (${formatNumber(last[0])}, ${formatNumber(last[1])})`);
  }
  return lines.join("\n");
}

function vegaFallback(p: Prepared, options: ContourPlotOptions) {
  const levels = options.levels ?? 10;
  return contourSpec(p.grid, isolines(p.grid, quantileLevels(p.grid.z, levels)), p.paths, { ...options, x: p.x, y: p.y });
}

/**
 * Draws f(x, y) over a rectangle as a heatmap with level lines, and optional
 * gradient-descent path(s) on top.
 *
 * @example contourPlot((x, y) => x * x + 3 * y * y, { x: [-2, 2], y: [-2, 2], path: [[1.8, 1.5], [1.1, 0.3], [0.6, 0.1]] })
 */
export function contourPlot(f: (x: number, y: number) => number, options: ContourPlotOptions): Chart {
  const p = prepare(f, options, "contourPlot");
  return new Chart(vegaFallback(p, options), contourSummary("Contour plot", p, options.title));
}

/**
 * Draws f(x, y) as an interactive 3-D surface (plotly) with the path(s) on it, and a
 * contour PNG for frontends and exports without plotly.
 *
 * @example surfacePlot((x, y) => Math.sin(x) * Math.cos(y), { x: [-3, 3], y: [-3, 3] })
 */
export function surfacePlot(f: (x: number, y: number) => number, options: ContourPlotOptions): Chart {
  const p = prepare(f, options, "surfacePlot");
  const paths3d = p.paths.map((path) => ({ ...path, z: path.points.map(([px, py]) => Number(f(px, py))) }));
  const figure = surfaceFigure(p.grid, paths3d, options);
  return new Chart(vegaFallback(p, options), contourSummary("Surface plot", p, options.title), { "application/vnd.plotly.v1+json": figure });
}
