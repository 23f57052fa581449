// The startup snapshot: a V8 heap with TypeScript loaded and the declaration files cells are checked
// against (the standard library, @types/node, tf's and tsdl's: ~1000 files) already parsed and bound.
// Parsing them was most of a kernel's start and of its first tf cell; deserializing them is a tenth.
//
// `npm run build` makes it (snapshotBuilder.js under `node --build-snapshot`); kernel/launch.sh uses it
// only when its stamp still matches the node binary and the files it was built from, because node
// crashes on a blob that is truncated or was built by another node. Without it the kernel starts the
// plain way. Each preparsed file is used only while its size and mtime on disk are unchanged.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type * as ts from "@tslab/typescript-for-tslab";
import { writeFileAtomic } from "./atomicFile";

export interface PreparsedFile {
  file: ts.SourceFile;
  size: number;
  mtimeMs: number;
}

const GLOBAL = "__tsdlPreparsed";

/** The files the snapshot parsed, when this process started from it. */
export function preparsedFiles(): ReadonlyMap<string, PreparsedFile> | undefined {
  return (globalThis as Record<string, unknown>)[GLOBAL] as ReadonlyMap<string, PreparsedFile> | undefined;
}

export function setPreparsedFiles(files: ReadonlyMap<string, PreparsedFile>): void {
  (globalThis as Record<string, unknown>)[GLOBAL] = files;
}

/** kernel/launch.sh, which starts every kernel with its V8 flags. */
export const LAUNCHER = path.resolve(__dirname, "..", "..", "kernel", "launch.sh");

/** The V8 flags launch.sh gives node (its `V8_FLAGS="..."` line): the snapshot must be built with them. */
export function kernelV8Flags(launcher = LAUNCHER): string[] {
  const line = /^V8_FLAGS="([^"]*)"$/m.exec(fs.readFileSync(launcher, "utf8"));
  if (!line) throw new Error(`${launcher} has no V8_FLAGS="..." line`);
  return line[1]!.split(" ").filter(Boolean);
}

export interface SnapshotPaths {
  dir: string;
  blob: string;
  stamp: string;
  builder: string;
  /** launch.sh, whose V8 flags the blob is built with. */
  launcher: string;
  /** What the blob was made from: a change to any of them makes it stale. */
  inputs: string[];
}

export function snapshotPaths(nodePath = process.execPath): SnapshotPaths {
  const dir = path.resolve(__dirname, "..", "startup");
  return {
    dir,
    blob: path.join(dir, "startup.blob"),
    stamp: path.join(dir, "startup.stamp"),
    builder: path.join(__dirname, "snapshotBuilder.js"),
    launcher: LAUNCHER,
    inputs: [nodePath, require.resolve("@tslab/typescript-for-tslab"), path.join(__dirname, "compilerOptions.js"), LAUNCHER],
  };
}

/** The stamp: `size mtime path` of each file (mtime in whole seconds), as `stat -L -c '%s %Y %n'` prints it. */
export function stampOf(files: string[]): string {
  return files
    .map((f) => {
      const s = fs.statSync(f);
      return `${s.size} ${Math.floor(s.mtimeMs / 1000)} ${f}`;
    })
    .join("\n");
}

/** Why the snapshot cannot be used, or undefined when it can: what launch.sh decides, in words. */
export function snapshotProblem(paths: SnapshotPaths, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TSDL_SNAPSHOT === "off") return "TSDL_SNAPSHOT is off";
  if (env.NODE_OPTIONS) return `NODE_OPTIONS is set ("${env.NODE_OPTIONS}"), and node refuses a snapshot built with other V8 flags`;
  if (!fs.existsSync(paths.blob)) return `there is no startup snapshot at ${paths.blob}`;
  let recorded: string;
  try {
    recorded = fs.readFileSync(paths.stamp, "utf8").trim();
  } catch {
    return `the startup snapshot has no stamp (${paths.stamp}): it may be half-written`;
  }
  let now: string;
  try {
    now = stampOf([...paths.inputs, paths.blob]);
  } catch (e) {
    return `a file the startup snapshot was built from is gone: ${(e as Error).message}`;
  }
  return recorded === now ? undefined : "the startup snapshot is stale or damaged: node, TypeScript or the blob changed since it was built";
}

/**
 * Builds the blob beside a temporary name and renames it into place, then writes the stamp: a build
 * that dies half-way leaves no stamp, so the launcher never uses its output.
 */
export function buildSnapshot(paths = snapshotPaths()): { ok: true; seconds: number } | { ok: false; why: string } {
  const started = Date.now();
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.rmSync(paths.stamp, { force: true });
  const partial = `${paths.blob}.${process.pid}.partial`;
  const r = spawnSync(process.execPath, [...kernelV8Flags(paths.launcher), "--snapshot-blob", partial, "--build-snapshot", paths.builder], {
    encoding: "utf8",
    cwd: path.resolve(__dirname, "..", ".."),
  });
  if (r.status !== 0 || !fs.existsSync(partial)) {
    fs.rmSync(partial, { force: true });
    const said = `${r.stderr ?? ""}${r.error?.message ?? ""}`.split("\n").filter((l) => l && !/Warning|trace-warnings|issue tracker|out-of-sync|stackTraceLimit/.test(l));
    return { ok: false, why: said.slice(-3).join(" ") || `exit ${r.status}` };
  }
  fs.renameSync(partial, paths.blob);
  writeFileAtomic(paths.stamp, stampOf([...paths.inputs, paths.blob]) + "\n");
  return { ok: true, seconds: (Date.now() - started) / 1000 };
}
