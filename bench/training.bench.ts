// Training speed of the course's MNIST MLP (Dense 512 relu → Dense 10 softmax, RMSprop
// 1e-3, batch 128): the kernel's default backend, tuned and untuned, beside PyTorch.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { textTable } from "../src/display/html";
import { MNIST_DIR, TrainingRunConfig, TrainingRunResult } from "./trainingRun";

const PYTHON = "/usr/bin/python3";
const SAMPLES_PER_EPOCH = 60_000;
const BATCH = 128;
/** Set TSDL_BENCH_EPOCHS=0 to skip the 5-epoch accuracy run of the tuned backend. */
const EPOCHS = Number(process.env.TSDL_BENCH_EPOCHS ?? 5);

interface Row {
  system: string;
  stepMs: number[];
  epochSeconds: number[];
  testAccuracy?: number;
  note: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function runTsdl(config: TrainingRunConfig, env: Record<string, string>): TrainingRunResult | string {
  const r = spawnSync(process.execPath, [path.join(__dirname, "trainingRun.js"), JSON.stringify(config)], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 1_800_000,
  });
  if (r.status !== 0) return `failed (${r.signal ?? r.status}): ${(r.stderr || "").trim().split("\n").slice(-3).join(" ")}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as TrainingRunResult;
}

function hasTorch(): boolean {
  const r = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  return r.status === 0;
}

function runTorch(steps: number, repeats: number, epochs: number): { stepMs: number[]; epochSeconds: number[]; torch: string } | string {
  const r = spawnSync(PYTHON, [path.join(__dirname, "..", "..", "bench", "training_torch.py"), MNIST_DIR, String(steps), String(repeats), String(epochs)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { stepMs: number[]; epochSeconds: number[]; torch: string };
}

/** Seconds per 60 000-sample epoch: the measured full epochs if any, else from ms/step. */
function epochSeconds(row: Row): number {
  return row.epochSeconds.length ? median(row.epochSeconds) : (median(row.stepMs) * SAMPLES_PER_EPOCH) / BATCH / 1000;
}

export async function run(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
  console.log(`MNIST MLP 784-512-10, RMSprop 1e-3, batch ${BATCH}, model.fit on real MNIST; ${os.availableParallelism()} cores, load ${load()}`);
  const rows: Row[] = [];
  const profiles: { system: string; profile: NonNullable<TrainingRunResult["profile"]> }[] = [];
  const variants: { system: string; env: Record<string, string>; config: TrainingRunConfig }[] = [
    { system: "tsdl default (tuned wasm)", env: {}, config: { steps: 60, repeats: 5, epochs: EPOCHS, profileSteps: 20 } },
    { system: "tsdl tuned, 1 thread", env: { TSDL_WASM_THREADS: "1" }, config: { steps: 60, repeats: 5, epochs: 0, profileSteps: 20 } },
    { system: "tfjs wasm as shipped", env: { TSDL_WASM_TUNE: "0", TSDL_BACKEND: "wasm" }, config: { steps: 12, repeats: 3, epochs: 0, profileSteps: 6 } },
  ];
  for (const v of variants) {
    const r = runTsdl(v.config, v.env);
    if (typeof r === "string") {
      console.log(`${v.system}: ${r}`);
      continue;
    }
    rows.push({ system: v.system, stepMs: r.stepMs, epochSeconds: r.epochSeconds, testAccuracy: r.testAccuracy, note: r.backend });
    if (r.profile) profiles.push({ system: v.system, profile: r.profile });
  }
  if (hasTorch()) {
    const t = runTorch(60, 5, 2);
    if (typeof t === "string") console.log(`PyTorch: ${t}`);
    else rows.push({ system: `PyTorch ${t.torch}, 1 thread`, stepMs: t.stepMs, epochSeconds: t.epochSeconds, note: "torch.set_num_threads(1), OpenBLAS default" });
  } else {
    console.log(`PyTorch: skipped (${PYTHON} cannot import torch; apt-get install python3-torch to compare)`);
  }

  const torch = rows.find((r) => r.system.startsWith("PyTorch"));
  const header = ["system", "ms/step (median)", "samples/s", "× PyTorch (steps)", "s/epoch", "× PyTorch (epoch)", "epochs timed", "test acc", "backend"];
  const table = rows.map((r) => {
    const ms = median(r.stepMs);
    const ratio = torch ? (epochSeconds(r) / epochSeconds(torch)).toFixed(2) : "-";
    const stepRatio = torch ? (ms / median(torch.stepMs)).toFixed(2) : "-";
    return [
      r.system,
      ms.toFixed(1),
      ((1000 * BATCH) / ms).toFixed(0),
      stepRatio,
      epochSeconds(r).toFixed(2),
      ratio,
      r.epochSeconds.length ? String(r.epochSeconds.length) : "from steps",
      r.testAccuracy === undefined ? "" : r.testAccuracy.toFixed(4),
      r.note,
    ];
  });
  console.log(textTable(header, table, { numeric: [1, 2, 3, 4, 5] }));
  console.log("ms/step: every repeat, " + rows.map((r) => `${r.system}: ${r.stepMs.map((m) => m.toFixed(1)).join(" ")}`).join("; "));
  for (const p of profiles) {
    console.log(`\nper-kernel profile, ${p.system} (kernels ${p.profile.kernelMsPerStep.toFixed(2)} ms/step; profiling inflates the time outside kernels)`);
    console.log(textTable(["kernel", "input shapes", "calls/step", "ms/step", "share"], p.profile.rows, { numeric: [2, 3, 4] }));
  }
  console.log(`\nload at end ${load()}`);
}
