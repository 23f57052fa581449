// What the library needs from the machine it runs on that only Node has: files, the DejaVu fonts and a
// rasteriser for SVG, and the PNG of a chart. Node's implementation is node.ts; the browser build of the
// in-browser kernel (lite/) swaps node.ts for its own, so nothing else in the library changes.
import type { VegaLiteSpec } from "../charts/specs/common";

export interface RasterRequest {
  /** Pixel density: 2 draws at twice the SVG's size. */
  scale: number;
  /** Fill behind transparent areas, e.g. "white". */
  background?: string;
}

export interface Platform {
  /** "node", or "browser" in the in-browser kernel. */
  readonly name: "node" | "browser";
  /** A file's bytes, or its first `length` (all of a shorter file): from the file system in Node, from the site's files in a browser. Throws with `code` ENOENT or EISDIR. */
  readFile(file: string, length?: number): Uint8Array;
  /** Whether a path names a file, a folder or nothing. */
  pathKind(file: string): "file" | "folder" | undefined;
  /** The folder holding MNIST's four IDX files when `loadMnist` is given none. */
  mnistDir(): string;
  /** The font files SVG text is drawn with (DejaVu Sans, Sans Bold, Sans Mono). */
  readonly fontFiles: readonly string[];
  /** PNG bytes of SVG markup, drawn with `fontFiles`; throws the rasteriser's own message when the markup is invalid. */
  rasterise(svg: string, request: RasterRequest): { width: number; height: number; png: () => Uint8Array };
  /** A chart's PNG, or undefined where only the notebook frontend draws charts (a browser: JupyterLab renders vega-lite). */
  chartPng(spec: VegaLiteSpec): Uint8Array | undefined;
  /** The library's compiled JavaScript with its source maps, what showSource searches (read on first use). */
  compiledLibrary(): readonly CompiledFile[];
}

/** One compiled file of the library. */
export interface CompiledFile {
  /** Its path from the package root, e.g. `dist/src/scratch/functions.js`. */
  file: string;
  text: string;
  /** The source map beside it (JSON, its sources inlined), if there is one. */
  map(): string | undefined;
}

export { platform } from "./node";
