// Kernel latency: start to first result and trivial-cell round trips, tsdl beside plain tslab (and ipykernel).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installPlainTslabKernel, PYTHON, REPO_ROOT, testKernelEnv } from "../test/support/jupyter";

interface Latency {
  kernel: string;
  start_to_first_result_s: number;
  p50_ms: number;
  p95_ms: number;
  first_tf_cell_ms?: number;
  tf_cell_p50_ms?: number;
}

// A typical small tf cell: its compute is well under a millisecond, so its round trip is kernel overhead.
export const TF_CELL = "const s = tf.tidy(() => tf.tensor([1, 2, 3]).square().sum()); const v = s.dataSync()[0]; s.dispose(); v";

function measure(kernel: string, env: NodeJS.ProcessEnv, code: string, tfCode?: string): Latency | string {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-bench-"));
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "kernel_latency.py"), kernel, "50", code, ...(tfCode ? [tfCode] : [])], { env, cwd, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Latency;
}

export async function run(): Promise<void> {
  const env = testKernelEnv();
  const tslab = installPlainTslabKernel();
  const hasIpykernel = execFileSync(PYTHON, ["-c", "import importlib.util as u; print(bool(u.find_spec('ipykernel')))"], { encoding: "utf8" }).trim() === "True";
  const kernels = ["tsdl", tslab, ...(hasIpykernel ? ["python3"] : [])];
  console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`);
  console.log("kernel        start→first result   trivial p50      p95   first tf cell   tf cell p50");
  const ms = (v: number | undefined) => (v === undefined ? "—" : `${v.toFixed(1)} ms`);
  for (const k of kernels) {
    const tfCode = k === "tsdl" ? TF_CELL : undefined;
    const m = measure(k, env, "1 + 1", tfCode);
    if (typeof m === "string") console.log(`${k.padEnd(14)}${m}`);
    else
      console.log(
        `${k.padEnd(14)}${(m.start_to_first_result_s.toFixed(2) + " s").padStart(10)}${ms(m.p50_ms).padStart(19)}${ms(m.p95_ms).padStart(10)}` +
          `${ms(m.first_tf_cell_ms).padStart(16)}${ms(m.tf_cell_p50_ms).padStart(14)}`,
      );
  }
  console.log("(50 trivial cells `2 + 1`, `3 + 1`, ..., then 20 of a small tf cell (each with other numbers), each timed by jupyter_client from execute to idle)");
}
