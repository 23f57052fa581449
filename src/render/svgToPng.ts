// Rasterises SVG to PNG offline with resvg, using the DejaVu fonts we ship:
// without a font file resvg silently drops every piece of text.
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";

const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONT_FAMILY = "DejaVu Sans";
export const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"].map((f) => path.join(FONT_DIR, f));

export interface RasterOptions {
  /** Pixel density: 2 draws at twice the SVG's size, for sharp output on high-DPI screens. */
  scale?: number;
  /** Fill behind transparent areas, e.g. "white". */
  background?: string;
}

/** PNG bytes of an SVG document. */
export function svgToPng(svg: string, options: RasterOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  if (!(scale > 0)) throw new Error(`svgToPng: expected a positive scale; got ${scale}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    background: options.background,
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY, monospaceFamily: "DejaVu Sans Mono" },
  });
  return resvg.render().asPng();
}
