// What a student sees: a real JupyterLab 4.2.7 (built from npm, served by Debian's jupyterlab_server) runs
// notebooks on the tsdl kernel in headless Chromium, driven with clicks, typing, Shift+Enter, toolbar and menus.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Browser } from "playwright-core";
import { ensureLabBuilt } from "./support/labBuild";
import { launchChromium, NotebookPage, tsdlNotebook } from "./support/labPage";
import { LabServer, startLab } from "./support/labServer";

// The course's 04-mnist, shortened: fewer samples, the same calls a student makes.
const MNIST_CELLS = [
  [
    "const mnist = loadMnist();",
    "const n = 6000;",
    "const trainX = tf.tidy(() => mnist.train.images.slice(0, n).reshape([n, 784]).toFloat().div(255));",
    "const trainY = tf.tidy(() => mnist.train.labels.slice(0, n).toFloat());",
    "trainX.shape",
  ].join("\n"),
  [
    "const model = tf.sequential({",
    '  layers: [tf.layers.dense({ units: 128, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })],',
    "});",
    'model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });',
  ].join("\n"),
  "const history = await model.fit(trainX, trainY, { epochs: 6, batchSize: 32, validationSplit: 0.2, callbacks: [liveProgress()] });",
  "plotHistory(history)",
  [
    "const digits = mnist.test.images.slice(0, 10);",
    "const predictions = tf.tidy(() => (model.predict(digits.reshape([10, 784]).toFloat().div(255)) as tf.Tensor).argMax(-1));",
    "showImages(digits, { labels: mnist.test.labels.slice(0, 10), predictions })",
  ].join("\n"),
];

const VEGA_LITE_V5_BARS = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  width: 300,
  height: 200,
  data: { values: [{ digit: "three", count: 9 }, { digit: "seven", count: 10 }] },
  mark: { type: "bar", tooltip: true },
  encoding: { x: { field: "digit", type: "nominal" }, y: { field: "count", type: "quantitative" } },
};

const NOTEBOOKS = {
  "04-mnist-short.ipynb": tsdlNotebook(MNIST_CELLS),
  "completion.ipynb": tsdlNotebook(["", "", "", ""]),
  "interrupt.ipynb": tsdlNotebook(["const before = 42; before", "while (true) {}", "before + 1"]),
  "type-error.ipynb": tsdlNotebook(['const n: number = "not a number";', "const next = 1 + 1; next"]),
  "restart.ipynb": tsdlNotebook(["const early = 1; early", "tf.tensor([1, 2, 3]).sum().dataSync()[0]", "early"]),
  "vega.ipynb": tsdlNotebook([`display({ "application/vnd.vegalite.v5+json": ${JSON.stringify(VEGA_LITE_V5_BARS)}, "text/plain": "chart" }, { raw: true }); undefined`]),
};

/** The helpers every cell has in scope: the runtime exports of the library the kernel preloads. */
function libraryExports(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require("../../src/index") as Record<string, unknown>;
  return Object.keys(lib).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== "default");
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

