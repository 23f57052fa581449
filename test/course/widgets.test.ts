// Widgets on exported course pages: a chapter with interact, controls and binary state, built by the real
// course build through the real kernel; the page in Chromium draws the controls from the saved state with
// every request intercepted, keeps the chart's PNG under them, and the PDF prints the same values.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { Browser, chromium, Page } from "playwright-core";
import { ARTIFACTS, runBuild } from "./fixtureCourse";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

const CELLS: [string, string][] = [
  ["markdown", "# 1. Widgets\n\nControls saved from the kernel.\n\n**Learning goals**\n- see\n- drag\n- print"],
  [
    "code",
    'interact(\n  ({ lr, momentum }) => contourPlot((x, y) => x ** 2 / 20 + y ** 2, { x: [-10, 10], y: [-5, 5], path: scratch.gradientDescent(([x, y]: number[]) => x! ** 2 / 20 + y! ** 2, [-7, 2], { learningRate: lr, momentum, steps: 30 }), title: `η = ${lr.toFixed(2)}` }),\n' +
      '  { lr: slider({ min: 0.01, max: 1.05, step: 0.01, value: 0.3, description: "η (learning rate)" }), momentum: slider({ min: 0, max: 0.95, step: 0.05, value: 0.55, description: "β (momentum)" }) },\n)',
  ],
  ["code", 'const relu = checkbox({ value: false, description: "relu" });\nrelu.value = true;\nhbox([button({ description: "Go", buttonStyle: "success" }), relu, dropdown({ options: ["sgd", "adam"], value: "adam", description: "optimizer" })])'],
  ["code", 'vbox([text({ value: "hello", description: "name" }), toggleButtons({ options: ["a", "b", "c"], value: "b" }), progress({ value: 70, barStyle: "success", description: "done" })])'],
  ["code", 'imageWidget(scatterPlot([[0, 0], [1, 1], [2, 0]]).png(), { width: "240px" })'],
  ["markdown", "## Summary\n\n- Widgets survive export."],
];

function writeChapter(dir: string): void {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } },
    cells: CELLS.map(([kind, source], i) => ({ cell_type: kind, id: `w${i}`, metadata: {}, source, ...(kind === "code" ? { outputs: [], execution_count: null } : {}) })),
  };
  fs.writeFileSync(path.join(dir, "01-widgets.ipynb"), JSON.stringify(nb));
}

async function open(browser: Browser, file: string, javaScriptEnabled = true): Promise<{ page: Page; errors: string[]; leftTheMachine: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  const errors: string[] = [];
  const leftTheMachine: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    leftTheMachine.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, errors, leftTheMachine };
}

describe("widgets on an exported course page", { skip: !fs.existsSync(CHROMIUM) && `${CHROMIUM} is not installed` }, () => {
  let out: string;
  let browser: Browser;

  before(async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-widgets-course-"));
    fs.mkdirSync(path.join(root, "notebooks"));
    writeChapter(path.join(root, "notebooks"));
    out = path.join(root, "out");
    const run = runBuild(["--notebooks", path.join(root, "notebooks"), "--out", out]);
    assert.equal(run.status, 0, `the course build failed:\n${run.stdout}\n${run.stderr}`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  it("saves every widget's state in the executed notebook and embeds html-manager once, with that state", () => {
    const nb = JSON.parse(fs.readFileSync(path.join(out, "01-widgets.ipynb"), "utf8")) as { metadata: { widgets?: Record<string, { state: Record<string, { model_name: string; state: Record<string, unknown> }> }> } };
    const models = Object.values(nb.metadata.widgets?.["application/vnd.jupyter.widget-state+json"]?.state ?? {});
    assert.ok(models.some((m) => m.model_name === "CheckboxModel" && m.state.value === true), "the checkbox as the kernel last set it");
    const html = fs.readFileSync(path.join(out, "01-widgets.html"), "utf8");
    assert.equal(html.split('data-tsdl-library="jupyter-widgets"').length - 1, 1);
    assert.match(html, /<script type="application\/vnd\.jupyter\.widget-state\+json">/);
    assert.doesNotMatch(html, /<script[^>]*\ssrc=/, "every script is inline");
  });

  it("draws the controls with their saved values, offline, with the chart and its PNG under them", async () => {
    const { page, errors, leftTheMachine } = await open(browser, path.join(out, "01-widgets.html"));
    await page.waitForFunction('document.querySelectorAll(".tsdl-widget .widget-subarea").length >= 4', undefined, { timeout: 30_000 });
    await page.waitForFunction('document.querySelectorAll(".tsdl-chart-live").length >= 1', undefined, { timeout: 30_000 });
    assert.deepEqual(await page.locator(".widget-slider .widget-readout").allInnerTexts(), ["0.30", "0.55"]);
    assert.deepEqual(await page.locator(".widget-slider .widget-label").allInnerTexts(), ["η (learning rate)", "β (momentum)"]);
    assert.equal(await page.locator(".widget-checkbox input").isChecked(), true);
    assert.equal(await page.locator(".widget-dropdown select").inputValue(), "adam");
    assert.equal(await page.locator(".widget-text input").inputValue(), "hello");
    assert.equal(await page.locator(".widget-toggle-buttons button.mod-active").innerText(), "b");
    assert.equal(await page.locator("img.widget-image").count(), 1);
    assert.ok(await page.locator(".tsdl-chart img[src^='data:image/png;base64,']").count() >= 1, "the chart keeps its PNG fallback");
    assert.equal(await page.locator(".tsdl-widget-fallback").first().isVisible(), false, "the text stand-in goes once the controls are drawn");
    await page.screenshot({ path: path.join(ARTIFACTS, "widgets.png"), fullPage: true });
    assert.deepEqual(errors, []);
    assert.deepEqual(leftTheMachine, []);
    await page.context().close();
  });

  it("shows the controls as text where scripts do not run", async () => {
    const { page } = await open(browser, path.join(out, "01-widgets.html"), false);
    const texts = await page.locator(".tsdl-widget-fallback").allInnerTexts();
    assert.match(texts[0]!, /^VBox\(children=\(FloatSlider\(value=0\.3, description='η \(learning rate\)'/);
    await page.context().close();
  });

  it("prints the same state in the PDF", () => {
    const r = spawnSync("pdftotext", ["-layout", path.join(out, "01-widgets.pdf"), "-"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /η \(learning rate\)\s+0\.30/);
    assert.match(r.stdout, /β \(momentum\)\s+0\.55/);
    assert.match(r.stdout, /optimizer/);
  });
});
