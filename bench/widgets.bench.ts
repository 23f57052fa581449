// A slider change to an updated 2-D chart, end to end in the kernel (comm_msg sent → update_display_data
// received by jupyter_client), beside re-running the same chart as a cell, alternated in one kernel.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../test/support/jupyter";

interface Timing {
  live_p50_ms: number;
  live_p95_ms: number;
  full_p50_ms: number;
  cell_p50_ms: number;
  cell_p95_ms: number;
  rounds: number;
}

export async function run(): Promise<void> {
  console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`);
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "widgets_latency.py"), "20"], { env: testKernelEnv(), encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) {
    console.log(`failed: ${(r.stderr || "").trim().split("\n").slice(-3).join(" ")}`);
    return;
  }
  const results = JSON.parse(r.stdout.trim().split("\n").pop()!) as Record<string, Timing>;
  const ms = (v: number) => `${v.toFixed(0)} ms`.padStart(9);
  console.log("explorer               slider→chart p50      p95   PNG after rest p50   same chart as a cell p50      p95   × cell");
  for (const [name, t] of Object.entries(results)) {
    console.log(`${name.padEnd(22)}${ms(t.live_p50_ms).padStart(17)}${ms(t.live_p95_ms)}${ms(t.full_p50_ms).padStart(21)}${ms(t.cell_p50_ms).padStart(26)}${ms(t.cell_p95_ms)}   ${(t.live_p50_ms / t.cell_p50_ms).toFixed(2)}`);
  }
  console.log(`load average after: ${os.loadavg()[0]!.toFixed(2)}`);
  console.log("(20 rounds after 3 warm-up ones: a slider update over jupyter_client until its update_display_data, which carries the vega-lite spec;");
  console.log(" the PNG follows once the slider rests 400 ms, timed here from that moment; then the same chart from an execute_request until its execute_result)");
}
