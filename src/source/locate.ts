// Where a library function was written: its compiled text is found in the library's JavaScript (the
// platform's: dist/src in Node, a pack the site serves in the browser), and the source map beside that file
// leads back to the TypeScript file and line it came from.
import path from "node:path";
import { platform } from "../platform";
import { findEntry, SourceMapJson } from "./sourceMap";

export interface SourceLocation {
  /** The TypeScript file, relative to the package root, e.g. `src/scratch/functions.ts`. */
  file: string;
  /** 1-based line where the declaration starts. */
  line: number;
  /** The file's whole text. */
  text: string;
}

/** The TypeScript location of a function or class of the library, or undefined when it is not the library's. */
export function locateSource(fn: Function): SourceLocation | undefined {
  const code = Function.prototype.toString.call(fn);
  for (const { file, text, map } of platform.compiledLibrary()) {
    const at = text.indexOf(code);
    if (at < 0) continue;
    const before = text.slice(0, at).split("\n");
    const json = map();
    if (json === undefined) return undefined;
    const payload = JSON.parse(json) as SourceMapJson;
    const entry = findEntry(payload, before.length - 1, before.at(-1)!.length);
    const content = entry && payload.sourcesContent?.[entry.source];
    if (!entry || typeof content !== "string") return undefined;
    const source = path.posix.join(path.posix.dirname(file), payload.sourceRoot ?? "", payload.sources[entry.source]!.replace(/^file:\/\//, ""));
    return { file: source, line: entry.line + 1, text: content };
  }
  return undefined;
}
