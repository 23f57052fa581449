// The course's JupyterLite site in headless Chromium, beside the Node kernel: site size, page load to the first
// cell's result, trivial-cell latency, and an epoch of chapter 4's MNIST training. The site is served by a plain
// static server on loopback, without and with cross-origin isolation (which gives tfjs's wasm its threads).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { spawnSync } from "node:child_process";
import { Page } from "playwright-core";
import { PYTHON, REPO_ROOT, runCells, streamText, testKernelEnv } from "../test/support/jupyter";
import { launchChromium } from "../test/e2e/support/labPage";
import { ensureLiteSite, openLiteNotebook, serveStatic, siteContext } from "../test/e2e/support/liteSite";

const TRIVIAL_CELLS = 30;
const TF_CELL = "const s = tf.tidy(() => tf.tensor([1, 2, 3]).square().sum()); const v = s.dataSync()[0]; s.dispose(); v";

/** Chapter 4's network and data, one full epoch, its seconds printed by the cell itself. */
const EPOCH_CELLS = [
  [
    "const { train } = loadMnist();",
    "const trainImages = train.images.reshape([60000, 28 * 28]).toFloat().div(255);",
    "const trainLabels = train.labels.toFloat();",
    "setRandomSeed(42);",
    "const model = tf.sequential({ layers: [tf.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });",
    "model.compile({ optimizer: 'rmsprop', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });",
    "await model.fit(trainImages.slice(0, 1280), trainLabels.slice(0, 1280), { epochs: 1, batchSize: 128, verbose: 0 });",
  ].join("\n"),
  [
    "const started = performance.now();",
    "const h = await model.fit(trainImages, trainLabels, { epochs: 1, batchSize: 128, verbose: 0 });",
    "console.log(`epoch ${((performance.now() - started) / 1000).toFixed(2)} s, accuracy ${(h.history.acc[0] as number).toFixed(4)}`);",
  ].join("\n"),
];

interface Executed {
  ms: number;
  out: string;
}

/** Runs code on the open notebook's kernel through JupyterLab's own kernel client; the time is execute → reply. */
function execute(page: Page, code: string): Promise<Executed> {
  return page.evaluate(async (source) => {
    type Msg = { header: { msg_type: string }; content: { text?: string; evalue?: string; data?: Record<string, string> } };
    const app = (globalThis as unknown as { jupyterapp: { shell: { currentWidget: { sessionContext: { session: { kernel: { requestExecute(c: { code: string }): { onIOPub: (m: Msg) => void; done: Promise<unknown> } } } } } } } }).jupyterapp;
    const kernel = app.shell.currentWidget.sessionContext.session.kernel;
    let out = "";
    const started = performance.now();
    const future = kernel.requestExecute({ code: source });
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === "stream") out += msg.content.text;
      if (msg.header.msg_type === "execute_result") out += msg.content.data?.["text/plain"] ?? "";
      if (msg.header.msg_type === "error") out += `ERROR ${msg.content.evalue}`;
    };
    await future.done;
    return { ms: performance.now() - started, out };
  }, code);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

function siteSize(dir: string): void {
  const parts = new Map<string, { bytes: number; gzipped: number }>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, e.name);
      if (e.isDirectory()) walk(file);
      else {
        const rel = path.relative(dir, file);
        const part = rel.includes(path.sep) ? rel.split(path.sep)[0]! : "(top)";
        const data = fs.readFileSync(file);
        const row = parts.get(part) ?? { bytes: 0, gzipped: 0 };
        row.bytes += data.length;
        row.gzipped += /\.gz$/.test(file) ? data.length : zlib.gzipSync(data, { level: 6 }).length;
        parts.set(part, row);
      }
    }
  };
  walk(dir);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  console.log("site part        on disk   sent gzipped");
  let total = { bytes: 0, gzipped: 0 };
  for (const [part, row] of [...parts].sort()) {
    console.log(`${part.padEnd(14)}${mb(row.bytes).padStart(10)}${mb(row.gzipped).padStart(14)}`);
    total = { bytes: total.bytes + row.bytes, gzipped: total.gzipped + row.gzipped };
  }
  console.log(`${"total".padEnd(14)}${mb(total.bytes).padStart(10)}${mb(total.gzipped).padStart(14)}`);
}

