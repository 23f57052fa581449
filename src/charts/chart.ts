// A chart: a vega-lite spec plus a short text, displayed as one multi-MIME bundle.
import { displaySymbol, Displayable, liveDisplaySymbol, MediaBundle } from "../display/bundle";
import { platform } from "../platform";
import type { VegaLiteSpec } from "./specs/common";

/**
 * A chart that displays itself: interactive vega-lite where the frontend renders it,
 * a PNG everywhere else (exports, GitHub, nbviewer), and a textual summary.
 * The PNG is drawn the first time it is needed, then kept.
 */
export class Chart implements Displayable {
  private pngCache: Uint8Array | undefined;

  constructor(
    /** The vega-lite v5 spec, with its data inline. */
    readonly spec: VegaLiteSpec,
    /** A short description of what the chart shows, the `text/plain` of its bundle. */
    readonly summary: string,
    /** Further MIME entries, e.g. a plotly figure. */
    readonly extra: MediaBundle = {},
  ) {}

  /** The PNG, drawn at 2× (cached); undefined where only the frontend draws charts (the in-browser kernel). */
  png(): Uint8Array | undefined {
    this.pngCache ??= platform.chartPng(this.spec);
    return this.pngCache;
  }

  [displaySymbol](): MediaBundle {
    const png = this.png();
    return {
      ...this.extra,
      "application/vnd.vegalite.v5+json": this.spec,
      ...(png ? { "image/png": png } : {}),
      "text/plain": this.summary,
    };
  }

  /** Without the PNG: what a frontend draws while the chart is being redrawn from a slider. */
  [liveDisplaySymbol](): MediaBundle {
    return { ...this.extra, "application/vnd.vegalite.v5+json": this.spec, "text/plain": this.summary };
  }

  toString(): string {
    return this.summary;
  }
}
