// Runs real notebooks through the real tsdl kernel with Jupyter's own client (nbclient).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const PYTHON = "/usr/bin/python3";
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const CLI = path.join(REPO_ROOT, "dist", "kernel", "cli.js");

let jupyterPath: string | undefined;

/** Installs the kernelspec of this working tree into a private prefix, once per test process. */
export function testKernelEnv(): NodeJS.ProcessEnv {
  if (!jupyterPath) {
    const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-test-kernel-"));
    execFileSync(process.execPath, [CLI, "install", "--prefix", prefix], { stdio: "pipe" });
    jupyterPath = path.join(prefix, "share", "jupyter");
  }
  return { ...process.env, JUPYTER_PATH: jupyterPath, PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

/** Installs plain tslab 1.0.22 (from node_modules) as the kernel "tslab-plain" next to tsdl's: the anchor of comparisons. */
export function installPlainTslabKernel(): string {
  const name = "tslab-plain";
  const dir = path.join(testKernelEnv().JUPYTER_PATH!, "kernels", name);
  fs.mkdirSync(dir, { recursive: true });
  const tslabBin = path.join(REPO_ROOT, "node_modules", "tslab", "bin", "tslab");
  fs.writeFileSync(
    path.join(dir, "kernel.json"),
    JSON.stringify({ argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"], display_name: "plain tslab", language: "typescript" }),
  );
  return name;
}

export interface Output {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  name?: string;
  text?: string;
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  execution_count?: number;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  transient?: { display_id?: string };
}

export interface Cell {
  cell_type: "code" | "markdown";
  source: string;
  outputs: Output[];
  execution_count: number | null;
}

export interface ExecutedNotebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  /** Exit status of the runner: 0, or 3 when a cell failed without allowErrors. */
  status: number;
  stderr: string;
  path: string;
}

export interface RunOptions {
  timeoutSeconds?: number;
  allowErrors?: boolean;
  /** The kernel's working directory (the notebook's folder). */
  cwd?: string;
  kernel?: string;
}

function joinSource(source: string | string[]): string {
  return Array.isArray(source) ? source.join("") : source;
}

// nbformat stores multi-line strings as lists of lines.
function normalizeOutput(o: Output): Output {
  const out = { ...o };
  if (o.text !== undefined) out.text = joinSource(o.text as string | string[]);
  if (o.data) {
    out.data = Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, Array.isArray(v) && v.every((x) => typeof x === "string") && !k.includes("json") ? v.join("") : v]));
  }
  return out;
}

/** Executes a notebook file and returns the executed copy. */
export function runNotebookFile(file: string, options: RunOptions = {}): ExecutedNotebook {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-nb-")), path.basename(file));
  const args = [path.join(REPO_ROOT, "test", "support", "run_notebook.py"), file, out, "--kernel", options.kernel ?? "tsdl", "--timeout", String(options.timeoutSeconds ?? 120)];
  if (options.allowErrors) args.push("--allow-errors");
  if (options.cwd) args.push("--cwd", options.cwd);
  const r = spawnSync(PYTHON, args, { env: testKernelEnv(), encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (!fs.existsSync(out)) throw new Error(`run_notebook.py wrote nothing (exit ${r.status}): ${r.stderr}`);
  const nb = JSON.parse(fs.readFileSync(out, "utf8")) as { cells: (Cell & { source: string | string[] })[]; metadata: Record<string, unknown> };
  const cells = nb.cells.map((c) => ({
    ...c,
    source: joinSource(c.source),
    outputs: (c.outputs ?? []).map(normalizeOutput),
  }));
  return { cells, metadata: nb.metadata, status: r.status ?? -1, stderr: r.stderr, path: out };
}

/** Builds a notebook of code cells, executes it and returns the executed copy. */
export function runCells(cells: string[], options: RunOptions = {}): ExecutedNotebook {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } },
    cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: "code", source, metadata: {}, outputs: [], execution_count: null })),
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cells-"));
  const file = path.join(dir, "cells.ipynb");
  fs.writeFileSync(file, JSON.stringify(nb));
  return runNotebookFile(file, { cwd: dir, ...options });
}

/** The text/plain of a cell's execute_result, or undefined. */
export function resultText(cell: Cell): string | undefined {
  const r = cell.outputs.find((o) => o.output_type === "execute_result");
  const t = r?.data?.["text/plain"];
  return t === undefined ? undefined : String(t);
}

export function streamText(cell: Cell, name: "stdout" | "stderr" = "stdout"): string {
  return cell.outputs.filter((o) => o.output_type === "stream" && o.name === name).map((o) => o.text).join("");
}

export function errorOf(cell: Cell): Output | undefined {
  return cell.outputs.find((o) => o.output_type === "error");
}
