// What the last build into an output folder produced, so that --changed-only can skip chapters
// whose notebook and library are unchanged. The manifest also feeds index.html.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ChapterInfo } from "./chapterInfo";

export const MANIFEST_FILE = "course-manifest.json";

export interface ChapterRecord {
  /** Notebook file name, e.g. `01-tensors.ipynb`. */
  file: string;
  info: ChapterInfo;
  /** Seconds the chapter took to execute. */
  seconds: number;
  sourceHash: string;
  libraryHash: string;
  /** Outputs relative to the output folder. */
  ipynb: string;
  html?: string;
  pdf?: string;
  /** What the page shows besides the executed notebook (links to its neighbours): a change re-exports the page only. */
  pageKey?: string;
  /** Set when the chapter failed; such a record is never reused. */
  failure?: string;
  builtAt: string;
}

export interface Manifest {
  version: 1;
  chapters: Record<string, ChapterRecord>;
}

export function sha256(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * One hash for everything besides the notebook that shapes a chapter's outputs: the built library and
 * kernel, the locked dependency versions, and the course build itself (template, drivers, code).
 */
export function libraryHash(root: string): string {
  const hash = crypto.createHash("sha256");
  const parts = [
    path.join(root, "dist", "src"),
    path.join(root, "dist", "kernel"),
    path.join(root, "package-lock.json"),
    path.join(root, "course", "templates"),
    path.join(root, "course", "python"),
    path.join(root, "dist", "course"),
  ];
  for (const part of parts) {
    for (const file of filesUnder(part)) {
      if (file.endsWith(".map") || file.endsWith(".d.ts") || file.includes(`${path.sep}__pycache__${path.sep}`)) continue;
      hash.update(path.relative(root, file)).update("\0").update(fs.readFileSync(file)).update("\0");
    }
  }
  return hash.digest("hex");
}

function filesUnder(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return [p];
  return fs
    .readdirSync(p, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => filesUnder(path.join(p, d.name)));
}

export function readManifest(outDir: string): Manifest {
  const file = path.join(outDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return { version: 1, chapters: {} };
  try {
    const m = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
    return m.version === 1 && m.chapters ? m : { version: 1, chapters: {} };
  } catch {
    return { version: 1, chapters: {} };
  }
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  fs.writeFileSync(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
}

/**
 * Whether the last execution and page of a chapter can stand: it succeeded, its notebook and library
 * hashes match, and its executed notebook and page are still there. (A missing PDF is printed again
 * from the page, without executing.)
 */
export function isUpToDate(record: ChapterRecord | undefined, sourceHash: string, libHash: string, exists: (relative: string) => boolean): boolean {
  if (!record || record.failure || !record.html) return false;
  if (record.sourceHash !== sourceHash || record.libraryHash !== libHash) return false;
  return exists(record.ipynb) && exists(record.html);
}
