// Widgets in a real JupyterLab 4.2.7 with @jupyter-widgets/jupyterlab-manager 5.0.16, driven in headless
// Chromium as a student would: drag chapter 3's learning-rate slider and see the chart change; click
// liveProgress's Stop button during a long fit; click an anyWidget.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Browser } from "playwright-core";
import { ensureLabBuilt } from "./support/labBuild";
import { assertRedrawn, chapter3Cells, dragLearningRate, sleep } from "./support/explorer";
import { launchChromium, NotebookPage, tsdlNotebook, withNotebook } from "./support/labPage";
import { LabServer, startLab } from "./support/labServer";

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
      assertRedrawn(await dragLearningRate(nb, 1, "explorer"));
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
