// The course in the browser: the JupyterLite site `npm run lite` builds, served by a plain static file server
// on loopback, in headless Chromium, with its in-browser tsdl-lite kernel. No request may leave the site.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { Browser, BrowserContext } from "playwright-core";
import { REPO_ROOT, resultText, runNotebookFile, streamText } from "../support/jupyter";
import { assertRedrawn, chapter3Cells, dragLearningRate } from "./support/explorer";
import { launchChromium, NotebookPage, tsdlNotebook } from "./support/labPage";
import { ensureLiteSite, notebookJson, openLiteNotebook, serveStatic, siteContext, StaticServer } from "./support/liteSite";

// The course's 04-mnist, shortened: a subset, fewer epochs, the same calls a student makes.
const MNIST_CELLS = [
  [
    "const { train, test } = loadMnist();",
    "const n = 12000;",
    "const trainImages = train.images.slice(0, n).reshape([n, 28 * 28]).toFloat().div(255);",
    "const trainLabels = train.labels.slice(0, n).toFloat();",
    "const testImages = test.images.slice(0, 2000).reshape([2000, 28 * 28]).toFloat().div(255);",
    "const testLabels = test.labels.slice(0, 2000).toFloat();",
    "trainImages.shape",
  ].join("\n"),
  [
    "setRandomSeed(42);",
    "const model = tf.sequential({",
    '  layers: [tf.layers.dense({ units: 512, activation: "relu", inputShape: [784] }), tf.layers.dense({ units: 10, activation: "softmax" })],',
    "});",
    'model.compile({ optimizer: "rmsprop", loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });',
  ].join("\n"),
  "const history = await model.fit(trainImages, trainLabels, { epochs: 3, batchSize: 128, callbacks: [liveProgress({ chart: false })] });",
  [
    "const [testLoss, testAccuracy] = model.evaluate(testImages, testLabels, { batchSize: 512 }) as tf.Scalar[];",
    "console.log(`test accuracy: ${testAccuracy!.dataSync()[0]!.toFixed(4)}`);",
  ].join("\n"),
  "plotHistory(history)",
];

const NOTEBOOKS: Record<string, Record<string, unknown>> = {
  "04-mnist-short.ipynb": tsdlNotebook(MNIST_CELLS),
  "type-error.ipynb": tsdlNotebook(['const n: number = "not a number";', "const next = 1 + 1; next"]),
  "interrupt.ipynb": tsdlNotebook([
    "const before = 42; before",
    "while (true) await new Promise((r) => setTimeout(r, 10));",
    "before + 1",
    "while (true) {}",
    "typeof before",
  ]),
  "restart.ipynb": tsdlNotebook(["const early = 1; early", "tf.tensor([1, 2, 3]).sum().dataSync()[0]", "early"]),
  "completion.ipynb": tsdlNotebook(["", ""]),
  "explorer.ipynb": tsdlNotebook(chapter3Cells()),
  "library.ipynb": tsdlNotebook([
    `const exported: string[] = ${JSON.stringify(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "dist", "src", "exports.json"), "utf8")))};\n` +
      "exported.filter((n) => (tsdl as Record<string, unknown>)[n] === undefined)",
    "showSource(scratch.softmax)",
    [
      "computationGraph({",
      '  title: "x times y",',
      '  nodes: [{ id: "mul", label: "×" }],',
      '  edges: [{ from: "x", to: "mul", forward: 2, backward: 3 }, { from: "y", to: "mul", forward: 3, backward: 2 }, { from: "mul", to: "z", forward: 6, backward: 1 }],',
      "})",
    ].join("\n"),
    'check.equal(1 + 1, 2, { label: "one plus one" })',
    "histogram(tf.randomNormal([500]), { title: 'normal noise' })",
    [
      'setTimeout(() => console.log("third: from a timer"), 300);',
      'console.log("first: printed");',
      'display("second: displayed");',
      "await new Promise((r) => setTimeout(r, 800));",
      '"fourth: the value"',
    ].join("\n"),
  ]),
};

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Text a cell printed and the text/plain of its result, as the Node kernel's and the browser's notebooks hold them. */
function keyOutputs(outputs: Record<string, unknown>[]): { stdout: string; result: string | undefined; errors: string[]; images: number } {
  const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v));
  const stdout = outputs.filter((o) => o.output_type === "stream" && o.name === "stdout").map((o) => text(o.text)).join("");
  const result = outputs.find((o) => o.output_type === "execute_result") as { data?: Record<string, unknown> } | undefined;
  const errors = outputs.filter((o) => o.output_type === "error").map((o) => `${String(o.ename)}: ${String(o.evalue)}`);
  const images = outputs.filter((o) => (o as { data?: Record<string, unknown> }).data?.["image/png"] !== undefined).length;
  return { stdout, result: result?.data?.["text/plain"] === undefined ? undefined : text(result.data["text/plain"]), errors, images };
}

