// Parsed declaration files shared by every cell's program: tf alone brings ~800 of them, and
// reading, parsing and binding them again for each cell would cost a second per cell.
import fs from "node:fs";
import path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { PreparsedFile, preparsedFiles } from "./startupSnapshot";

interface Entry {
  file: ts.SourceFile;
  /** mtime when read; files under node_modules are trusted for the session and not stat-ed again. */
  mtimeMs?: number;
}

const IN_NODE_MODULES = /[\\/]node_modules[\\/]/;

/** Rewrites a declaration file's text as it is read (see declarationPatches.ts). */
export type TextTransform = (fileName: string, text: string) => string;

export class SourceCache {
  private readonly files = new Map<string, Entry>();

  constructor(
    private readonly transform: TextTransform = (_f, text) => text,
    private readonly preparsed: ReadonlyMap<string, PreparsedFile> = preparsedFiles() ?? new Map(),
  ) {}

  get(fileName: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    const cached = this.files.get(fileName);
    const trusted = isInstalledFile(fileName);
    if (cached && (trusted || cached.mtimeMs === mtime(fileName))) return cached.file;
    const early = this.fromSnapshot(fileName);
    if (early) return early;
    const text = ts.sys.readFile(fileName);
    if (text === undefined) {
      this.files.delete(fileName);
      return undefined;
    }
    const file = ts.createSourceFile(fileName, this.transform(fileName, text), languageVersion, false);
    this.files.set(fileName, { file, mtimeMs: trusted ? undefined : mtime(fileName) });
    return file;
  }

  /** A file the startup snapshot parsed, if it is still the same on disk (and was not patched). */
  private fromSnapshot(fileName: string): ts.SourceFile | undefined {
    const entry = this.preparsed.get(fileName);
    if (!entry) return undefined;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(fileName);
    } catch {
      return undefined;
    }
    if (stat.size !== entry.size || stat.mtimeMs !== entry.mtimeMs || this.transform(fileName, entry.file.text) !== entry.file.text) return undefined;
    this.files.set(fileName, { file: entry.file, mtimeMs: stat.mtimeMs });
    return entry.file;
  }

}

export function mtime(fileName: string): number | undefined {
  try {
    return fs.statSync(fileName).mtimeMs;
  } catch {
    return undefined;
  }
}

const LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));
// tsdl's own build (dist/): its library's declarations change only with a rebuild, which needs a new kernel
// anyway, since the running one has loaded the library's code.
const OWN_BUILD = path.resolve(__dirname, "..") + path.sep;

/** Files under node_modules, TypeScript's own libraries and tsdl's build: trusted not to change during a session. */
export function isInstalledFile(fileName: string): boolean {
  return IN_NODE_MODULES.test(fileName) || fileName.startsWith(LIB_DIR) || fileName.startsWith(OWN_BUILD);
}
