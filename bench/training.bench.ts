// Training speed of the course's MNIST MLP (Dense 512 relu → Dense 10 softmax, RMSprop
// 1e-3, batch 128): the kernel's default backend, tuned and untuned, beside PyTorch.
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { textTable } from "../src/display/report";
import { MNIST_DIR, TrainingRunConfig, TrainingRunResult } from "./trainingRun";

const PYTHON = "/usr/bin/python3";
const SAMPLES_PER_EPOCH = 60_000;
const BATCH = 128;
/** Set TSDL_BENCH_EPOCHS=0 to skip the 5-epoch accuracy run of the tuned backend. */
const EPOCHS = Number(process.env.TSDL_BENCH_EPOCHS ?? 5);
/** Rounds of interleaved timed runs (TSDL_BENCH_ROUNDS), each 2 × 60 steps per system. */
const ROUNDS = Number(process.env.TSDL_BENCH_ROUNDS ?? 3);

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
  const rows = new Map<string, Row>();
  const add = (system: string, stepMs: number[], epochSeconds: number[], note: string, testAccuracy?: number) => {
    const row = rows.get(system) ?? { system, stepMs: [], epochSeconds: [], note };
    row.stepMs.push(...stepMs);
    row.epochSeconds.push(...epochSeconds);
    row.testAccuracy ??= testAccuracy;
    rows.set(system, row);
  };
  const profiles: { system: string; profile: NonNullable<TrainingRunResult["profile"]> }[] = [];
  const tsdl = (system: string, env: Record<string, string>, config: TrainingRunConfig) => () => {
    const r = runTsdl(config, env);
    if (typeof r === "string") return console.log(`${system}: ${r}`);
    add(system, r.stepMs, r.epochSeconds, r.backend, r.testAccuracy);
    if (r.profile) profiles.push({ system, profile: r.profile });
  };
  const torch = (steps: number, repeats: number, epochs: number) => () => {
    const t = runTorch(steps, repeats, epochs);
    if (typeof t === "string") return console.log(`PyTorch: ${t}`);
    add(`PyTorch ${t.torch}, 1 thread`, t.stepMs, t.epochSeconds, "torch.set_num_threads(1), OpenBLAS default");
  };
  const withTorch = hasTorch();
  if (!withTorch) console.log(`PyTorch: skipped (${PYTHON} cannot import torch; apt-get install python3-torch to compare)`);
  const DEFAULT = "tsdl default (tuned wasm)";
  const ONE_THREAD = "tsdl tuned, 1 thread";
  // MNIST is 81% zeros, which the default products skip; this row multiplies them, as dense data would.
  const DENSE = "tsdl tuned, zeros multiplied";
  const timed: TrainingRunConfig = { steps: 60, repeats: 2, epochs: 0, profileSteps: 0 };
  // Short timed runs, every system once per round in alternating order, so that the
  // shared machine's load changes hit all systems alike.
  const round = [
    tsdl(DEFAULT, {}, timed),
    tsdl(ONE_THREAD, { TSDL_WASM_THREADS: "1" }, timed),
    tsdl(DENSE, { TSDL_WASM_SPARSE: "0" }, timed),
    ...(withTorch ? [torch(60, 2, 0)] : []),
  ];
  for (let r = 0; r < ROUNDS; r++) for (const run of r % 2 ? [...round].reverse() : round) run();
  // Then the long runs: full epochs (and test accuracy), profiles, the untuned backend.
  tsdl(DEFAULT, {}, { steps: 60, repeats: 0, epochs: EPOCHS, profileSteps: 20 })();
  tsdl(ONE_THREAD, { TSDL_WASM_THREADS: "1" }, { steps: 60, repeats: 0, epochs: 0, profileSteps: 20 })();
  tsdl("tfjs wasm as shipped", { TSDL_WASM_TUNE: "0", TSDL_BACKEND: "wasm" }, { steps: 12, repeats: 3, epochs: 0, profileSteps: 6 })();
  if (withTorch) torch(60, 0, 2)();

  const ordered = [...rows.values()];
  const torchRow = ordered.find((r) => r.system.startsWith("PyTorch"));
  const header = ["system", "ms/step (median)", "samples/s", "× PyTorch (steps)", "s/epoch", "× PyTorch (epoch)", "epochs timed", "test acc", "backend"];
  const table = ordered.map((r) => {
    const ms = median(r.stepMs);
    const ratio = torchRow ? (epochSeconds(r) / epochSeconds(torchRow)).toFixed(2) : "-";
    const stepRatio = torchRow ? (ms / median(torchRow.stepMs)).toFixed(2) : "-";
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
  console.log("ms/step: every repeat, " + ordered.map((r) => `${r.system}: ${r.stepMs.map((m) => m.toFixed(1)).join(" ")}`).join("; "));
  for (const p of profiles) {
    console.log(`\nper-kernel profile, ${p.system} (kernels ${p.profile.kernelMsPerStep.toFixed(2)} ms/step; profiling inflates the time outside kernels)`);
    console.log(textTable(["kernel", "input shapes", "calls/step", "ms/step", "share"], p.profile.rows, { numeric: [2, 3, 4] }));
  }
  console.log(`\nload at end ${load()}`);
}
