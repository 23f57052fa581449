// Rasterises SVG to PNG offline with resvg (the platform's), using the DejaVu fonts we ship:
// without a font file resvg silently drops every piece of text.
import { describeValue } from "../args/describe";
import { checkOptions, OptionRules, positive, text } from "../args/options";
import { platform } from "../platform";

export const FONT_FAMILY = "DejaVu Sans";
export const FONT_FILES = platform.fontFiles;

export interface RasterOptions {
  /** Pixel density: 2 draws at twice the SVG's size, for sharp output on high-DPI screens. */
  scale?: number;
  /** Fill behind transparent areas, e.g. "white". */
  background?: string;
}

const RASTER_OPTIONS: OptionRules<RasterOptions> = { scale: positive, background: text };

/** Larger images take gigabytes, and resvg aborts the whole process (the kernel) on some of them. */
export const MAX_PNG_SIDE = 16384;

/** PNG bytes of an SVG document. */
export function svgToPng(svg: string, options: RasterOptions = {}): Uint8Array {
  if (typeof svg !== "string") throw new TypeError(`svgToPng: expected svg to be a string of SVG markup; got ${describeValue(svg)}`);
  checkOptions("svgToPng", options, RASTER_OPTIONS);
  const scale = options.scale ?? 2;
  let resvg: ReturnType<typeof platform.rasterise>;
  try {
    resvg = platform.rasterise(svg, { scale, background: options.background });
  } catch (e) {
    throw new Error(`svgToPng: expected valid SVG markup (got ${JSON.stringify(svg.slice(0, 40))}…): ${(e as Error).message}`);
  }
  const [width, height] = [Math.ceil(resvg.width * scale), Math.ceil(resvg.height * scale)];
  if (!(width <= MAX_PNG_SIDE && height <= MAX_PNG_SIDE)) {
    throw new RangeError(`svgToPng: expected an image of at most ${MAX_PNG_SIDE}×${MAX_PNG_SIDE} pixels; this SVG at scale ${scale} would be ${width}×${height}`);
  }
  return resvg.png();
}
