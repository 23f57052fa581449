// Installs and builds the e2e JupyterLab in test/e2e/jupyterlab, reusing both while their inputs are unchanged.
// A build is reused only if its record (every file's size and hash, written last) matches it, so a build or
// a cache copy that was interrupted or damaged is reported and made again, never served half-written.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../../../kernel/atomicFile";
import { REPO_ROOT } from "../../support/jupyter";

/** The harness app: its own package.json, lockfile, webpack config and LabServerApp. */
export const LAB_DIR = path.join(REPO_ROOT, "test", "e2e", "jupyterlab");
/** Written into a build folder once the build is complete: its key and every file's size and hash. */
export const RECORD_NAME = ".tsdl-build.json";
const INSTALL_STAMP = path.join("node_modules", ".tsdl-install-key");
const BUILD_INPUTS = ["package-lock.json", "package.json", "webpack.config.js", "build.js", "index.js"];
/** The file the page loads: a record without it describes no usable build. */
const ENTRY = "bundle.js";

/** Where the build came from, with the seconds install and build took (0 when skipped). */
export interface LabBuildReport {
  source: "checkout" | "cache" | "built";
  installSeconds: number;
  buildSeconds: number;
}

/** The app folder (its build goes to build/ inside it) and the machine-wide cache of finished builds. */
export interface LabBuildPlaces {
  labDir: string;
  cacheDir: string;
  /** The app's files its build depends on, beside its lockfile (default: the e2e JupyterLab's). */
  inputs?: string[];
}

/** How to install the app's dependencies and build it, each returning the seconds it took. */
export interface LabBuildSteps {
  install(labDir: string): number;
  build(labDir: string): number;
}

interface FileRecord {
  bytes: number;
  sha256: string;
}

interface BuildRecord {
  key: string;
  files: Record<string, FileRecord>;
}

/**
 * Where finished builds are kept between checkouts (CI builds in a fresh clone on the same machine):
 * $TSDL_CACHE_DIR or ~/.cache/tsdl, then jupyterlab-build/<key>.
 */
export function defaultPlaces(): LabBuildPlaces {
  const base = process.env.TSDL_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "tsdl");
  return { labDir: LAB_DIR, cacheDir: path.join(base, "jupyterlab-build") };
}

