// Colour maps for heatmaps drawn as raster images: one <image> instead of thousands of
// rects keeps dense heatmaps fast to render and small to store.
import { encodePng } from "../render/png";
import type { Grid } from "./contours";

/** Viridis at 11 evenly spaced stops (matplotlib's), interpolated linearly; also given to vega-lite as the legend's range. */
export const VIRIDIS = ["#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725"];

const STOPS = VIRIDIS.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number]);

/** The colour of t ∈ [0, 1] (clamped) as [r, g, b]. */
export function viridis(t: number): [number, number, number] {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(u));
  const f = u - i;
  const [a, b] = [STOPS[i]!, STOPS[i + 1]!];
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

/** The grid as a PNG data URL, one pixel per cell, top row = largest y; NaN cells transparent. */
export function heatmapDataUrl(grid: Grid, domain: [number, number]): string {
  const w = grid.xs.length;
  const h = grid.ys.length;
  const rgba = new Uint8Array(w * h * 4);
  const span = domain[1] - domain[0] || 1;
  for (let row = 0; row < h; row++) {
    const zRow = grid.z[h - 1 - row]!;
    for (let i = 0; i < w; i++) {
      const v = zRow[i]!;
      if (Number.isNaN(v)) continue;
      const [r, g, b] = viridis((v - domain[0]) / span);
      rgba.set([r, g, b, 255], (row * w + i) * 4);
    }
  }
  return `data:image/png;base64,${Buffer.from(encodePng(rgba, w, h)).toString("base64")}`;
}
