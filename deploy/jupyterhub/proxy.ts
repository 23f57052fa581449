// JupyterHub's proxy for the class server: configurable-http-proxy 5 from npm, pinned by its own
// lockfile in deploy/jupyterhub/proxy. (Debian's node-configurable-http-proxy 4.5.3 fails at start:
// "Cannot find module 'commander'".)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The folder holding the proxy's package.json and lockfile; npm installs it into node_modules here. */
export const PROXY_DIR = path.resolve(__dirname, "..", "..", "..", "deploy", "jupyterhub", "proxy");
const PACKAGE = "configurable-http-proxy";

/** The script jupyterhub_config.py runs with node (c.ConfigurableHTTPProxy.command). */
export function proxyScript(dir = PROXY_DIR): string {
  return path.join(dir, "node_modules", PACKAGE, "bin", PACKAGE);
}

/** The version the lockfile pins, and the one installed (undefined when absent). */
export function proxyVersions(dir = PROXY_DIR): { locked: string; installed: string | undefined } {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
  const locked = lock.packages[`node_modules/${PACKAGE}`]?.version;
  if (!locked) throw new Error(`${path.join(dir, "package-lock.json")} pins no ${PACKAGE}`);
  const installedFile = path.join(dir, "node_modules", PACKAGE, "package.json");
  const installed = fs.existsSync(installedFile) ? (JSON.parse(fs.readFileSync(installedFile, "utf8")) as { version: string }).version : undefined;
  return { locked, installed };
}

/**
 * Installs the pinned proxy with `npm ci` (from the registry or npm's cache; nothing else is fetched)
 * unless that version is already installed. Returns what it did.
 */
export function ensureProxyInstalled(dir = PROXY_DIR): { version: string; installed: boolean; seconds: number } {
  const { locked, installed } = proxyVersions(dir);
  if (installed === locked && fs.existsSync(proxyScript(dir))) return { version: locked, installed: false, seconds: 0 };
  const started = Date.now();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: dir, encoding: "utf8" });
  if (r.error) throw new Error(`hub proxy: could not run npm in ${dir}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`hub proxy: npm ci in ${dir} exited ${r.status}:\n${`${r.stdout}\n${r.stderr}`.trim()}`);
  if (!fs.existsSync(proxyScript(dir))) throw new Error(`hub proxy: npm ci finished but ${proxyScript(dir)} is missing`);
  return { version: locked, installed: true, seconds: (Date.now() - started) / 1000 };
}
