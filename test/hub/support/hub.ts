// Runs the real JupyterHub (Debian's 3.0.0) with deploy/jupyterhub/jupyterhub_config.py on free loopback
// ports: the test's own config file loads the deployed one and changes only what a test must (ports,
// the class's group, where the kernelspec is), so what is tested is what a teacher runs.
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePorts } from "../../support/ports";
import { ensureProxyInstalled } from "../../../deploy/jupyterhub/proxy";
import { checkoutProblem } from "../../../deploy/jupyterhub/readable";
import { ensureLabBuilt } from "../../e2e/support/labBuild";
import { CLI, REPO_ROOT } from "../../support/jupyter";

export const JUPYTERHUB = "/usr/bin/jupyterhub";
export const DEPLOYED_CONFIG = path.join(REPO_ROOT, "deploy", "jupyterhub", "jupyterhub_config.py");
/** The students' PATH in the tests: no node, no coreutils; the kernelspec must name everything absolutely. */
export const STUDENT_PATH = "/nonexistent/tsdl-test/bin";

export interface Hub {
  /** The public URL, e.g. http://127.0.0.1:40123 (the proxy in front of the hub and the students' servers). */
  url: string;
  /** The proxy's process id, to count its memory. */
  proxyPid(): number | undefined;
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * What the hub needs on this machine, made ready as `npm run setup:hub` does (but with a private
 * kernelspec): JupyterHub, the proxy from npm, the JupyterLab build, a checkout students can read.
 * Fails, never skips, when something is missing.
 */
export function prepareHubMachine(): void {
  if (!fs.existsSync(JUPYTERHUB)) throw new Error(`${JUPYTERHUB} is missing: apt-get install jupyterhub (.ci/run does)`);
  ensureProxyInstalled();
  ensureLabBuilt();
  const problem = checkoutProblem(REPO_ROOT);
  if (problem) throw new Error(problem);
}

/** Installs this tree's kernelspec into a fresh prefix every user can read; returns its JUPYTER_PATH. */
export function installKernelForStudents(): { jupyterPath: string; remove(): void } {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-hub-kernel-"));
  fs.chmodSync(prefix, 0o755);
  execFileSync(process.execPath, [CLI, "install", "--prefix", prefix], { stdio: "pipe" });
  return { jupyterPath: path.join(prefix, "share", "jupyter"), remove: () => fs.rmSync(prefix, { recursive: true, force: true }) };
}

function pyString(s: string): string {
  return JSON.stringify(s);
}

/**
 * Starts JupyterHub for the members of `group`, and waits until its API answers through the proxy. `ports`
 * ([public, hub, proxy API]) are free ones unless given. A hub that exits instead is stopped with its proxy.
 */
export async function startHub(options: { group: string; jupyterPath: string; ports?: [number, number, number] }): Promise<Hub> {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-hub-"));
  const [publicPort, hubPort, apiPort] = options.ports ?? (await freePorts(3));
  const config = [
    "c = get_config()  # noqa: F821",
    `load_subconfig(${pyString(DEPLOYED_CONFIG)})  # noqa: F821`,
    `c.PAMAuthenticator.allowed_groups = {${pyString(options.group)}}`,
    `c.JupyterHub.bind_url = "http://127.0.0.1:${publicPort}"`,
    `c.JupyterHub.hub_bind_url = "http://127.0.0.1:${hubPort}"`,
    `c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:${apiPort}"`,
    `c.Spawner.environment.update({"JUPYTER_PATH": ${pyString(options.jupyterPath)}, "PATH": ${pyString(STUDENT_PATH)}})`,
    "",
  ].join("\n");
  const configFile = path.join(state, "jupyterhub_config.py");
  fs.writeFileSync(configFile, config);

  const child: ChildProcess = spawn(JUPYTERHUB, ["-f", configFile], { cwd: state, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${publicPort}`;
  const proxyPid = (): number | undefined => {
    const file = path.join(state, "jupyterhub-proxy.pid");
    return fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8").trim()) || undefined : undefined;
  };
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const stop = async (): Promise<void> => {
    const proxy = proxyPid();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      // The hub stops every student's server (and they their kernels) before it exits.
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      await exited;
      clearTimeout(timer);
    }
    if (proxy !== undefined && alive(proxy)) {
      process.kill(proxy, "SIGTERM");
      // Gone before stop resolves, so that its ports are free again.
      for (const until = Date.now() + 10_000; alive(proxy) && Date.now() < until; ) await sleep(100);
      if (alive(proxy)) process.kill(proxy, "SIGKILL");
    }
    fs.rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      // A hub that fails after starting its proxy leaves it running, holding the hub's output pipes (and this process) open.
      await stop();
      throw new Error(`JupyterHub exited with ${child.exitCode}:\n${output}`);
    }
    try {
      // A bounded wait: a hub that accepts and never answers would otherwise hold this loop for fetch's 300 s.
      if ((await fetch(`${url}/hub/api`, { signal: AbortSignal.timeout(10_000) })).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`JupyterHub did not answer ${url}/hub/api within 90 s:\n${output}`);
    }
    await sleep(300);
  }
  return { url, proxyPid, pid: child.pid!, log: () => output, stop };
}
