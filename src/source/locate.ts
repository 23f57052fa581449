// Where a library function was written: its compiled text is found in the library's JavaScript, and
// the source map beside that file leads back to the TypeScript file and line it came from.
import fs from "node:fs";
import { SourceMap, SourceMapPayload } from "node:module";
import path from "node:path";

/** The built library (dist/src) and the package root above it. */
const LIBRARY_DIR = path.resolve(__dirname, "..");
const PACKAGE_ROOT = path.resolve(LIBRARY_DIR, "..", "..");

export interface SourceLocation {
  /** The TypeScript file, relative to the package root, e.g. `src/scratch/functions.ts`. */
  file: string;
  /** 1-based line where the declaration starts. */
  line: number;
  /** The file's whole text. */
  text: string;
}

let compiled: { file: string; text: string }[] | undefined;

function compiledFiles(): { file: string; text: string }[] {
  if (compiled) return compiled;
  const found: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js")) found.push({ file: full, text: fs.readFileSync(full, "utf8") });
    }
  };
  walk(LIBRARY_DIR);
  compiled = found;
  return found;
}

/** The TypeScript location of a function or class of the library, or undefined when it is not the library's. */
export function locateSource(fn: Function): SourceLocation | undefined {
  const code = Function.prototype.toString.call(fn);
  for (const { file, text } of compiledFiles()) {
    const at = text.indexOf(code);
    if (at < 0) continue;
    const before = text.slice(0, at).split("\n");
    const mapFile = `${file}.map`;
    if (!fs.existsSync(mapFile)) return undefined;
    const payload = JSON.parse(fs.readFileSync(mapFile, "utf8")) as SourceMapPayload & { sourcesContent?: (string | null)[] };
    const entry = new SourceMap(payload).findEntry(before.length - 1, before.at(-1)!.length) as { originalSource?: string; originalLine?: number };
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = path.resolve(path.dirname(mapFile), entry.originalSource.replace(/^file:\/\//, ""));
    const index = payload.sources.indexOf(entry.originalSource);
    const content = fs.existsSync(source) ? fs.readFileSync(source, "utf8") : index >= 0 ? payload.sourcesContent?.[index] ?? undefined : undefined;
    if (content === undefined) return undefined;
    return { file: path.relative(PACKAGE_ROOT, source).split(path.sep).join("/"), line: entry.originalLine + 1, text: content };
  }
  return undefined;
}
