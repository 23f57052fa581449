// Renders a vega-lite spec to SVG and PNG in Node, with no browser and synchronously,
// so a chart can draw its PNG inside the (synchronous) display protocol.
import { svgToPng } from "../render/svgToPng";
import type { VegaLiteSpec } from "./specs/common";

type VegaModule = typeof import("vega");
type VegaLiteModule = typeof import("vega-lite");

// Loaded on first use: vega and vega-lite take ~150 ms to load, which kernel start need not pay.
let modules: { vega: VegaModule; vl: VegaLiteModule } | undefined;
function load(): { vega: VegaModule; vl: VegaLiteModule } {
  modules ??= { vega: require("vega") as VegaModule, vl: require("vega-lite") as VegaLiteModule };
  return modules;
}

/** vega's headless SVG renderer (exported by vega, missing from its typings). */
interface SvgStringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scale: number): { background(color: unknown): void };
  render(root: unknown): void;
  svg(): string;
}

export interface RenderOptions {
  /** Pixel density of the PNG: 2 (the default) draws at twice the spec's size. */
  scale?: number;
}

/** The vega spec a vega-lite spec compiles to; throws with vega-lite's own message when it is invalid. */
export function compileSpec(spec: VegaLiteSpec, warnings: string[] = []): object {
  const { vl } = load();
  const logger = { level: () => 0, error: (...m: unknown[]) => void warnings.push(m.join(" ")), warn: (...m: unknown[]) => void warnings.push(m.join(" ")), info: () => {}, debug: () => {} };
  return vl.compile(spec as never, { logger: logger as never }).spec;
}

type SceneNode = { marktype?: string; items?: SceneNode[]; url?: unknown; width?: number; height?: number; image?: unknown };

/**
 * vega loads images asynchronously even from data: URLs, and draws an empty href until then.
 * Inline images need no loading, so hand them to the renderer ready-made.
 */
function resolveInlineImages(node: SceneNode): void {
  for (const item of node.items ?? []) {
    if (node.marktype === "image" && typeof item.url === "string" && item.url.startsWith("data:")) {
      item.image = { complete: true, src: item.url, url: item.url, width: item.width ?? 0, height: item.height ?? 0 };
    }
    if (item.items) resolveInlineImages(item);
  }
}

/** The chart as an SVG document. */
export function renderSvg(spec: VegaLiteSpec): string {
  const { vega } = load();
  const view = new vega.View(vega.parse(compileSpec(spec) as never), { renderer: "none" });
  try {
    // view.toSVG() is async only to wait for data loading; with inline data the dataflow
    // evaluates synchronously, so run it and draw the scenegraph as toSVG would.
    void view.run();
    resolveInlineImages((view.scenegraph() as unknown as { root: SceneNode }).root);
    const internal = view as unknown as { _viewWidth: number; _viewHeight: number; _origin: [number, number] };
    const pad = view.padding() as { top: number; bottom: number; left: number; right: number };
    const width = Math.max(0, internal._viewWidth + pad.left + pad.right);
    const height = Math.max(0, internal._viewHeight + pad.top + pad.bottom);
    if (!(width > 0 && height > 0)) throw new Error(`renderSvg: the chart has no size (${width}×${height})`);
    const { SVGStringRenderer } = vega as unknown as { SVGStringRenderer: new (loader: unknown) => SvgStringRenderer };
    const renderer = new SVGStringRenderer(view.loader());
    renderer.initialize(null, width, height, [pad.left + internal._origin[0], pad.top + internal._origin[1]], 1).background(view.background());
    renderer.render((view.scenegraph() as unknown as { root: unknown }).root);
    // An image mark with smooth: false asks for "optimizeSpeed", then "pixelated", which resvg does not
    // know; the second would win and smooth the image. Keep the one resvg draws as nearest neighbour.
    return renderer.svg().replaceAll("image-rendering: optimizeSpeed; image-rendering: pixelated;", "image-rendering: optimizeSpeed;");
  } finally {
    view.finalize();
  }
}

/** The chart as PNG bytes, drawn at `scale` (2 by default) on white. */
export function renderPng(spec: VegaLiteSpec, options: RenderOptions = {}): Uint8Array {
  return svgToPng(renderSvg(spec), { scale: options.scale ?? 2, background: "white" });
}
