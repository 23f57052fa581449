// Samples a function of two variables on a grid and traces its level lines (marching squares).
// Pure numerics shared by the contour (vega-lite) and surface (plotly) charts.
import { describeValue } from "../args/describe";

/** f sampled at the centres of steps×steps cells covering x × y; z[j][i] = f(xs[i], ys[j]), NaN where f is not finite. */
export interface Grid {
  xs: number[];
  ys: number[];
  z: number[][];
  /** Cell size along x and y. */
  dx: number;
  dy: number;
}

/** Samples `f` on a steps×steps grid of cell centres; throws, naming the point, if f returns a non-number. */
export function sampleGrid(f: (x: number, y: number) => number, x: [number, number], y: [number, number], steps: number, fn = "contourPlot"): Grid {
  const dx = (x[1] - x[0]) / steps;
  const dy = (y[1] - y[0]) / steps;
  const xs = Array.from({ length: steps }, (_, i) => x[0] + (i + 0.5) * dx);
  const ys = Array.from({ length: steps }, (_, j) => y[0] + (j + 0.5) * dy);
  const z = ys.map((yj) =>
    xs.map((xi) => {
      const v = f(xi, yj);
      if (typeof v !== "number") throw new Error(`${fn}: f(${xi}, ${yj}) must return a number; got ${describeValue(v)}${typeof v === "object" && v !== null ? " (return a plain number, e.g. with .dataSync()[0])" : ""}`);
      return Number.isFinite(v) ? v : NaN;
    }),
  );
  return { xs, ys, z, dx, dy };
}

/** `count` levels at evenly spaced quantiles of the finite values, so skewed functions still get lines everywhere. */
export function quantileLevels(z: number[][], count: number): number[] {
  const values = z.flat().filter(Number.isFinite).sort((a, b) => a - b);
  if (values.length < 2 || values[0] === values[values.length - 1]) return [];
  const levels = Array.from({ length: count }, (_, k) => values[Math.floor(((k + 1) / (count + 1)) * (values.length - 1))]!);
  return [...new Set(levels)];
}

/** A level line: a polyline of points, closed when its first and last points coincide. */
export interface Isoline {
  level: number;
  points: Array<[number, number]>;
}

/**
 * Level lines of the grid at each level (marching squares), joined into polylines. Cells
 * with a non-finite corner are skipped, so holes in f's domain stay holes.
 */
export function isolines(grid: Grid, levels: number[]): Isoline[] {
  const { xs, ys, z } = grid;
  const out: Isoline[] = [];
  for (const level of levels) {
    // Crossings are keyed by grid edge, so neighbouring cells share endpoints exactly.
    const points = new Map<string, [number, number]>();
    const crossing = (i0: number, j0: number, i1: number, j1: number): string | undefined => {
      const a = z[j0]![i0]!;
      const b = z[j1]![i1]!;
      if ((a < level) === (b < level)) return undefined;
      const key = `${i0},${j0},${i1},${j1}`;
      if (!points.has(key)) {
        const t = (level - a) / (b - a);
        points.set(key, [xs[i0]! + t * (xs[i1]! - xs[i0]!), ys[j0]! + t * (ys[j1]! - ys[j0]!)]);
      }
      return key;
    };
    const segments: Array<[string, string]> = [];
    for (let j = 0; j + 1 < ys.length; j++) {
      for (let i = 0; i + 1 < xs.length; i++) {
        const corners = [z[j]![i]!, z[j]![i + 1]!, z[j + 1]![i + 1]!, z[j + 1]![i]!];
        if (corners.some(Number.isNaN)) continue;
        // Edges counter-clockwise from the bottom, each from its lower-indexed end.
        const hits = [crossing(i, j, i + 1, j), crossing(i + 1, j, i + 1, j + 1), crossing(i, j + 1, i + 1, j + 1), crossing(i, j, i, j + 1)].filter((k): k is string => k !== undefined);
        if (hits.length === 2) segments.push([hits[0]!, hits[1]!]);
        else if (hits.length === 4) {
          // A saddle: pair the crossings so the centre's side stays connected.
          const centreAbove = corners.reduce((a, b) => a + b, 0) / 4 >= level;
          const [p, q, r, t] = hits as [string, string, string, string];
          if (centreAbove === corners[0]! >= level) segments.push([p, q], [r, t]);
          else segments.push([p, t], [q, r]);
        }
      }
    }
    const tolerance = 0.05 * Math.min(Math.abs(grid.dx), Math.abs(grid.dy));
    for (const chain of joinSegments(segments)) out.push({ level, points: simplify(chain.map((k) => points.get(k)!), tolerance) });
  }
  return out;
}

/**
 * Drops points that lie within `tolerance` of the line from the last kept point to the next
 * one: marching squares puts a point on every cell edge, which smooth curves do not need.
 */
export function simplify(points: Array<[number, number]>, tolerance: number): Array<[number, number]> {
  if (points.length <= 2) return points;
  const kept: Array<[number, number]> = [points[0]!];
  for (let i = 1; i + 1 < points.length; i++) {
    const [ax, ay] = kept[kept.length - 1]!;
    const [px, py] = points[i]!;
    const [bx, by] = points[i + 1]!;
    const length = Math.hypot(bx - ax, by - ay);
    const distance = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
    if (distance > tolerance) kept.push(points[i]!);
  }
  kept.push(points[points.length - 1]!);
  return kept;
}

/** Chains segments that share endpoints into as few polylines as possible. */
export function joinSegments(segments: Array<[string, string]>): string[][] {
  const byEnd = new Map<string, number[]>();
  segments.forEach(([a, b], n) => {
    for (const k of [a, b]) byEnd.set(k, [...(byEnd.get(k) ?? []), n]);
  });
  const used = new Array<boolean>(segments.length).fill(false);
  const extend = (chain: string[]) => {
    for (;;) {
      const end = chain[chain.length - 1]!;
      const next = (byEnd.get(end) ?? []).find((n) => !used[n]);
      if (next === undefined) return;
      used[next] = true;
      const [a, b] = segments[next]!;
      chain.push(a === end ? b : a);
    }
  };
  const chains: string[][] = [];
  segments.forEach(([a, b], n) => {
    if (used[n]) return;
    used[n] = true;
    const forward = [a, b];
    extend(forward);
    const backward = [a];
    extend(backward);
    chains.push([...backward.slice(1).reverse(), ...forward]);
  });
  return chains;
}
