// Training speed of the course's workloads (trainingWorkloads.ts) on the kernel's default backend and
// its variants, beside PyTorch on 1 and on 2 threads, each workload in rounds that alternate the systems
// so the shared machine's load hits all alike; then full epochs of the default backend, each followed by
// one of PyTorch's on its faster thread count. One table per workload, ratios against the faster PyTorch.
// TSDL_BENCH_WORKLOADS=mlp,convnet picks workloads; TSDL_BENCH_ROUNDS, TSDL_BENCH_EPOCHS and
// TSDL_BENCH_CONV_EPOCHS change how long it runs.
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { textTable } from "../src/display/report";
import { TrainingRunConfig, TrainingRunResult } from "./trainingRun";
import { MNIST_DIR, WorkloadName, WORKLOADS } from "./trainingWorkloads";

const PYTHON = "/usr/bin/python3";
const ROUNDS = Number(process.env.TSDL_BENCH_ROUNDS ?? 3);
/** Epochs of the MLP's accuracy run (0 skips it). */
const EPOCHS = Number(process.env.TSDL_BENCH_EPOCHS ?? 5);
/** Epochs of the convnet's accuracy run (0 skips it). */
const CONV_EPOCHS = Number(process.env.TSDL_BENCH_CONV_EPOCHS ?? 3);

interface Row {
  system: string;
  stepMs: number[];
  epochSeconds: number[];
  testAccuracy?: number;
  torch: boolean;
}

type Run = () => void;

interface Plan {
  /** Runs of one round, every system once; rounds alternate their order. */
  round: Run[];
  /** Full epochs of the default backend (then test accuracy), each followed by one of PyTorch's. */
  epochs: number;
  /** Runs after the epochs: profiles, slow baselines. */
  after: Run[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function lastLine(text: string): string {
  return text.trim().split("\n").pop() ?? "";
}

function runTsdl(config: TrainingRunConfig, env: Record<string, string>): TrainingRunResult | string {
  const r = spawnSync(process.execPath, [path.join(__dirname, "trainingRun.js"), JSON.stringify(config)], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 3_600_000 });
  if (r.status !== 0) return `failed (${r.signal ?? r.status}): ${(r.stderr || "").trim().split("\n").slice(-3).join(" ")}`;
  return JSON.parse(lastLine(r.stdout)) as TrainingRunResult;
}

interface TorchResult {
  torch: string;
  stepMs: number[];
  epochSeconds: number[];
  testAccuracy: number | null;
}

function runTorch(workload: WorkloadName, threads: number, steps: number, repeats: number, epochs: number): TorchResult | string {
  const script = path.join(__dirname, "..", "..", "bench", "training_torch.py");
  // OpenBLAS and OpenMP start as many threads as cores unless told; torch.set_num_threads does not reach OpenBLAS.
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) };
  const r = spawnSync(PYTHON, [script, MNIST_DIR, workload, String(threads), String(steps), String(repeats), String(epochs)], { env, encoding: "utf8", timeout: 3_600_000 });
  if (r.status !== 0) return `failed: ${lastLine(r.stderr || "")}`;
  return JSON.parse(lastLine(r.stdout)) as TorchResult;
}

