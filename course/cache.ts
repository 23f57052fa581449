// What the last build into an output folder produced, so that --changed-only can skip chapters
// whose notebook and library are unchanged. The manifest also feeds index.html. Every output is
// recorded with its size and hash once complete, and the manifest is replaced atomically, so a build
// that was killed, or a file truncated or edited since, is found and built again, never reused.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../kernel/atomicFile";
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
  /** Size and hash of each output (ipynb, html, pdf) as written; absent in manifests of older builds. */
  outputs?: Record<string, Fingerprint>;
}

/** What a complete output file was: a truncated or changed file differs in one or the other. */
export interface Fingerprint {
  bytes: number;
  sha256: string;
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

/** A manifest read back, with why any part of it could not be used. */
export interface ReadManifest {
  manifest: Manifest;
  /** Each sentence names what was dropped: the whole file, or one chapter's record. */
  problems: string[];
}

const EMPTY = (): Manifest => ({ version: 1, chapters: {} });

/** Reads the manifest of an output folder; a missing file is an empty manifest, a damaged one is reported. */
export function readManifest(outDir: string): ReadManifest {
  const file = path.join(outDir, MANIFEST_FILE);
  if (!fs.existsSync(file)) return { manifest: EMPTY(), problems: [] };
  return parseManifest(fs.readFileSync(file, "utf8"));
}

/** The manifest in `text`, keeping only well-formed chapter records; see ReadManifest. */
export function parseManifest(text: string): ReadManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { manifest: EMPTY(), problems: [`${MANIFEST_FILE} is not valid JSON (${(e as Error).message}); it is ignored`] };
  }
  const m = json as Partial<Manifest> | null;
  if (m === null || typeof m !== "object" || m.version !== 1 || typeof m.chapters !== "object" || m.chapters === null || Array.isArray(m.chapters)) {
    return { manifest: EMPTY(), problems: [`${MANIFEST_FILE} is not a version-1 manifest with a chapters object; it is ignored`] };
  }
  const manifest = EMPTY();
  const problems: string[] = [];
  for (const [file, record] of Object.entries(m.chapters)) {
    const why = recordProblem(file, record);
    if (why) problems.push(`${MANIFEST_FILE}: the record of ${file} is malformed (${why}); it is ignored`);
    else manifest.chapters[file] = record as ChapterRecord;
  }
  return { manifest, problems };
}

/** What is wrong with a chapter record read from disk, or undefined when it has the ChapterRecord shape. */
function recordProblem(file: string, value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "not an object";
  const r = value as Record<string, unknown>;
  if (r.file !== file) return `its file is ${JSON.stringify(r.file)}`;
  for (const key of ["sourceHash", "libraryHash", "ipynb", "builtAt"]) if (typeof r[key] !== "string") return `${key} is not a string`;
  for (const key of ["html", "pdf", "pageKey", "failure"]) if (r[key] !== undefined && typeof r[key] !== "string") return `${key} is not a string`;
  if (typeof r.seconds !== "number") return "seconds is not a number";
  const info = r.info as Partial<ChapterInfo> | undefined;
  if (typeof info !== "object" || info === null || typeof info.title !== "string" || !Array.isArray(info.goals)) return "info has no title and goals";
  if (r.outputs !== undefined) {
    if (typeof r.outputs !== "object" || r.outputs === null) return "outputs is not an object";
    for (const [name, fp] of Object.entries(r.outputs)) {
      const f = fp as Partial<Fingerprint> | null;
      if (typeof f !== "object" || f === null || typeof f.bytes !== "number" || typeof f.sha256 !== "string") return `outputs["${name}"] is not { bytes, sha256 }`;
    }
  }
  return undefined;
}

export function writeManifest(outDir: string, manifest: Manifest): void {
  writeFileAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
}

export function fingerprint(file: string): Fingerprint {
  const data = fs.readFileSync(file);
  return { bytes: data.length, sha256: sha256(data) };
}

/** Records an output of the chapter as it is now, complete. */
export function recordOutput(outDir: string, record: ChapterRecord, relative: string): void {
  record.outputs = { ...record.outputs, [relative]: fingerprint(path.join(outDir, relative)) };
}

/** Why an output of the chapter cannot be reused (missing, truncated, changed), or undefined when it is as written. */
export function outputProblem(outDir: string, record: ChapterRecord, relative: string): string | undefined {
  const file = path.join(outDir, relative);
  const size = fs.statSync(file, { throwIfNoEntry: false })?.size;
  if (size === undefined) return `${relative} is missing`;
  const recorded = record.outputs?.[relative];
  if (!recorded) return `${relative} has no recorded size and hash (an older build made it)`;
  if (size !== recorded.bytes) return `${relative} has ${size} bytes but ${recorded.bytes} were written (truncated or changed)`;
  if (sha256(fs.readFileSync(file)) !== recorded.sha256) return `${relative} differs from the file written (changed since)`;
  return undefined;
}

/**
 * Why the last execution and page of a chapter cannot stand, or undefined when they can: it succeeded,
 * its notebook and library hashes match, and its executed notebook and page are as written. (A missing
 * or damaged PDF is printed again from the page, without executing.)
 */
export function reuseProblem(
  record: ChapterRecord | undefined,
  sourceHash: string,
  libHash: string,
  output: (relative: string) => string | undefined,
): string | undefined {
  if (!record) return "not built before";
  if (record.failure) return "it failed last time";
  if (record.sourceHash !== sourceHash) return "its notebook changed";
  if (record.libraryHash !== libHash) return "the library, kernel or course build changed";
  if (!record.html) return "its page was not made";
  return output(record.ipynb) ?? output(record.html);
}
