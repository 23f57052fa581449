// Installs and builds the e2e JupyterLab in test/e2e/jupyterlab, reusing both while their inputs are unchanged.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "../../support/jupyter";

/** The harness app: its own package.json, lockfile, webpack config and LabServerApp. */
export const LAB_DIR = path.join(REPO_ROOT, "test", "e2e", "jupyterlab");
const INSTALL_STAMP = path.join(LAB_DIR, "node_modules", ".tsdl-install-key");
const BUILD_STAMP = path.join(LAB_DIR, "build", ".tsdl-build-key");
const BUILD_INPUTS = ["package-lock.json", "package.json", "webpack.config.js", "build.js", "index.js"];

/** What ensureLabBuilt did, with the seconds each step took (0 when it was cached). */
export interface LabBuildReport {
  installed: boolean;
  installSeconds: number;
  built: boolean;
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
 * Makes sure the harness is installed (npm ci, keyed by the lockfile) and built (webpack, keyed by the
 * lockfile and the app's sources). Throws, naming the step, when either fails: a harness that cannot be
 * built is a failing test, never a skipped one.
 */
export function ensureLabBuilt(): LabBuildReport {
  const report: LabBuildReport = { installed: false, installSeconds: 0, built: false, buildSeconds: 0 };
  const installKey = hashOf(["package-lock.json", "package.json"]);
  if (readStamp(INSTALL_STAMP) !== installKey) {
    // npm ci removes node_modules first, so no stale nested copy survives a change of pins.
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    report.installSeconds = run("install", npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"]);
    fs.writeFileSync(INSTALL_STAMP, installKey);
    report.installed = true;
  }
  const buildKey = hashOf(BUILD_INPUTS);
  if (report.installed || readStamp(BUILD_STAMP) !== buildKey || !fs.existsSync(path.join(LAB_DIR, "build", "bundle.js"))) {
    fs.rmSync(path.join(LAB_DIR, "build"), { recursive: true, force: true });
    report.buildSeconds = run("build", process.execPath, ["build.js"]);
    fs.writeFileSync(BUILD_STAMP, buildKey);
    report.built = true;
  }
  return report;
}
