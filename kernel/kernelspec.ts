// The `tsdl` kernelspec: what kernel.json says, and installing it with Jupyter's own tool.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const KERNEL_NAME = "tsdl";
export const DISPLAY_NAME = "TypeScript (tsdl)";

export interface KernelJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: "signal";
  metadata: Record<string, unknown>;
}

/**
 * kernel.json for the CLI run by a given node binary, through launch.sh, which adds the startup
 * snapshot when it is valid for that node.
 */
export function kernelJson(nodePath: string, cliPath: string, launcher: string): KernelJson {
  return {
    argv: ["/bin/sh", launcher, nodePath, cliPath, "kernel", "--config-path", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    // SIGINT, unlike an interrupt_request message, can break a synchronous loop.
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

export type InstallScope = { kind: "user" } | { kind: "sys-prefix" } | { kind: "prefix"; dir: string };

const LOGOS = ["logo-32x32.png", "logo-64x64.png", "logo-svg.svg"];

function jupyterCommand(): string {
  return process.env.TSDL_JUPYTER ?? (fs.existsSync("/usr/bin/jupyter") ? "/usr/bin/jupyter" : "jupyter");
}

function runJupyter(args: string[]): string {
  const jupyter = jupyterCommand();
  const r = spawnSync(jupyter, args, { encoding: "utf8" });
  if (r.error) {
    throw new Error(
      `could not run "${jupyter}": ${r.error.message}. Install Jupyter first, e.g. ` +
        "`apt-get install -y jupyter-notebook python3-nbconvert python3-nbclient jupyter-client` or `pip install notebook`, " +
        "or point TSDL_JUPYTER at your jupyter command.",
    );
  }
  if (r.status !== 0) throw new Error(`"${jupyter} ${args.join(" ")}" failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`);
  return `${r.stdout}${r.stderr}`.trim();
}

function scopeFlags(scope: InstallScope): string[] {
  if (scope.kind === "user") return ["--user"];
  if (scope.kind === "sys-prefix") return ["--sys-prefix"];
  return ["--prefix", path.resolve(scope.dir)];
}

/** Writes the kernelspec to a temp folder and lets `jupyter kernelspec install` place it. Returns where. */
export function installKernelspec(scope: InstallScope, assetsDir: string, cliPath: string): string {
  const launcher = path.join(assetsDir, "launch.sh");
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-kernelspec-"));
  const dir = path.join(staging, KERNEL_NAME);
  fs.mkdirSync(dir);
  try {
    fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(process.execPath, cliPath, launcher), null, 2) + "\n");
    for (const logo of LOGOS) fs.copyFileSync(path.join(assetsDir, logo), path.join(dir, logo));
    const out = runJupyter(["kernelspec", "install", dir, "--name", KERNEL_NAME, "--replace", ...scopeFlags(scope)]);
    const where = /Installed kernelspec \S+ in (.+)$/m.exec(out)?.[1]?.trim();
    return where ?? out;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export function uninstallKernelspec(): string {
  return runJupyter(["kernelspec", "remove", "-y", KERNEL_NAME]);
}
