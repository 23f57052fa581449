// Widgets in a real JupyterLab 4.2.7 with @jupyter-widgets/jupyterlab-manager 5.0.16, driven in headless
// Chromium as a student would: drag chapter 3's learning-rate slider and see the chart change; click
// liveProgress's Stop button during a long fit; click an anyWidget.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Browser, Locator } from "playwright-core";
import { PNG } from "pngjs";
import { REPO_ROOT } from "../support/jupyter";
import { ensureLabBuilt } from "./support/labBuild";
import { launchChromium, NotebookPage, tsdlNotebook, withNotebook } from "./support/labPage";
import { LabServer, startLab } from "./support/labServer";

/** Chapter 3's own cells: the valley and its start, then the explorer, read from the committed notebook. */
function chapter3Cells(): string[] {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "notebooks", "03-gradient-descent.ipynb"), "utf8")) as { cells: { id: string; source: string[] | string }[] };
  const source = (c: { source: string[] | string }) => (Array.isArray(c.source) ? c.source.join("") : c.source);
  const valley = nb.cells.find((c) => source(c).startsWith("const valley ="));
  const explorer = nb.cells.find((c) => c.id === "explore-descent");
  assert.ok(valley && explorer, "chapter 3 defines the valley and has the explorer cell");
  return [source(valley), source(explorer)];
}

const COUNTER_ESM = [
  "export default {",
  "  render({ model, el }) {",
  '    const b = document.createElement("button");',
  '    b.className = "tsdl-counter";',
  '    const show = () => { b.textContent = `count is ${model.get("count")}`; };',
  "    show();",
  '    b.addEventListener("click", () => { model.set("count", model.get("count") + 1); model.save_changes(); });',
  '    model.on("change:count", show);',
  "    el.appendChild(b);",
  "  },",
  "};",
].join("\n");

const NOTEBOOKS = {
  "explorer.ipynb": tsdlNotebook(chapter3Cells()),
  "stop.ipynb": tsdlNotebook([
    [
      "const kept = 42;",
      "const xs = tf.randomNormal([4096, 16]);",
      "const ys = xs.sum(1, true);",
      'const net = tf.sequential({ layers: [tf.layers.dense({ units: 64, activation: "relu", inputShape: [16] }), tf.layers.dense({ units: 1 })] });',
      'net.compile({ optimizer: "sgd", loss: "meanSquaredError" });',
    ].join("\n"),
    "const history = await net.fit(xs, ys, { epochs: 1000, batchSize: 32, callbacks: [liveProgress({ stopButton: true, chart: false })] });",
    "[kept, history.epoch.length, tf.memory().numTensors > 0]",
  ]),
  "anywidget.ipynb": tsdlNotebook([`const counter = anyWidget({ esm: ${JSON.stringify(COUNTER_ESM)}, state: { count: 0 } });\ncounter`, 'counter.get("count")', "counter.set({ count: 10 }); undefined"]),
};

/** The share of pixels that differ between two PNG screenshots of the same size (1 when the sizes differ). */
function changedShare(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let changed = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    if (Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!) + Math.abs(x.data[i + 2]! - y.data[i + 2]!) > 30) changed++;
  }
  return changed / (x.width * x.height);
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** A screenshot of an element once two in a row agree: the chart has finished drawing (each update replaces it). */
async function settledShot(element: Locator, timeoutMs = 30_000): Promise<Buffer> {
  let last: Buffer | undefined;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const shot = await element.screenshot({ timeout: 5_000 }).catch(() => undefined);
    if (shot && last && shot.equals(last)) return shot;
    last = shot ?? last;
    await sleep(400);
  }
  if (!last) throw new Error("the element could not be captured");
  return last;
}