function run(labDir: string, step: string, command: string, args: string[]): number {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: labDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`JupyterLab harness: ${step} could not start ${command}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`JupyterLab harness: ${step} (${command} ${args.join(" ")}) exited ${r.status}:\n${tail}`);
  }
  return (Date.now() - started) / 1000;
}

/** npm ci (never in the repository root) and webpack through build.js. */
export const NPM_AND_WEBPACK: LabBuildSteps = {
  // npm ci removes node_modules first, so no stale nested copy survives a change of pins.
  install: (labDir) => run(labDir, "install", process.platform === "win32" ? "npm.cmd" : "npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]),
  build: (labDir) => run(labDir, "build", process.execPath, ["build.js"]),
};

function sha256(data: string | Buffer): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}

function hashOf(labDir: string, files: string[]): string {
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(fs.readFileSync(path.join(labDir, f))).update("\0");
  return h.digest("hex");
}

function filesUnder(dir: string, prefix = ""): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? filesUnder(dir, path.join(prefix, d.name)) : [path.join(prefix, d.name)]))
    .filter((f) => f !== RECORD_NAME)
    .sort();
}

/** Seals a finished build: records every file's size and hash, last, so only a complete build has a record. */
export function recordBuild(dir: string, key: string): void {
  const files: Record<string, FileRecord> = {};
  for (const f of filesUnder(dir)) {
    const data = fs.readFileSync(path.join(dir, f));
    files[f] = { bytes: data.length, sha256: sha256(data) };
  }
  writeFileAtomic(path.join(dir, RECORD_NAME), `${JSON.stringify({ key, files } satisfies BuildRecord, null, 1)}\n`);
}

/** Why the build folder cannot be served for `key`: "absent" when there is none, else what is wrong; undefined when it is whole. */
export function buildProblem(dir: string, key: string, entry = ENTRY): string | undefined {
  if (!fs.existsSync(dir)) return "absent";
  const recordFile = path.join(dir, RECORD_NAME);
  if (!fs.existsSync(recordFile)) return `it has no ${RECORD_NAME} (a build or copy that did not finish, or one made before builds were recorded)`;
  let record: Partial<BuildRecord>;
  try {
    record = JSON.parse(fs.readFileSync(recordFile, "utf8")) as Partial<BuildRecord>;
  } catch (e) {
    return `its ${RECORD_NAME} is not valid JSON (${(e as Error).message})`;
  }
  if (typeof record !== "object" || record === null || typeof record.files !== "object" || record.files === null) return `its ${RECORD_NAME} has no files`;
  if (record.key !== key) return "it was built from other inputs";
  if (!record.files[entry]) return `its ${RECORD_NAME} lists no ${entry}`;
  for (const [f, want] of Object.entries(record.files)) {
    const size = fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size;
    if (size === undefined) return `${f} is missing`;
    if (size !== want.bytes) return `${f} has ${size} bytes but ${want.bytes} were built (truncated or changed)`;
    if (sha256(fs.readFileSync(path.join(dir, f))) !== want.sha256) return `${f} differs from the file built (changed since)`;
  }
  return undefined;
}

/** Copies a folder so that `to` appears only once the copy is whole. */
function copyDirAtomic(from: string, to: string): void {
  const temporary = `${to}.${process.pid}.partial`;
  fs.rmSync(temporary, { recursive: true, force: true });
  try {
    fs.cpSync(from, temporary, { recursive: true });
    fs.rmSync(to, { recursive: true, force: true });
    fs.renameSync(temporary, to);
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}

/** Keeps a finished build under its key, replacing builds of older keys. */
function storeInCache(cacheDir: string, buildDir: string, key: string, log: (line: string) => void): void {
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    for (const old of fs.readdirSync(cacheDir)) if (old !== key) fs.rmSync(path.join(cacheDir, old), { recursive: true, force: true });
    copyDirAtomic(buildDir, path.join(cacheDir, key));
  } catch (e) {
    // The cache only saves time; a read-only home must not fail the tests.
    log(`JupyterLab harness: could not keep the build in ${cacheDir}: ${(e as Error).message}`);
  }
}

/** Installs the app's dependencies (npm ci) unless they were installed from the same lockfile already. */
export function ensureInstalled(labDir: string, steps: LabBuildSteps = NPM_AND_WEBPACK): number {
  const installKey = hashOf(labDir, ["package-lock.json", "package.json"]);
  const stamp = path.join(labDir, INSTALL_STAMP);
  if ((fs.existsSync(stamp) ? fs.readFileSync(stamp, "utf8").trim() : undefined) === installKey) return 0;
  const seconds = steps.install(labDir);
  writeFileAtomic(stamp, installKey);
  return seconds;
}

/** A build folder, sealed under the hash of what it was built from, and where finished builds are kept. */
export interface SealedBuild {
  key: string;
  buildDir: string;
  cacheDir: string;
  /** The file a usable build must hold. */
  entry: string;
  /** What the build is called in messages. */
  name: string;
}

/**
 * Makes sure `buildDir` holds a whole build of `key`: reused from there or from the cache if its record matches
 * it, else made by `build` (which returns the seconds it took), then sealed and kept in the cache. A build that
 * exists but cannot be used is logged with the reason.
 */
export function ensureSealedBuild(target: SealedBuild, build: () => number, log: (line: string) => void = console.log): LabBuildReport {
  const { key, buildDir, cacheDir, entry, name } = target;
  const report: LabBuildReport = { source: "checkout", installSeconds: 0, buildSeconds: 0 };
  const here = buildProblem(buildDir, key, entry);
  if (here === undefined) return report;
  if (here !== "absent") log(`${name}: not using ${buildDir}: ${here}; rebuilding it`);
  fs.rmSync(buildDir, { recursive: true, force: true });

  const cached = path.join(cacheDir, key);
  const inCache = buildProblem(cached, key, entry);
  if (inCache === undefined) {
    copyDirAtomic(cached, buildDir);
    const copied = buildProblem(buildDir, key, entry);
    if (copied === undefined) {
      report.source = "cache";
      return report;
    }
    log(`${name}: the copy of ${cached} in ${buildDir} is damaged: ${copied}; building instead`);
    fs.rmSync(buildDir, { recursive: true, force: true });
  } else if (inCache !== "absent") {
    log(`${name}: not using the cached build ${cached}: ${inCache}; removing it`);
    fs.rmSync(cached, { recursive: true, force: true });
  }

  report.buildSeconds = build();
  if (!fs.existsSync(path.join(buildDir, entry))) throw new Error(`${name}: the build finished but wrote no ${path.join(buildDir, entry)}`);
  recordBuild(buildDir, key);
  storeInCache(cacheDir, buildDir, key, log);
  report.source = "built";
  return report;
}

/** The hash of an app's build inputs (its lockfile, package.json and sources), which names its build. */
export function labBuildKey(places: LabBuildPlaces): string {
  return hashOf(places.labDir, places.inputs ?? BUILD_INPUTS);
}

/**
 * Makes sure the harness is built: a build of the same key (lockfile, package.json and the app's sources) is
 * reused from build/ or from the machine's cache if its record matches it; otherwise it installs (npm ci,
 * keyed by the lockfile) and runs webpack. A build that exists but cannot be used is logged with the reason.
 * Throws, naming the step, when install or build fails: a harness that cannot be built is a failing test,
 * never a skipped one.
 */
export function ensureLabBuilt(places: LabBuildPlaces = defaultPlaces(), steps: LabBuildSteps = NPM_AND_WEBPACK, log: (line: string) => void = console.log): LabBuildReport {
  let installSeconds = 0;
  const target: SealedBuild = { key: labBuildKey(places), buildDir: path.join(places.labDir, "build"), cacheDir: places.cacheDir, entry: ENTRY, name: "JupyterLab harness" };
  const report = ensureSealedBuild(
    target,
    () => {
      installSeconds = ensureInstalled(places.labDir, steps);
      return steps.build(places.labDir);
    },
    log,
  );
  return { ...report, installSeconds };
}