describe("the course in the browser: JupyterLite with the tsdl-lite kernel, served as static files", { timeout: 40 * 60_000 }, () => {
  let site: string;
  let server: StaticServer;
  let browser: Browser;

  before(async () => {
    site = ensureLiteSite();
    server = await serveStatic(site);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser (empty storage) with the test notebooks saved in it, and a check that nothing left the site. */
  async function withSite(scenario: (context: BrowserContext) => Promise<void>): Promise<void> {
    const { context, outside } = await siteContext(browser, server.origin);
    try {
      await scenario(context);
    } finally {
      await context.close();
    }
    assert.deepEqual(outside, [], "no request left the site");
  }

  /** Saves the test notebooks into the browser's storage, as a student's uploads would be, and opens one. */
  async function openTestNotebook(context: BrowserContext, name: string): Promise<NotebookPage> {
    const page = await context.newPage();
    await page.goto(`${server.origin}/lab/index.html`);
    await page.locator("body[data-tsdl-lab-ready]").waitFor({ state: "attached", timeout: 120_000 });
    await page.evaluate(async (notebooks) => {
      const app = (globalThis as unknown as { jupyterapp: { serviceManager: { contents: { save(p: string, m: object): Promise<unknown> } } } }).jupyterapp;
      for (const [file, content] of Object.entries(notebooks)) await app.serviceManager.contents.save(file, { type: "notebook", format: "json", content });
    }, NOTEBOOKS);
    return openLiteNotebook(page, server.origin, name);
  }

  async function kernelMenu(nb: NotebookPage, item: RegExp): Promise<void> {
    await nb.page.locator(".lm-MenuBar-itemLabel", { hasText: /^Kernel$/ }).click();
    await nb.page.locator(".lm-Menu-itemLabel", { hasText: item }).click();
  }

  it("runs chapter 1 with Run All Cells, and its shapes, dtypes and printed values match the Node kernel's", { timeout: 15 * 60_000 }, async () => {
    const node = runNotebookFile(path.join(REPO_ROOT, "notebooks", "01-tensors.ipynb"), { timeoutSeconds: 300 });
    assert.equal(node.status, 0, `the Node kernel ran chapter 1: ${node.stderr.slice(-2000)}`);
    await withSite(async (context) => {
      const nb = await openLiteNotebook(await context.newPage(), server.origin, "01-tensors.ipynb");
      await nb.page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
      await nb.page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
      const codeCells = node.cells.filter((c) => c.cell_type === "code").length;
      const last = await nb.panel.locator(".jp-Notebook .jp-CodeCell").count();
      assert.equal(last, codeCells);
      await nb.panel.locator(".jp-Notebook .jp-CodeCell").last().locator(".jp-InputArea-prompt").filter({ hasText: /\[\d+\]/ }).waitFor({ timeout: 10 * 60_000 });
      await nb.waitForIdle(60_000);
      await nb.screenshot("lite-chapter1");
      const browserCells = (await notebookJson(nb.page)).cells.filter((c) => c.cell_type === "code");
      const nodeCells = node.cells.filter((c) => c.cell_type === "code");
      const differences: string[] = [];
      nodeCells.forEach((cell, i) => {
        const ours = keyOutputs(browserCells[i]!.outputs ?? []);
        if (ours.errors.length > 0) differences.push(`cell ${i}: ${ours.errors.join("; ")}`);
        if (ours.stdout !== streamText(cell)) differences.push(`cell ${i} printed:\n${ours.stdout}\nthe Node kernel:\n${streamText(cell)}`);
        if (ours.result !== resultText(cell)) differences.push(`cell ${i} result:\n${ours.result}\nthe Node kernel:\n${resultText(cell)}`);
        const nodeImages = cell.outputs.filter((o) => o.data?.["image/png"] !== undefined).length;
        if (ours.images !== nodeImages) differences.push(`cell ${i}: ${ours.images} images, the Node kernel ${nodeImages}`);
      });
      assert.deepEqual(differences, []);
    });
  });

  it("trains a shortened chapter 4 on MNIST with a live progress bar, to a test accuracy of at least 0.9", { timeout: 15 * 60_000 }, async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "04-mnist-short.ipynb");
      assert.match(await nb.run(0, 180_000), /12000,\s*784/);
      await nb.run(1);
      await nb.shiftEnter(2);
      const bar = nb.outputs(2).filter({ hasText: /Epoch/ }).first();
      await bar.waitFor({ timeout: 120_000 });
      const early = await bar.innerText();
      await nb.screenshot("lite-mnist-progress");
      let later = early;
      for (const deadline = Date.now() + 120_000; later === early && Date.now() < deadline; ) {
        await sleep(500);
        later = await bar.innerText();
      }
      assert.notEqual(later, early, "the progress bar changed while fit ran");
      await nb.waitForExecuted(2, 10 * 60_000);
      assert.match(await nb.outputText(2), /3\s*\/\s*3/, "the final bar names the last epoch");
      const accuracy = Number(/test accuracy: ([\d.]+)/.exec(await nb.run(3, 120_000))?.[1]);
      assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);
      await nb.run(4);
      await nb.cell(4).locator(".jp-RenderedVegaLite .vega-embed canvas").waitFor({ timeout: 30_000 });
      await nb.cell(4).scrollIntoViewIfNeeded();
      await nb.screenshot("lite-mnist-history");
    });
  });

  it("shows a type error as an error, and runs the next cell", async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "type-error.ipynb");
      await nb.run(0);
      const error = nb.outputs(0).and(nb.page.locator('[data-mime-type="application/vnd.jupyter.stderr"]'));
      await error.waitFor({ timeout: 10_000 });
      assert.match(await error.innerText(), /Type 'string' is not assignable to type 'number'/);
      assert.match(await nb.run(1), /^2$/m);
      await nb.screenshot("lite-type-error");
    });
  });

  it("interrupts from the Kernel menu: an awaiting cell stops with variables kept; a loop that never awaits restarts the kernel", async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "interrupt.ipynb");
      assert.match(await nb.run(0), /42/);
      await nb.shiftEnter(1);
      await sleep(1500);
      assert.equal(await nb.prompt(1), "[*]:", "the loop is running");
      await kernelMenu(nb, /^Interrupt Kernel$/);
      await nb.waitForExecuted(1, 10_000);
      assert.match(await nb.outputText(1), /Interrupted: the cell was interrupted \(Interrupt from the notebook\); variables defined before are kept/);
      assert.match(await nb.run(2), /^43$/m, "a variable defined before the interrupt is still there");

      await nb.shiftEnter(3);
      await sleep(1500);
      await kernelMenu(nb, /^Interrupt Kernel$/);
      await nb.waitForExecuted(3, 20_000);
      assert.match(await nb.outputText(3), /KernelRestarted/);
      await nb.waitForIdle(60_000);
      assert.match(await nb.run(4, 60_000), /Cannot find name 'before'/, "the replaced kernel starts empty");
      await nb.screenshot("lite-interrupt");
    });
  });

  it("restarts the kernel from the Kernel menu, with tf preloaded again", async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "restart.ipynb");
      assert.equal(await nb.run(0).then(() => nb.prompt(0)), "[1]:");
      await kernelMenu(nb, /^Restart Kernel…$/);
      await nb.page.locator(".jp-Dialog .jp-mod-accept", { hasText: "Restart" }).click();
      await nb.page.locator(".jp-Dialog").waitFor({ state: "detached", timeout: 10_000 });
      await nb.waitForIdle(60_000);
      assert.match(await nb.run(1, 60_000), /^6$/m, "tf works without an import in the new kernel");
      assert.equal(await nb.prompt(1), "[1]:", "the execution count started again: a new kernel");
      assert.match(await nb.run(2), /Cannot find name 'early'/, "the old kernel's variables are gone");
      await nb.screenshot("lite-restart");
    });
  });

  it("keeps a notebook the student edited in the browser's storage across a reload", async () => {
    await withSite(async (context) => {
      const page = await context.newPage();
      let nb = await openLiteNotebook(page, server.origin, "00-welcome.ipynb");
      await sleep(2000);
      assert.equal(await page.locator(".jp-mod-dirty").count(), 0, "opening a chapter does not mark it edited");
      const served = fs.readFileSync(path.join(site, "files", "00-welcome.ipynb"), "utf8");
      // The first code cell of the chapter, as a student would change it.
      const firstCode = () => nb.panel.locator(".jp-Notebook .jp-CodeCell").first();
      await firstCode().locator(".cm-content").click();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("const mine = 'edited in the browser'; mine");
      await page.keyboard.press("Control+s");
      await page.locator(".jp-mod-dirty").waitFor({ state: "detached", timeout: 10_000 });
      await page.reload();
      nb = await openLiteNotebook(page, server.origin, "00-welcome.ipynb");
      assert.match(await firstCode().locator(".cm-content").innerText(), /edited in the browser/);
      await firstCode().locator(".cm-content").click();
      await page.keyboard.press("Shift+Enter");
      await firstCode().locator(".jp-OutputArea-output", { hasText: "edited in the browser" }).waitFor({ timeout: 60_000 });
      await nb.screenshot("lite-persisted");
      assert.equal(fs.readFileSync(path.join(site, "files", "00-welcome.ipynb"), "utf8"), served, "the site's own file is unchanged");
      const cellsOf = (text: string) => (JSON.parse(text) as { cells: unknown[] }).cells;
      assert.deepEqual(cellsOf(served), cellsOf(fs.readFileSync(path.join(REPO_ROOT, "notebooks", "00-welcome.ipynb"), "utf8")), "the site serves the course's cells");
    });
  });

  it("completes `tf.` with Tab and shows a helper's signature and docs on Shift+Tab, from the same declarations", async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "completion.ipynb");
      const items = nb.page.locator(".jp-Completer:visible .jp-Completer-item");
      await nb.typeInto(0, "tf.");
      await nb.page.keyboard.press("Tab");
      await items.first().waitFor({ timeout: 60_000 });
      assert.ok((await items.count()) > 100, "all of tf's namespace is offered");
      await nb.page.keyboard.type("tensor2");
      await items.and(nb.page.locator('[data-value="tensor2d"]')).waitFor({ timeout: 10_000 });
      await nb.screenshot("lite-completion");
      await nb.page.keyboard.press("Escape");
      await nb.typeInto(1, "display(");
      await nb.page.keyboard.press("Shift+Tab");
      const tooltip = nb.page.locator(".jp-Tooltip");
      await tooltip.waitFor({ timeout: 60_000 });
      assert.match(await tooltip.innerText(), /display\(value: unknown, options\?: (tsdl\.)?DisplayOptions\)/);
      await nb.screenshot("lite-tooltip");
    });
  });
  it("redraws chapter 3's descent path when the student drags the learning-rate slider (widgets over the worker's comms)", { timeout: 10 * 60_000 }, async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "explorer.ipynb");
      await nb.run(0, 180_000);
      await nb.run(1, 120_000);
      assertRedrawn(await dragLearningRate(nb, 1, "lite-explorer"));
      await nb.waitForIdle(30_000);
    });
  });

  it("has every helper the Node kernel preloads: showSource, computationGraph (Graphviz from the site), check, insight charts, output in order", { timeout: 10 * 60_000 }, async () => {
    await withSite(async (context) => {
      const nb = await openTestNotebook(context, "library.ipynb");
      assert.match(await nb.run(0, 180_000), /^\[\]$/m, "every export of the library is defined in the browser");
      assert.match(await nb.run(1), /softmax — defined in src\/scratch\/functions\.ts, line \d+/);
      assert.match(await nb.outputText(1), /export function softmax\(x: tf\.Tensor\): tf\.Tensor/, "the TypeScript, not the bundle's JavaScript");
      await nb.run(2, 120_000);
      const graph = nb.outputs(2).locator("img");
      await graph.waitFor({ timeout: 30_000 });
      assert.ok(((await graph.boundingBox())?.width ?? 0) > 100, "the graph is drawn");
      const checked = await nb.run(3);
      assert.match(checked, /one plus one/);
      assert.doesNotMatch(checked, /Error|failed/i);
      await nb.run(4, 120_000);
      await nb.cell(4).locator(".jp-RenderedVegaLite .vega-embed canvas").waitFor({ timeout: 30_000 });
      await nb.run(5, 60_000);
      const order = ["first: printed", "second: displayed", "third: from a timer", "fourth: the value"];
      const text = await nb.outputText(5);
      const at = order.map((line) => text.indexOf(line));
      assert.ok(at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > at[k - 1]!), `outputs in the order they were made:\n${text}`);
      await nb.screenshot("lite-library");
      for (let i = 0; i <= 5; i++) assert.equal(await nb.outputs(i).locator('[data-mime-type="application/vnd.jupyter.stderr"]').count(), 0, `cell ${i} wrote no error`);
    });
  });
});