interface BrowserRun {
  label: string;
  appMs: number;
  kernelMs: number;
  firstResultMs: number;
  trivial: number[];
  firstTfMs: number;
  backend: string;
  epoch: string;
}

async function browserRun(site: string, isolated: boolean): Promise<BrowserRun> {
  const server = await serveStatic(site, { isolated });
  const browser = await launchChromium();
  try {
    const { context, outside } = await siteContext(browser, server.origin);
    const page = await context.newPage();
    const started = Date.now();
    const appReady = page.locator("body[data-tsdl-lab-ready]").waitFor({ state: "attached", timeout: 300_000 }).then(() => Date.now() - started);
    const nb = await openLiteNotebook(page, server.origin, "00-welcome.ipynb");
    const kernelMs = Date.now() - started;
    const first = await execute(page, "1 + 1");
    const firstResultMs = Date.now() - started;
    if (!/2/.test(first.out)) throw new Error(`the first cell printed ${first.out}`);
    const trivial: number[] = [];
    for (let i = 0; i < TRIVIAL_CELLS; i++) trivial.push((await execute(page, `${i + 2} + 1`)).ms);
    const firstTf = await execute(page, TF_CELL);
    const backend = (await execute(page, "backendInfo().toString()")).out;
    await execute(page, EPOCH_CELLS[0]!);
    const epoch = (await execute(page, EPOCH_CELLS[1]!)).out.trim();
    await nb.close();
    await context.close();
    if (outside.length) throw new Error(`requests left the site: ${outside.join(", ")}`);
    return { label: isolated ? "JupyterLite, isolated" : "JupyterLite, plain server", appMs: await appReady, kernelMs, firstResultMs, trivial, firstTfMs: firstTf.ms, backend, epoch };
  } finally {
    await browser.close();
    await server.close();
  }
}

function nodeLatency(): { first: number; p50: number; p95: number; firstTf: number } | string {
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "bench", "kernel_latency.py"), "tsdl", String(TRIVIAL_CELLS), "1 + 1", TF_CELL], { env: testKernelEnv(), cwd: os.tmpdir(), encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return `failed: ${(r.stderr || "").trim().split("\n").pop()}`;
  const m = JSON.parse(r.stdout.trim().split("\n").pop()!) as { start_to_first_result_s: number; p50_ms: number; p95_ms: number; first_tf_cell_ms: number };
  return { first: m.start_to_first_result_s * 1000, p50: m.p50_ms, p95: m.p95_ms, firstTf: m.first_tf_cell_ms };
}

export async function run(): Promise<void> {
  const site = ensureLiteSite();
  console.log(`load average before: ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} cores`);
  siteSize(site);
  const runs = [await browserRun(site, false), await browserRun(site, true)];
  const node = nodeLatency();
  const nodeEpoch = runCells(EPOCH_CELLS, { timeoutSeconds: 900 });
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log("\nsystem                      app ready  kernel idle  first result  trivial p50 / p95     first tf cell");
  for (const r of runs) {
    console.log(`${r.label.padEnd(28)}${s(r.appMs).padStart(9)}${s(r.kernelMs).padStart(13)}${s(r.firstResultMs).padStart(14)}   ${median(r.trivial).toFixed(1)} / ${percentile(r.trivial, 0.95).toFixed(1)} ms`.padEnd(96) + `${r.firstTfMs.toFixed(0)} ms`);
  }
  if (typeof node === "string") console.log(`Node kernel (jupyter_client)  ${node}`);
  else console.log(`${"Node kernel (jupyter_client)".padEnd(28)}${"—".padStart(9)}${"—".padStart(13)}${s(node.first).padStart(14)}   ${node.p50.toFixed(1)} / ${node.p95.toFixed(1)} ms`.padEnd(96) + `${node.firstTf.toFixed(0)} ms`);
  console.log("\nchapter 4's MNIST epoch (Dense 512 relu → Dense 10 softmax, RMSprop, batch 128, 60 000 images):");
  for (const r of runs) console.log(`${r.label.padEnd(28)}${r.epoch}   (${r.backend})`);
  console.log(`${"Node kernel".padEnd(28)}${streamText(nodeEpoch.cells[1]!).trim() || `failed: ${nodeEpoch.stderr.slice(-300)}`}`);
  console.log("(first result: from page.goto to the reply of `1 + 1`; the Node kernel's: from starting the kernel; trivial cells: execute → reply, JupyterLab's client in the page / jupyter_client)");
}
