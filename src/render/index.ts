export { encodePng } from "./png";
export { svgToPng, FONT_FAMILY, FONT_FILES } from "./svgToPng";
export type { RasterOptions } from "./svgToPng";
