// Histograms: one tensor's values as bars, and many (per epoch or step) as a ridgeline or a heatmap.
import { heatmapDataUrl, VIRIDIS } from "../colormap";
import { ChartLabels, PALETTE, topLevel, VegaLiteSpec } from "./common";

/** Counts over equal bins from lo to hi. */
export interface Bins {
  lo: number;
  hi: number;
  counts: number[];
}

/** The bins' edges: counts.length + 1 numbers from lo to hi. */
export function binEdges(bins: Bins): number[] {
  const n = bins.counts.length;
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? bins.hi : bins.lo + ((bins.hi - bins.lo) * i) / n));
}

/** Bars from each bin's start to its end, their height the count. */
export function histogramSpec(bins: Bins, options: ChartLabels = {}): VegaLiteSpec {
  const edges = binEdges(bins);
  const values = bins.counts.map((count, i) => ({ start: edges[i]!, end: edges[i + 1]!, count }));
  return topLevel(
    {
      width: options.width ?? 420,
      height: options.height ?? 220,
      data: { values },
      mark: { type: "bar", color: PALETTE[0], binSpacing: 0, stroke: "white", strokeWidth: bins.counts.length > 80 ? 0 : 0.5 },
      encoding: {
        x: { field: "start", type: "quantitative", bin: { binned: true }, title: options.xLabel ?? "value", scale: { zero: false, nice: false, domain: [bins.lo, bins.hi] } },
        x2: { field: "end" },
        y: { field: "count", type: "quantitative", title: options.yLabel ?? "count" },
        tooltip: [
          { field: "start", type: "quantitative", format: ".4~g", title: "from" },
          { field: "end", type: "quantitative", format: ".4~g", title: "to" },
          { field: "count", type: "quantitative" },
        ],
      },
    },
    options.title,
  );
}

/**
 * Counts moved onto other bins, each spread evenly over its width: how histograms with their own ranges
 * are drawn on one value axis.
 */
export function rebin(from: Bins, lo: number, hi: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  const edges = binEdges(from);
  const width = (hi - lo) / n;
  from.counts.forEach((count, i) => {
    const [a, b] = [edges[i]!, edges[i + 1]!];
    if (!count) return;
    if (!(b > a)) {
      out[Math.min(n - 1, Math.max(0, Math.floor((a - lo) / width)))]! += count;
      return;
    }
    const first = Math.max(0, Math.floor((a - lo) / width));
    const last = Math.min(n - 1, Math.floor((b - lo) / width));
    for (let j = first; j <= last; j++) {
      const overlap = Math.min(b, lo + (j + 1) * width) - Math.max(a, lo + j * width);
      if (overlap > 0) out[j]! += (count * overlap) / (b - a);
    }
  });
  return out;
}

/** One weight tensor's histograms over training: a label per snapshot ("start", "epoch 1", "step 50"). */
export interface HistorySeries {
  name: string;
  snapshots: { label: string; bins: Bins }[];
}

export interface DistributionSpecOptions extends ChartLabels {
  /** Width of each weight's panel. */
  width?: number;
}

/**
 * A ridgeline per weight: one filled curve per snapshot, the first on top and each later one lower and in
 * front, every curve scaled to its own peak (shapes compare, not sizes).
 */
