// Starts LabServerApp on a free port with a private tsdl kernelspec and a temporary notebook folder.
import { ChildProcess, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../support/ports";
import { PYTHON, testKernelEnv } from "../../support/jupyter";
import { LAB_DIR } from "./labBuild";

/** A running JupyterLab server; stop() ends it and the kernels it started. */
export interface LabServer {
  /** The server's origin, e.g. http://127.0.0.1:40123. */
  origin: string;
  token: string;
  /** The folder the server serves notebooks from. */
  notebookDir: string;
  /** Everything the server printed so far, for failure messages. */
  log(): string;
  /** The URL that opens a notebook of notebookDir with no restored workspace. */
  notebookUrl(name: string): string;
  /** Shuts down every kernel the server runs, through its REST API. */
  shutdownKernels(): Promise<void>;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`JupyterLab server exited with ${child.exitCode}:\n${log()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`JupyterLab server did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}

function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Starts the server on notebooks copied into a fresh temporary folder. */
export async function startLab(notebooks: Record<string, unknown>): Promise<LabServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-lab-"));
  const notebookDir = path.join(root, "notebooks");
  for (const dir of [notebookDir, path.join(root, "user-settings"), path.join(root, "workspaces"), path.join(root, "runtime")]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  for (const [name, nb] of Object.entries(notebooks)) fs.writeFileSync(path.join(notebookDir, name), JSON.stringify(nb, null, 1));

  const port = await freePort();
  const token = crypto.randomBytes(16).toString("hex");
  const env = {
    ...testKernelEnv(),
    JUPYTER_RUNTIME_DIR: path.join(root, "runtime"),
    TSDL_LAB_USER_SETTINGS: path.join(root, "user-settings"),
    TSDL_LAB_WORKSPACES: path.join(root, "workspaces"),
  };
  const args = [
    path.join(LAB_DIR, "main.py"),
    "--allow-root",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${notebookDir}`,
    "--ServerApp.open_browser=False",
  ];
  const child = spawn(PYTHON, args, { cwd: notebookDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const origin = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${origin}/api/status?token=${token}`, child, () => output, 60_000);
  } catch (e) {
    await stopChild(child, 5_000);
    if (/No module named '?(jupyterlab_server|jupyter_server)/.test(output)) {
      throw new Error(`JupyterLab server: Debian's python3-jupyter-server and python3-jupyterlab-server are needed:\n${output}`);
    }
    throw e;
  }
  return {
    origin,
    token,
    notebookDir,
    log: () => output,
    notebookUrl: (name) => `${origin}/lab/tree/${encodeURIComponent(name)}?reset&token=${token}`,
    shutdownKernels: async () => {
      const headers = { Authorization: `token ${token}` };
      const kernels = (await (await fetch(`${origin}/api/kernels`, { headers })).json()) as { id: string }[];
      await Promise.all(kernels.map((k) => fetch(`${origin}/api/kernels/${k.id}`, { method: "DELETE", headers })));
    },
    stop: () => stopChild(child, 10_000),
  };
}
