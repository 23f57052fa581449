// What each layer computed for one input, one panel per layer stacked down the page: pictures for
// image-shaped outputs, a heatmap strip for other vectors, bars for the units of a dense layer.
import { PALETTE, topLevel, VegaLiteSpec } from "./common";

/** One layer's panel. `url`s are PNG data URLs drawn at the given size. */
export type ActivationPanel =
  | { kind: "image"; title: string; url: string; width: number; height: number }
  | { kind: "strip"; title: string; url: string; width: number; length: number }
  | { kind: "bars"; title: string; values: number[] };

const STRIP_HEIGHT = 22;
const BAR_HEIGHT = 90;

function panelSpec(panel: ActivationPanel, width: number): Record<string, unknown> {
  const title = { text: panel.title, anchor: "start", fontSize: 12, fontWeight: "normal", offset: 4 };
  if (panel.kind === "image") {
    return {
      title,
      width: panel.width,
      height: panel.height,
      view: { stroke: null },
      data: { values: [{ url: panel.url }] },
      mark: { type: "image", width: panel.width, height: panel.height, align: "left", baseline: "top", aspect: false, smooth: false },
      encoding: { x: { value: 0 }, y: { value: 0 }, url: { field: "url", type: "nominal" } },
    };
  }
  if (panel.kind === "strip") {
    return {
      title,
      width: panel.width,
      height: STRIP_HEIGHT,
      data: { values: [{ x: 0, url: panel.url }] },
      mark: { type: "image", width: panel.width, height: STRIP_HEIGHT, align: "left", baseline: "top", aspect: false, smooth: false },
      encoding: {
        x: { field: "x", type: "quantitative", title: null, scale: { domain: [0, panel.length], nice: false, zero: true }, axis: { tickCount: Math.min(10, panel.length), format: "d", grid: false } },
        y: { value: 0 },
        url: { field: "url", type: "nominal" },
      },
    };
  }
  const n = panel.values.length;
  const labelled = n <= 32;
  return {
    title,
    width,
    height: BAR_HEIGHT,
    data: { values: panel.values.map((value, unit) => ({ unit, value })) },
    mark: { type: "bar", color: PALETTE[0] },
    encoding: {
      x: { field: "unit", type: "ordinal", title: null, axis: labelled ? { labelAngle: 0 } : { labels: false, ticks: false, title: `${n} units`, titleFontWeight: "normal" } },
      y: { field: "value", type: "quantitative", title: null, axis: { tickCount: 3 } },
      tooltip: [{ field: "unit", type: "ordinal" }, { field: "value", type: "quantitative", format: ".4~g" }],
    },
  };
}

/** The panels one under the other, every bar chart as wide as the widest picture (at least `width`). */
export function activationsSpec(panels: ActivationPanel[], options: { title?: string; width?: number } = {}): VegaLiteSpec {
  const width = Math.max(options.width ?? 460, ...panels.map((p) => (p.kind === "bars" ? 0 : p.width)));
  return topLevel({ vconcat: panels.map((p) => panelSpec(p, width)), spacing: 14 }, options.title);
}