export function ridgelineSpec(series: HistorySeries[], options: DistributionSpecOptions = {}): VegaLiteSpec {
  const rows = Math.max(...series.map((s) => s.snapshots.length));
  const labels = series.find((s) => s.snapshots.length === rows)!.snapshots.map((s) => s.label);
  const step = Math.max(14, Math.min(40, Math.floor(320 / rows)));
  const overlap = 1.8;
  const panels = series.map((s) => {
    const values = s.snapshots.flatMap((snap, r) => {
      const peak = Math.max(...snap.bins.counts) || 1;
      const edges = binEdges(snap.bins);
      const base = rows - 1 - r;
      const points = snap.bins.counts.map((c, i) => ({ row: r, label: snap.label, x: (edges[i]! + edges[i + 1]!) / 2, base, top: base + (overlap * c) / peak, count: c }));
      // Close each curve at its ends, so it reads as a hill on its baseline.
      return [{ ...points[0]!, x: edges[0]!, top: base, count: 0 }, ...points, { ...points[points.length - 1]!, x: edges[edges.length - 1]!, top: base, count: 0 }];
    });
    return {
      width: options.width ?? (series.length > 1 ? 300 : 420),
      height: step * (rows - 1) + step * overlap + 4,
      title: { text: s.name, fontSize: 12, fontWeight: "normal" },
      data: { values },
      mark: { type: "area", interpolate: "monotone", fillOpacity: 0.85, stroke: "white", strokeWidth: 1 },
      encoding: {
        x: { field: "x", type: "quantitative", title: options.xLabel ?? "value", scale: { zero: false, nice: false } },
        y: {
          field: "top",
          type: "quantitative",
          scale: { domain: [0, rows - 1 + overlap], nice: false, zero: true },
          axis: { title: null, grid: false, values: labels.map((_, r) => rows - 1 - r), labelExpr: `${JSON.stringify(labels)}[${rows - 1} - datum.value]` },
        },
        y2: { field: "base" },
        color: { field: "row", type: "ordinal", scale: { range: spread(VIRIDIS, rows) }, legend: null },
        tooltip: [
          { field: "label", type: "nominal", title: "when" },
          { field: "x", type: "quantitative", format: ".4~g", title: "value" },
          { field: "count", type: "quantitative", format: ".4~g" },
        ],
      },
    };
  });
  return topLevel(panels.length === 1 ? panels[0]! : { hconcat: panels, spacing: 24 }, options.title);
}

/** `n` colours picked evenly from a palette, dark (first snapshot) to light (last). */
function spread(palette: string[], n: number): string[] {
  const top = palette.length - 2; // the last stops are too pale on white
  return Array.from({ length: n }, (_, i) => palette[n === 1 ? 0 : Math.round((i * top) / (n - 1))]!);
}

/** Value bins of the heatmap's rows. */
export const HEATMAP_BINS = 60;

/**
 * TensorBoard's distributions as a heatmap per weight: snapshots across, values up, each column's counts
 * scaled to its own peak, drawn as one image.
 */
export function heatmapSpec(series: HistorySeries[], options: DistributionSpecOptions = {}): VegaLiteSpec {
  const panels = series.map((s) => {
    const lo = Math.min(...s.snapshots.map((x) => x.bins.lo));
    const hi = Math.max(...s.snapshots.map((x) => x.bins.hi));
    const columns = s.snapshots.map((x) => {
      const c = rebin(x.bins, lo, hi, HEATMAP_BINS);
      const peak = Math.max(...c) || 1;
      return c.map((v) => v / peak);
    });
    const n = s.snapshots.length;
    const width = options.width ?? (series.length > 1 ? 300 : 420);
    const height = options.height ?? 220;
    // One pixel per cell, drawn unsmoothed: each snapshot a sharp column.
    const grid = { dx: 1, dy: (hi - lo) / HEATMAP_BINS, xs: columns.map((_, i) => i), ys: Array.from({ length: HEATMAP_BINS }, (_, j) => j), z: Array.from({ length: HEATMAP_BINS }, (_, j) => columns.map((c) => c[j]!)) };
    const labels = s.snapshots.map((x) => x.label);
    const every = Math.max(1, Math.ceil(n / 8));
    return {
      width,
      height,
      title: { text: s.name, fontSize: 12, fontWeight: "normal" },
      layer: [
        {
          data: { values: [{ x: -0.5, y: hi, url: heatmapDataUrl(grid, [0, 1]) }] },
          mark: { type: "image", width, height, aspect: false, align: "left", baseline: "top", smooth: false },
          encoding: {
            x: {
              field: "x",
              type: "quantitative",
              title: options.xLabel ?? null,
              scale: { domain: [-0.5, n - 0.5], nice: false, zero: false },
              axis: { grid: false, values: labels.map((_, i) => i).filter((i) => i % every === 0 || i === n - 1), labelExpr: `${JSON.stringify(labels)}[datum.value]`, labelAngle: n > 4 ? -40 : 0 },
            },
            y: { field: "y", type: "quantitative", title: options.yLabel ?? "value", scale: { domain: [lo, hi], nice: false, zero: false }, axis: { grid: false } },
            url: { field: "url", type: "nominal" },
          },
        },
      ],
    };
  });
  return topLevel(panels.length === 1 ? panels[0]! : { hconcat: panels, spacing: 24 }, options.title);
}
