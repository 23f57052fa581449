// Installs and builds the e2e JupyterLab in test/e2e/jupyterlab, reusing both while their inputs are unchanged.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../../support/jupyter";

/** The harness app: its own package.json, lockfile, webpack config and LabServerApp. */
export const LAB_DIR = path.join(REPO_ROOT, "test", "e2e", "jupyterlab");
const BUILD_DIR = path.join(LAB_DIR, "build");
const STAMP_NAME = ".tsdl-build-key";
const BUILD_STAMP = path.join(BUILD_DIR, STAMP_NAME);
const INSTALL_STAMP = path.join(LAB_DIR, "node_modules", ".tsdl-install-key");
const BUILD_INPUTS = ["package-lock.json", "package.json", "webpack.config.js", "build.js", "index.js"];

/** Where the build came from, with the seconds install and build took (0 when skipped). */
export interface LabBuildReport {
  source: "checkout" | "cache" | "built";
  installSeconds: number;
  buildSeconds: number;
}

function hashOf(files: string[]): string {
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(f).update("\0").update(fs.readFileSync(path.join(LAB_DIR, f))).update("\0");
  return h.digest("hex");
}

function readStamp(file: string): string | undefined {
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : undefined;
}

function run(step: string, command: string, args: string[]): number {
  const started = Date.now();
  const r = spawnSync(command, args, { cwd: LAB_DIR, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`JupyterLab harness: ${step} could not start ${command}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`JupyterLab harness: ${step} (${command} ${args.join(" ")}) exited ${r.status}:\n${tail}`);
  }
  return (Date.now() - started) / 1000;
}

/**
 * Where finished builds are kept between checkouts (CI builds in a fresh clone on the same machine):
 * $TSDL_CACHE_DIR or ~/.cache/tsdl, then jupyterlab-build/<key>.
 */
function buildCacheDir(): string {
  const base = process.env.TSDL_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "tsdl");
  return path.join(base, "jupyterlab-build");
}

/** Keeps a finished build under its key, replacing builds of older keys. */
function storeInCache(key: string): void {
  const dir = buildCacheDir();
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.cpSync(BUILD_DIR, path.join(dir, key), { recursive: true });
  } catch {
    // The cache only saves time; a read-only home must not fail the tests.
  }
}

/**
 * Makes sure the harness is built: a build of the same key (lockfile, package.json and the app's sources) is
 * reused from test/e2e/jupyterlab/build or from the machine's cache; otherwise it installs (npm ci, keyed
 * by the lockfile) and runs webpack. Throws, naming the step, when either fails: a harness that cannot be
 * built is a failing test, never a skipped one.
 */
export function ensureLabBuilt(): LabBuildReport {
  const report: LabBuildReport = { source: "checkout", installSeconds: 0, buildSeconds: 0 };
  const buildKey = hashOf(BUILD_INPUTS);
  if (readStamp(BUILD_STAMP) === buildKey && fs.existsSync(path.join(BUILD_DIR, "bundle.js"))) return report;

  fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  const cached = path.join(buildCacheDir(), buildKey);
  if (readStamp(path.join(cached, STAMP_NAME)) === buildKey) {
    fs.cpSync(cached, BUILD_DIR, { recursive: true });
    report.source = "cache";
    return report;
  }

  const installKey = hashOf(["package-lock.json", "package.json"]);
  if (readStamp(INSTALL_STAMP) !== installKey) {
    // npm ci removes node_modules first, so no stale nested copy survives a change of pins.
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    report.installSeconds = run("install", npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]);
    fs.writeFileSync(INSTALL_STAMP, installKey);
  }
  report.buildSeconds = run("build", process.execPath, ["build.js"]);
  fs.writeFileSync(BUILD_STAMP, buildKey);
  storeInCache(buildKey);
  report.source = "built";
  return report;
}
