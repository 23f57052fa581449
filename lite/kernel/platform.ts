// The library's platform in the browser (see src/platform): files are the site's, read synchronously over
// HTTP; SVG is rasterised by resvg's WebAssembly build with the DejaVu fonts the site serves; charts carry no
// PNG, since JupyterLab draws their vega-lite. The browser build puts this module in place of src/platform/node.ts.
import type { CompiledFile, Platform } from "../../src/platform";
import { fetchSync } from "./workerScope";

/** The library's compiled files with their source maps, as the site build packs them (showSource reads them). */
export const LIBRARY_SOURCE = "kernel/library-source.json";
export type LibrarySourcePack = { file: string; text: string; map?: string }[];

/** Where the site build puts MNIST's gzipped IDX files, relative to the site's root. */
export const MNIST_DIR = "data/mnist";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"].map((f) => `kernel/fonts/${f}`);

interface ResvgWasm {
  initWasm(module: ArrayBuffer): Promise<void>;
  Resvg: new (svg: string, options: object) => { width: number; height: number; render(): { asPng(): Uint8Array } };
}

/** The files the site serves for the kernel (written by the site build): what pathKind knows without asking. */
let served = new Set<string>();
let resvg: ResvgWasm | undefined;
let fonts: Uint8Array[] = [];
let library: CompiledFile[] | undefined;

/** A site path: "data/mnist" and "/data/mnist" both name the folder at the site's root. */
function normalise(file: string): string {
  return file.replace(/^\.?\//, "").replace(/\/+$/, "");
}

function read(file: string): Uint8Array {
  const { status, body } = fetchSync(normalise(file), "arraybuffer");
  if (status === 200) return new Uint8Array(body as ArrayBuffer);
  throw Object.assign(new Error(`HTTP ${status}`), { code: status === 404 ? "ENOENT" : `HTTP ${status}` });
}

/** Reads what the platform needs before the first cell: the served files' list, resvg's wasm and the fonts. */
export async function preparePlatform(): Promise<void> {
  served = new Set(JSON.parse(new TextDecoder().decode(read("kernel/served.json"))) as string[]);
  const wasm = require("@resvg/resvg-wasm") as ResvgWasm;
  await wasm.initWasm(read("kernel/resvg.wasm").slice().buffer);
  fonts = FONT_FILES.map(read);
  resvg = wasm;
}

export const platform: Platform = {
  name: "browser",
  readFile(file, length) {
    const path = normalise(file);
    if (platform.pathKind(path) === "folder") throw Object.assign(new Error("is a folder, not a file"), { code: "EISDIR" });
    return length === undefined ? read(path) : read(path).subarray(0, length);
  },
  pathKind(file) {
    const path = normalise(file);
    if (served.has(path)) return "file";
    if ([...served].some((f) => f.startsWith(`${path}/`))) return "folder";
    // In a folder the build listed, a file it did not list is absent (loadMnist looks for unzipped files first).
    const parent = path.slice(0, path.lastIndexOf("/"));
    if (parent && [...served].some((f) => f.startsWith(`${parent}/`))) return undefined;
    // A file of the site the build did not list (one a teacher added): ask the server.
    return path && fetchSync(path, "head").status === 200 ? "file" : undefined;
  },
  mnistDir: () => MNIST_DIR,
  fontFiles: FONT_FILES,
  rasterise(svg, { scale, background }) {
    if (!resvg) throw new Error("the SVG rasteriser is still loading");
    const drawn = new resvg.Resvg(svg, {
      fitTo: { mode: "zoom", value: scale },
      background,
      font: { fontBuffers: fonts, loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans", monospaceFamily: "DejaVu Sans Mono" },
    });
    return { width: drawn.width, height: drawn.height, png: () => drawn.render().asPng() };
  },
  chartPng: () => undefined,
  compiledLibrary() {
    library ??= (JSON.parse(new TextDecoder().decode(read(LIBRARY_SOURCE))) as LibrarySourcePack).map(({ file, text, map }) => ({ file, text, map: () => map }));
    return library;
  },
};