describe("widgets in a real JupyterLab with the Jupyter widgets manager", { timeout: 20 * 60_000 }, () => {
  let server: LabServer;
  let browser: Browser;

  before(async () => {
    const report = ensureLabBuilt();
    console.log(`JupyterLab harness from ${report.source}`);
    server = await startLab(NOTEBOOKS);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("redraws chapter 3's descent path when the student drags the learning-rate slider", { timeout: 5 * 60_000 }, async () => {
    await withNotebook(browser, server, "explorer.ipynb", async (nb) => {
      await nb.run(0);
      await nb.run(1);
      const out = nb.cell(1);
      const lr = out.locator(".widget-slider").first();
      await lr.waitFor({ timeout: 60_000 });
      assert.equal(await lr.locator(".widget-readout").innerText(), "0.10");
      const chart = out.locator(".jp-RenderedVegaLite .vega-embed");
      await chart.locator("canvas").waitFor({ timeout: 60_000 });
      const before = await settledShot(chart);
      await nb.screenshot("explorer-before");

      // Drag the handle a third of the rail to the right, as a student would.
      const handle = lr.locator(".noUi-handle");
      const rail = await lr.locator(".noUi-base, .noUi-target").first().boundingBox();
      const box = await handle.boundingBox();
      assert.ok(box && rail, "the slider is on screen");
      await nb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await nb.page.mouse.down();
      for (let i = 1; i <= 10; i++) await nb.page.mouse.move(box.x + box.width / 2 + (rail.width / 3) * (i / 10), box.y + box.height / 2, { steps: 2 });
      await nb.page.mouse.up();
      const readout = Number(await lr.locator(".widget-readout").innerText());
      assert.ok(readout > 0.2, `the readout moved with the handle: ${readout}`);

      // The chart follows: poll its picture until it differs, as a student's eye would.
      let share = 0;
      let after = before;
      for (const deadline = Date.now() + 30_000; share < 0.01 && Date.now() < deadline; ) {
        await sleep(300);
        after = await settledShot(chart, 10_000);
        share = changedShare(before, after);
      }
      const shots = path.dirname(await nb.screenshot("explorer-after"));
      fs.writeFileSync(path.join(shots, "explorer-chart-before.png"), before);
      fs.writeFileSync(path.join(shots, "explorer-chart-after.png"), after);
      assert.ok(share >= 0.01, `the chart changed after the drag (${(share * 100).toFixed(2)}% of its pixels)`);
      assert.equal(await out.locator(".jp-RenderedVegaLite").count(), 1, "updated in place: still one chart under the controls");
      await nb.waitForIdle(30_000);
    });
  });

  it("stops a long fit when the student clicks Stop: the bar says so, the kernel is idle, variables are intact", { timeout: 5 * 60_000 }, async () => {
    await withNotebook(browser, server, "stop.ipynb", async (nb) => {
      await nb.run(0, 120_000);
      await nb.shiftEnter(1);
      const stop = nb.cell(1).locator("button.jupyter-button", { hasText: "Stop training" });
      await stop.waitFor({ timeout: 60_000 });
      await nb.cell(1).locator(".jp-OutputArea-output", { hasText: /Epoch/ }).first().waitFor({ timeout: 60_000 });
      await sleep(2000);
      assert.equal(await nb.prompt(1), "[*]:", "training is still running when Stop is clicked");
      await nb.screenshot("stop-before");
      const clicked = Date.now();
      await stop.click();
      await nb.waitForExecuted(1, 30_000);
      const seconds = (Date.now() - clicked) / 1000;
      await nb.waitForIdle(30_000);
      const text = await nb.outputText(1);
      assert.match(text, /Stopped by the Stop button (during|after) epoch \d+\/1000/);
      const finished = nb.cell(1).locator("button.jupyter-button", { hasText: "Training stopped" });
      await finished.waitFor({ timeout: 10_000 });
      assert.equal(await finished.isDisabled(), true);
      await nb.screenshot("stop-after");
      assert.ok(seconds < 15, `the cell ended ${seconds.toFixed(1)} s after the click`);
      const kept = await nb.run(2);
      const [k, epochs, alive] = kept.replace(/[[\]\s]/g, "").split(",");
      assert.equal(k, "42");
      assert.ok(Number(epochs) < 1000, `training stopped early: ${epochs} epochs ran`);
      assert.equal(alive, "true");
    });
  });

  it("renders an anyWidget from its ES module, and syncs its state both ways", { timeout: 3 * 60_000 }, async () => {
    await withNotebook(browser, server, "anywidget.ipynb", async (nb) => {
      await nb.run(0);
      const counter = nb.cell(0).locator("button.tsdl-counter");
      await counter.waitFor({ timeout: 60_000 });
      assert.equal(await counter.innerText(), "count is 0");
      await counter.click();
      await counter.click();
      await nb.page.locator("button.tsdl-counter", { hasText: "count is 2" }).waitFor({ timeout: 10_000 });
      await sleep(500);
      assert.match(await nb.run(1), /^2$/m, "the kernel saw both clicks");
      await nb.run(2);
      await nb.page.locator("button.tsdl-counter", { hasText: "count is 10" }).waitFor({ timeout: 10_000 });
      await nb.screenshot("anywidget");
    });
  });
});
