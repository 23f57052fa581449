// What every chart spec shares: the vega-lite v5 schema, the house theme and small spec fragments.
import { OptionRules, pixels, text } from "../../args/options";
import { FONT_FAMILY } from "../../render/svgToPng";

/** v5, not v6: JupyterLab, VS Code and nbviewer render v5 and nothing renders v6 yet. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Titles and size, shared by every chart's options. */
export interface ChartLabels {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Plot size in pixels (the PNG is drawn at twice this). */
  width?: number;
  height?: number;
}

/** How every chart checks its ChartLabels. */
export const LABEL_RULES: OptionRules<ChartLabels> = { title: text, xLabel: text, yLabel: text, width: pixels, height: pixels };

/** A vega-lite v5 top-level spec, as plain JSON. */
export type VegaLiteSpec = { $schema: string; [key: string]: unknown };

/** Series colours (Tableau 10, vega's default), named so specs can pin a colour to a meaning. */
export const PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac"];

/**
 * The theme: the shipped DejaVu font (resvg draws no text in a font it does not have),
 * a white background so PNGs read on dark notebook themes, and readable sizes.
 */
export const CHART_CONFIG = {
  // The fallback keeps browsers without DejaVu on a sans-serif face instead of their serif default.
  font: `${FONT_FAMILY}, sans-serif`,
  // No ARIA labels on every mark: they double the SVG of dense charts (heatmaps) for nothing here.
  aria: false,
  background: "white",
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#e6e6e6" },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal" },
  title: { fontSize: 14, fontWeight: "bold", anchor: "middle", offset: 8 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  view: { stroke: "#bbb" },
  // Points and bars skip null values; lines are broken at them (see `lineMark`).
  mark: { invalid: "filter" },
} as const;

/** Drag to pan, scroll to zoom, double-click to reset: in frontends that render the spec. */
export const ZOOM = { name: "zoom", select: "interval", bind: "scales" } as const;

/** A top-level spec with the schema, the theme and an optional title. */
export function topLevel(body: Record<string, unknown>, title?: string): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    ...(title ? { title: vegaSafe(title) } : {}),
    ...(vegaSafe(body) as Record<string, unknown>),
    config: CHART_CONFIG,
  };
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The value with every string that names an Object.prototype member ("toString", "constructor") given a
 * trailing space: vega 5 looks such text up as a signal, finds the inherited method and fails to draw.
 * Applied everywhere alike, so a series name still matches its legend's sort order.
 */
export function vegaSafe(value: unknown): unknown {
  if (typeof value === "string") return PROTOTYPE_NAMES.has(value) ? `${value} ` : value;
  if (Array.isArray(value)) return value.map(vegaSafe);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, vegaSafe(v)]));
  return value;
}

/**
 * A line mark that leaves a gap at null values instead of joining across them,
 * so missing or NaN values stay visible as missing.
 */
export function lineMark(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "line", invalid: "break-paths-show-domains", strokeWidth: 2, ...extra };
}

/** JSON has no NaN or Infinity: non-finite numbers become null, which charts draw as gaps. */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