describe("tsdl in a real JupyterLab 4.2.7 in headless Chromium", { timeout: 30 * 60_000 }, () => {
  let server: LabServer;
  let browser: Browser;

  before(async () => {
    const report = ensureLabBuilt();
    const took = report.source === "built" ? `: install ${report.installSeconds.toFixed(0)} s, build ${report.buildSeconds.toFixed(0)} s` : "";
    console.log(`JupyterLab harness from ${report.source}${took}`);
    server = await startLab(NOTEBOOKS);
    browser = await launchChromium();
  });

  /** Opens a notebook for one scenario; on failure keeps a screenshot of what the page showed. */
  async function withNotebook(name: string, scenario: (nb: NotebookPage) => Promise<void>): Promise<void> {
    const nb = await NotebookPage.open(browser, server, name);
    try {
      await scenario(nb);
    } catch (e) {
      await nb.screenshot(`FAILED-${name.replace(/\.ipynb$/, "")}`).catch(() => undefined);
      throw e;
    } finally {
      await nb.close();
      // Idle kernels of finished scenarios would only hold memory on a small CI machine.
      await server.shutdownKernels();
    }
  }

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("runs a shortened 04-mnist cell by cell: a live progress bar, an interactive history chart, the digits", { timeout: 5 * 60_000 }, async () => {
    await withNotebook("04-mnist-short.ipynb", async (nb) => {
      assert.match(await nb.run(0), /6000,\s*784/);
      await nb.run(1);

      await nb.shiftEnter(2);
      const bar = nb.outputs(2).filter({ hasText: /Epoch/ }).first();
      await bar.waitFor({ timeout: 60_000 });
      const early = await bar.innerText();
      await nb.screenshot("mnist-progress-1");
      // The bar updates on batch ends, at most ten times a second: look again a while later, until it has changed.
      await sleep(1500);
      let later = early;
      let stillRunning = true;
      for (const deadline = Date.now() + 60_000; later === early && stillRunning && Date.now() < deadline; ) {
        await sleep(500);
        later = await bar.innerText();
        stillRunning = (await nb.prompt(2)) === "[*]:";
      }
      await nb.screenshot("mnist-progress-2");
      assert.notEqual(later, early, "the progress output changed while fit ran");
      assert.ok(stillRunning, "fit was still running when the changed bar was read");
      assert.match(later, /Epoch \d+\/6/);
      await nb.waitForExecuted(2, 4 * 60_000);
      assert.match(await nb.outputText(2), /6\s*\/\s*6/, "the final bar names the last epoch");

      await nb.run(3);
      const chart = nb.cell(3).locator(".jp-RenderedVegaLite .vega-embed");
      await chart.locator("canvas").waitFor({ timeout: 30_000 });
      assert.ok((await chart.locator(".vega-actions a").count()) > 0, "vega-embed's action menu: a live vega view, not a picture");
      await chart.scrollIntoViewIfNeeded();
      await nb.screenshot("mnist-history");

      await nb.run(4);
      const grid = nb.cell(4).locator(".jp-RenderedImage img");
      await grid.waitFor({ timeout: 30_000 });
      const size = await grid.evaluate((img: { naturalWidth: number; naturalHeight: number }) => [img.naturalWidth, img.naturalHeight]);
      assert.ok(size[0]! >= 10 * 28 || size[1]! >= 2 * 28, `a grid of 10 digits expected; the image is ${size.join("×")}`);
      await nb.cell(4).scrollIntoViewIfNeeded();
      await nb.screenshot("mnist-digits");
    });
  });

  it("completes `tf.` and helper names with Tab, lists every helper after `tsdl.`, and shows a helper's signature and docs on Shift+Tab", async () => {
    await withNotebook("completion.ipynb", async (nb) => {
      // One completer widget is reused and hidden between uses: look only at the one on screen.
      const items = nb.page.locator(".jp-Completer:visible .jp-Completer-item");

      await nb.typeInto(0, "tf.");
      await nb.page.keyboard.press("Tab");
      await items.first().waitFor({ timeout: 30_000 });
      assert.ok((await items.count()) > 100, "all of tf's namespace is offered");
      await nb.page.keyboard.type("tensor2");
      await items.and(nb.page.locator('[data-value="tensor2d"]')).waitFor({ timeout: 10_000 });
      await nb.screenshot("completion-tf");
      await nb.page.keyboard.press("Escape");
      await items.first().waitFor({ state: "hidden", timeout: 10_000 });

      await nb.typeInto(1, "tsdl.");
      await nb.page.keyboard.press("Tab");
      await items.and(nb.page.locator('[data-value="display"]')).waitFor({ timeout: 30_000 });
      const offered = await items.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-value")));
      const missing = libraryExports().filter((name) => !offered.includes(name));
      assert.deepEqual(missing, [], `every helper is offered after "tsdl."; offered: ${offered.join(", ")}`);
      await nb.screenshot("completion-tsdl");
      await nb.page.keyboard.press("Escape");

      await nb.typeInto(2, "backendIn");
      await nb.page.keyboard.press("Tab");
      await items.and(nb.page.locator('.jp-mod-active[data-value="backendInfo"]')).waitFor({ timeout: 30_000 });
      await nb.page.keyboard.press("Enter");
      await nb.editor(2).filter({ hasText: /^backendInfo$/ }).waitFor({ timeout: 10_000 });

      await nb.typeInto(3, "display(");
      await nb.page.keyboard.press("Shift+Tab");
      const tooltip = nb.page.locator(".jp-Tooltip");
      await tooltip.waitFor({ timeout: 30_000 });
      const text = await tooltip.innerText();
      await nb.screenshot("tooltip-display");
      assert.match(text, /display\(value: unknown, options\?: (tsdl\.)?DisplayOptions\)/, "the signature");
      assert.match(text, /Shows any value in the cell's output/, "the doc comment");
    });
  });

  it("interrupts `while (true) {}` from the toolbar: idle within 2 s, earlier variables kept", async () => {
    await withNotebook("interrupt.ipynb", async (nb) => {
      assert.match(await nb.run(0), /42/);
      await nb.shiftEnter(1);
      await nb.panel.locator('.jp-Notebook-ExecutionIndicator[data-status="busy"]').waitFor({ timeout: 10_000 });
      await sleep(1000);
      assert.equal(await nb.prompt(1), "[*]:", "the loop is running");
      await nb.screenshot("interrupt-busy");

      const clicked = Date.now();
      await nb.panel.locator('.jp-Toolbar-item[data-jp-item-name="interrupt"]').click();
      await nb.waitForIdle(10_000);
      const seconds = (Date.now() - clicked) / 1000;
      await nb.waitForExecuted(1, 5_000);
      await nb.screenshot("interrupt-idle");
      assert.ok(seconds <= 2, `idle ${seconds.toFixed(2)} s after the click; 2 s at most`);
      assert.match(await nb.run(2), /^43$/m, "a variable defined before the interrupt is still there");
    });
  });

  it("shows a type error in the output area and runs the next cell", async () => {
    await withNotebook("type-error.ipynb", async (nb) => {
      await nb.run(0);
      const error = nb.outputs(0).and(nb.page.locator('[data-mime-type="application/vnd.jupyter.stderr"]'));
      await error.waitFor({ timeout: 10_000 });
      assert.match(await error.innerText(), /Type 'string' is not assignable to type 'number'/);
      assert.match(await nb.run(1), /^2$/m);
      await nb.screenshot("type-error");
      await nb.waitForIdle(10_000);
    });
  });

  it("restarts the kernel from the Kernel menu, with tf preloaded again", async () => {
    await withNotebook("restart.ipynb", async (nb) => {
      assert.equal(await nb.run(0).then(() => nb.prompt(0)), "[1]:");
      await nb.page.locator(".lm-MenuBar-itemLabel", { hasText: /^Kernel$/ }).click();
      await nb.page.locator(".lm-Menu-itemLabel", { hasText: /^Restart Kernel…$/ }).click();
      await nb.page.locator(".jp-Dialog .jp-mod-accept", { hasText: "Restart" }).click();
      await nb.page.locator(".jp-Dialog").waitFor({ state: "detached", timeout: 10_000 });
      await nb.waitForIdle(60_000);
      assert.match(await nb.run(1), /^6$/m, "tf works without an import in the new kernel");
      assert.equal(await nb.prompt(1), "[1]:", "the execution count started again: a new kernel");
      assert.match(await nb.run(2), /Cannot find name 'early'/, "the old kernel's variables are gone");
      await nb.screenshot("restart");
    });
  });

  it("renders a vega-lite v5 bundle as an interactive vega view with hover tooltips", async () => {
    await withNotebook("vega.ipynb", async (nb) => {
      await nb.run(0);
      const canvas = nb.cell(0).locator(".jp-RenderedVegaLite .vega-embed canvas");
      await canvas.waitFor({ timeout: 30_000 });
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 150, `a drawn canvas expected; got ${JSON.stringify(box)}`);
      // Both bars reach near the top of the plot, so the lower middle of the left half is on the first bar.
      await nb.page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.7);
      const tooltip = nb.page.locator("#vg-tooltip-element.visible");
      await tooltip.waitFor({ timeout: 5_000 });
      assert.match(await tooltip.innerText(), /three|seven/);
      await nb.screenshot("vega-tooltip");
    });
  });
});
