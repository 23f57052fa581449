// Kernel latency: start to first result and trivial-cell round trips, tsdl beside plain tslab (and ipykernel).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../test/support/jupyter";

interface Latency {
  kernel: string;
  start_to_first_result_s: number;
  p50_ms: number;
  p95_ms: number;
}

/** A private kernelspec for plain tslab, next to the tsdl one. */
function installPlainTslab(jupyterPath: string): void {
  const dir = path.join(jupyterPath, "kernels", "tslab-plain");
  fs.mkdirSync(dir, { recursive: true });
  const tslabBin = path.join(REPO_ROOT, "node_modules", "tslab", "bin", "tslab");
  fs.writeFileSync(
    path.join(dir, "kernel.json"),
    JSON.stringify({ argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"], display_name: "plain tslab", language: "typescript" }),
  );
}

function measure(kernel: string, env: NodeJS.ProcessEnv, code = "1 + 1"): Latency | string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-bench-"));
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "kernel_latency.py"), kernel, "50", code], { env, cwd, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Latency;
}

export async function run(): Promise<void> {
  const env = testKernelEnv();
  installPlainTslab(env.JUPYTER_PATH!);
  const hasIpykernel = execFileSync(PYTHON, ["-c", "import importlib.util as u; print(bool(u.find_spec('ipykernel')))"], { encoding: "utf8" }).trim() === "True";
  const kernels = ["tsdl", "tslab-plain", ...(hasIpykernel ? ["python3"] : [])];
  console.log("kernel        start→first result   trivial cell p50   p95   (50 cells of `1 + 1`, jupyter_client)");
  for (const k of kernels) {
    const m = measure(k, env, k === "python3" ? "1 + 1" : "1 + 1");
    if (typeof m === "string") console.log(`${k.padEnd(14)}${m}`);
    else console.log(`${k.padEnd(14)}${(m.start_to_first_result_s.toFixed(2) + " s").padStart(10)}${(m.p50_ms.toFixed(1) + " ms").padStart(22)}${(m.p95_ms.toFixed(1) + " ms").padStart(11)}`);
  }
}