/** The BLAS library torch loads here, for the note under the tables. */
function torchBlas(): string {
  const r = spawnSync(PYTHON, ["-c", "import torch, re; torch.ones(2, 2) @ torch.ones(2, 2); print(' '.join(sorted({re.sub(r'^.*/', '', l.split()[-1]) for l in open('/proc/self/maps') if 'blas' in l})))"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() || "no BLAS library" : "unknown";
}

function hasTorch(): boolean {
  return spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" }).status === 0;
}

class Table {
  readonly rows = new Map<string, Row>();
  readonly profiles: { system: string; profile: NonNullable<TrainingRunResult["profile"]> }[] = [];
  backend = "";
  torchVersion = "";

  add(system: string, torch: boolean, r: { stepMs: number[]; epochSeconds: number[]; testAccuracy?: number | null }): void {
    const row = this.rows.get(system) ?? { system, stepMs: [], epochSeconds: [], torch };
    row.stepMs.push(...r.stepMs);
    row.epochSeconds.push(...r.epochSeconds);
    row.testAccuracy ??= r.testAccuracy ?? undefined;
    this.rows.set(system, row);
  }

  tsdl(system: string, workload: WorkloadName, env: Record<string, string>, config: Omit<TrainingRunConfig, "workload">, isDefault = false): Run {
    return () => {
      const r = runTsdl({ workload, ...config }, env);
      if (typeof r === "string") return void console.log(`${system}: ${r}`);
      this.add(system, false, r);
      if (isDefault) this.backend = r.backend;
      if (r.profile) this.profiles.push({ system, profile: r.profile });
    };
  }

  torch(workload: WorkloadName, threads: number, steps: number, repeats: number, epochs: number): Run {
    return () => {
      const r = runTorch(workload, threads, steps, repeats, epochs);
      if (typeof r === "string") return void console.log(`PyTorch, ${threads} thread(s): ${r}`);
      this.torchVersion = r.torch;
      // One epoch of a fresh model says nothing about the accuracy the tsdl row reports after several.
      this.add(torchName(threads), true, { ...r, testAccuracy: epochs > 1 ? r.testAccuracy : undefined });
    };
  }

  /** The thread count of the PyTorch row with the shorter median step, if any ran. */
  fasterTorchThreads(): number | undefined {
    const rows = [...this.rows.values()].filter((r) => r.torch && r.stepMs.length);
    rows.sort((a, b) => median(a.stepMs) - median(b.stepMs));
    return rows.length ? Number(/(\d+) thread/.exec(rows[0]!.system)![1]) : undefined;
  }

  /**
   * Full epochs of the default backend in one process, paced: after each, one PyTorch epoch on
   * `torchThreads` runs while tsdl waits, so that both epoch times see the same load.
   */
  async pacedEpochs(workload: WorkloadName, epochs: number, torchThreads: number | undefined): Promise<void> {
    const config: TrainingRunConfig = { workload, steps: 0, repeats: 0, epochs, profileSteps: 0, paced: true };
    const child = spawn(process.execPath, [path.join(__dirname, "trainingRun.js"), JSON.stringify(config)], { stdio: ["pipe", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()));
    let result: TrainingRunResult | undefined;
    for await (const line of readline.createInterface({ input: child.stdout })) {
      let message: { epoch?: number } & Partial<TrainingRunResult>;
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        continue;
      }
      if (message.epoch === undefined) {
        result = message as TrainingRunResult;
        continue;
      }
      if (torchThreads) this.torch(workload, torchThreads, 0, 0, 1)();
      child.stdin.write("next\n");
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("exit", resolve)));
    if (code !== 0 || !result) return void console.log(`${DEFAULT}, epochs: failed (${code}): ${stderr.trim().split("\n").slice(-3).join(" ")}`);
    this.add(DEFAULT, false, result);
  }

  /** Seconds per epoch: the measured full epochs if any, else from ms/step. */
  epochSeconds(row: Row, stepsPerEpoch: number): number {
    return row.epochSeconds.length ? median(row.epochSeconds) : (median(row.stepMs) * stepsPerEpoch) / 1000;
  }

  print(stepsPerEpoch: number, note: string): void {
    const rows = [...this.rows.values()];
    const torchRows = rows.filter((r) => r.torch);
    const best = (value: (r: Row) => number) => (torchRows.length ? Math.min(...torchRows.map(value)) : NaN);
    const bestStep = best((r) => median(r.stepMs));
    const bestEpoch = best((r) => this.epochSeconds(r, stepsPerEpoch));
    const ratio = (x: number, anchor: number) => (Number.isFinite(anchor) ? (x / anchor).toFixed(2) : "-");
    const header = ["system", "ms/step (median)", "× PyTorch best (step)", "s/epoch", "× PyTorch best (epoch)", "epochs timed", "test acc"];
    const table = rows.map((r) => {
      const ms = median(r.stepMs);
      const epoch = this.epochSeconds(r, stepsPerEpoch);
      return [r.system, ms.toFixed(1), ratio(ms, bestStep), epoch.toFixed(2), ratio(epoch, bestEpoch), r.epochSeconds.length ? String(r.epochSeconds.length) : "from steps", r.testAccuracy === undefined ? "" : r.testAccuracy.toFixed(4)];
    });
    console.log(textTable(header, table, { numeric: [1, 2, 3, 4] }));
    if (this.backend) console.log(`tsdl default: ${this.backend}`);
    if (this.torchVersion) console.log(`PyTorch ${this.torchVersion}: ${note}`);
    console.log("ms/step, every repeat: " + rows.map((r) => `${r.system}: ${r.stepMs.map((m) => m.toFixed(1)).join(" ")}`).join("; "));
    for (const p of this.profiles) {
      console.log(`\nper-kernel profile, ${p.system} (kernels ${p.profile.kernelMsPerStep.toFixed(2)} ms/step; profiling inflates the time outside kernels)`);
      console.log(textTable(["kernel", "input shapes", "calls/step", "ms/step", "share"], p.profile.rows, { numeric: [2, 3, 4] }));
    }
  }
}

const DEFAULT = "tsdl default (tuned wasm)";
const ONE_THREAD = "tsdl tuned, 1 thread";
const torchName = (threads: number) => `PyTorch, ${threads} thread${threads === 1 ? "" : "s"}`;

/** Which systems each workload compares, and its long runs. */
function plan(workload: WorkloadName, t: Table, torch: boolean): Plan {
  const pytorch = (steps: number, repeats: number) => (torch ? [t.torch(workload, 1, steps, repeats, 0), t.torch(workload, 2, steps, repeats, 0)] : []);
  const timed = (steps: number) => ({ steps, repeats: 2, epochs: 0, profileSteps: 0 });
  const profiled = (steps: number) => ({ steps, repeats: 0, epochs: 0, profileSteps: steps });
  switch (workload) {
    case "mlp":
      return {
        round: [
          t.tsdl(DEFAULT, workload, {}, timed(60), true),
          t.tsdl(ONE_THREAD, workload, { TSDL_WASM_THREADS: "1" }, timed(60)),
          // MNIST is 81% zeros, which the default products skip; this row multiplies them.
          t.tsdl("tsdl tuned, zeros multiplied", workload, { TSDL_WASM_SPARSE: "0" }, timed(60)),
          ...pytorch(60, 2),
        ],
        epochs: EPOCHS,
        after: [t.tsdl(DEFAULT, workload, {}, profiled(20)), t.tsdl("tfjs wasm as shipped", workload, { TSDL_WASM_TUNE: "0", TSDL_BACKEND: "wasm" }, { steps: 12, repeats: 3, epochs: 0, profileSteps: 0 })],
      };
    case "mlp-dense":
      return {
        round: [t.tsdl(DEFAULT, workload, {}, timed(60), true), t.tsdl(ONE_THREAD, workload, { TSDL_WASM_THREADS: "1" }, timed(60)), ...pytorch(60, 2)],
        epochs: 0,
        after: [t.tsdl(DEFAULT, workload, {}, profiled(20))],
      };
    case "convnet":
      return {
        round: [
          t.tsdl(DEFAULT, workload, {}, timed(20), true),
          t.tsdl(ONE_THREAD, workload, { TSDL_WASM_THREADS: "1" }, timed(20)),
          // The forward convolutions in XNNPACK instead of as tsdl's im2col products.
          t.tsdl("tsdl tuned, XNNPACK's forward Conv2D", workload, { TSDL_WASM_CONV: "0" }, timed(20)),
          ...pytorch(20, 2),
        ],
        epochs: CONV_EPOCHS,
        after: [t.tsdl(DEFAULT, workload, {}, profiled(10))],
      };
    case "lstm":
      return {
        round: [t.tsdl(DEFAULT, workload, {}, timed(40), true), t.tsdl(ONE_THREAD, workload, { TSDL_WASM_THREADS: "1" }, timed(40)), ...pytorch(40, 2)],
        epochs: 0,
        after: [t.tsdl("tfjs wasm as shipped", workload, { TSDL_WASM_TUNE: "0", TSDL_BACKEND: "wasm" }, timed(40)), t.tsdl(DEFAULT, workload, {}, profiled(20))],
      };
  }
}

export async function run(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
  const names = (process.env.TSDL_BENCH_WORKLOADS ?? "mlp,mlp-dense,convnet,lstm").split(",") as WorkloadName[];
  const unknown = names.filter((n) => !(n in WORKLOADS));
  if (unknown.length) throw new Error(`training bench: expected TSDL_BENCH_WORKLOADS to list ${Object.keys(WORKLOADS).join(", ")}; got ${unknown.join(", ")}`);
  const torch = hasTorch();
  const note = torch ? `torch.set_num_threads(n) with OMP_NUM_THREADS=OPENBLAS_NUM_THREADS=n; BLAS: ${torchBlas()}` : "";
  if (!torch) console.log(`PyTorch: skipped (${PYTHON} cannot import torch; apt-get install python3-torch to compare)`);
  console.log(`${os.availableParallelism()} cores, load ${load()}; ${ROUNDS} rounds alternating the systems, then the long runs`);
  for (const name of names) {
    const workload = WORKLOADS[name];
    console.log(`\n--- ${name}: ${workload.title} ---`);
    const table = new Table();
    const { round, epochs, after } = plan(name, table, torch);
    for (let r = 0; r < ROUNDS; r++) for (const run of r % 2 ? [...round].reverse() : round) run();
    if (epochs > 0) await table.pacedEpochs(name, epochs, table.fasterTorchThreads());
    for (const run of after) run();
    table.print(Math.ceil(workload.samples / workload.batch), note);
    console.log(`load now ${load()}`);
  }
}
