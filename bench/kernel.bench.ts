// Kernel latency: spawn to kernel_info and to the first result, trivial cells, the first tensor cell and
// tensor cells, tsdl beside ipykernel (its tensor cells in PyTorch) and plain tslab, in alternating rounds.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { installPlainTslabKernel, PYTHON, REPO_ROOT, testKernelEnv } from "../test/support/jupyter";

interface Latency {
  kernel: string;
  kernel_info_s: number;
  start_to_first_result_s: number;
  p50_ms: number;
  p95_ms: number;
  first_tensor_cell_ms?: number;
  tensor_cell_p50_ms?: number;
}

// A typical small tensor cell: its compute is well under a millisecond, so its round trip is kernel overhead.
const TF_TEMPLATE = "const s = tf.tidy(() => tf.tensor([1, 2, {n}]).square().sum()); const v = s.dataSync()[0]; s.dispose(); v";
const TORCH_TEMPLATE = "import torch\nv = (torch.tensor([1.0, 2.0, {n}.0]) ** 2).sum().item()\nv";
export const TF_CELL = TF_TEMPLATE.replace("{n}", "3");

const CELLS = 50;
const ROUNDS = Number(process.env.TSDL_BENCH_ROUNDS ?? 3);

/** "tsdl, no snapshot" is tsdl started with TSDL_SNAPSHOT=off. */
const NO_SNAPSHOT = "tsdl, no snapshot";

function measure(label: string, env: NodeJS.ProcessEnv, trivial: string, tensor?: string): Latency | string {
  const kernel = label === NO_SNAPSHOT ? "tsdl" : label;
  if (label === NO_SNAPSHOT) env = { ...env, TSDL_SNAPSHOT: "off" };
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-bench-"));
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "kernel_latency.py"), kernel, String(CELLS), trivial, ...(tensor ? [tensor] : [])], { env, cwd, encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as Latency;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const env = testKernelEnv();
  const tslab = installPlainTslabKernel();
  const has = (mod: string) => execFileSync(PYTHON, ["-c", `import importlib.util as u; print(bool(u.find_spec('${mod}')))`], { encoding: "utf8" }).trim() === "True";
  const python = has("ipykernel") ? (has("torch") ? { kernel: "python3", tensor: TORCH_TEMPLATE } : { kernel: "python3", tensor: undefined }) : undefined;
  const plan = [{ kernel: "tsdl", trivial: "{n} + 1", tensor: TF_TEMPLATE }, { kernel: NO_SNAPSHOT, trivial: "{n} + 1", tensor: TF_TEMPLATE }, ...(python ? [{ ...python, trivial: "{n} + 1" }] : []), { kernel: tslab, trivial: "{n} + 1", tensor: undefined }];
  console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores; ${ROUNDS} rounds, the kernels alternating`);
  const got = new Map<string, Latency[]>(plan.map((p) => [p.kernel, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const p of plan) {
      const m = measure(p.kernel, env, p.trivial, p.tensor);
      if (typeof m === "string") console.log(`  round ${round} ${p.kernel}: ${m}`);
      else {
        got.get(p.kernel)!.push(m);
        console.log(`  round ${round} ${p.kernel.padEnd(17)} kernel_info ${m.kernel_info_s.toFixed(2)} s, first result ${m.start_to_first_result_s.toFixed(2)} s, trivial p50 ${m.p50_ms} ms, first tensor cell ${m.first_tensor_cell_ms === undefined ? "—" : `${m.first_tensor_cell_ms} ms`}`);
      }
    }
  }
  type Key = "kernel_info_s" | "start_to_first_result_s" | "p50_ms" | "p95_ms" | "first_tensor_cell_ms" | "tensor_cell_p50_ms";
  const med = (kernel: string, key: Key) => {
    const xs = got.get(kernel)!.map((m) => m[key]).filter((x): x is number => x !== undefined);
    return xs.length ? median(xs) : undefined;
  };
  const columns: [string, Key, (v: number) => string][] = [
    ["kernel_info", "kernel_info_s", (v) => `${v.toFixed(2)} s`],
    ["first result", "start_to_first_result_s", (v) => `${v.toFixed(2)} s`],
    ["trivial p50", "p50_ms", (v) => `${v.toFixed(1)} ms`],
    ["trivial p95", "p95_ms", (v) => `${v.toFixed(1)} ms`],
    ["first tensor cell", "first_tensor_cell_ms", (v) => `${v.toFixed(0)} ms`],
    ["tensor cell p50", "tensor_cell_p50_ms", (v) => `${v.toFixed(1)} ms`],
  ];
  const anchor = python?.kernel;
  console.log(`\nmedians of ${ROUNDS} rounds${anchor ? "; (×) is the ratio to ipykernel's in the same run" : ""}`);
  console.log("kernel".padEnd(18) + columns.map(([h]) => h.padStart(22)).join(""));
  for (const p of plan) {
    const cells = columns.map(([, key, fmt]) => {
      const v = med(p.kernel, key);
      if (v === undefined) return "—".padStart(22);
      const a = anchor && p.kernel !== anchor ? med(anchor, key) : undefined;
      return `${fmt(v)}${a ? ` (${(v / a).toFixed(2)}×)` : ""}`.padStart(22);
    });
    console.log(p.kernel.padEnd(18) + cells.join(""));
  }
  console.log(
    `(${CELLS} trivial cells \`2 + 1\`, \`3 + 1\`, ..., right after the first; then 20 small tensor cells, each with other numbers, each timed by jupyter_client from execute to idle.\n` +
      ` tsdl's tensor cell: ${TF_TEMPLATE}\n` +
      (python?.tensor ? ` ipykernel's, in PyTorch (its first imports torch): ${TORCH_TEMPLATE.replace(/\n/g, "; ")})` : " ipykernel has no tensor cell here: torch is not installed)"),
  );
}
