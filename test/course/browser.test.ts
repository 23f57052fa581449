// The exported course in a real browser (Debian's Chromium through playwright-core): every chart renders,
// nothing logs an error, no request leaves the machine, and the PNGs stand in when scripts do not run.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { Browser, Page, chromium } from "playwright-core";
import { ARTIFACTS, chartKinds, fixtureCourse } from "./fixtureCourse";
import { unlessInstalled } from "../support/tools";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

interface Visit {
  page: Page;
  consoleErrors: string[];
  /** Every request for anything but a file: or data: URL; each was aborted. */
  leftTheMachine: string[];
}

/** Opens a file with every request intercepted: only file: and data: URLs may load. */
async function visit(browser: Browser, file: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const leftTheMachine: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`uncaught: ${e.message}`));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    leftTheMachine.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  return { page, consoleErrors, leftTheMachine };
}

describe("the exported course in Chromium", { skip: unlessInstalled(CHROMIUM, fs.existsSync(CHROMIUM)) }, () => {
  let browser: Browser;
  let outDir: string;
  let chapters: string[];

  before(async () => {
    outDir = fixtureCourse().outDir;
    chapters = fs.readdirSync(outDir).filter((f) => f.endsWith(".html") && f !== "index.html" && f !== "glossary.html").sort();
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    await browser?.close();
  });

  it("opens index.html with a working link to every chapter, no console error and no request off the machine", async () => {
    const { page, consoleErrors, leftTheMachine } = await visit(browser, path.join(outDir, "index.html"));
    const links = await page.$$eval(".chapter h2 a", (as) => as.map((a) => a.getAttribute("href")!));
    assert.deepEqual(links, chapters);
    await page.screenshot({ path: path.join(ARTIFACTS, "index.png"), fullPage: true });
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(leftTheMachine, []);
    await page.context().close();
  });

  it("opens the glossary with no console error and no request off the machine, and each of its links lands on the section it names", async () => {
    const { page, consoleErrors, leftTheMachine } = await visit(browser, path.join(outDir, "glossary.html"));
    const links = await page.$$eval("table.glossary a", (as) => as.map((a) => a.getAttribute("href")!));
    assert.ok(links.length >= 2, links.join(" "));
    for (const href of new Set(links)) {
      const [file, anchor] = href.split("#");
      const target = await visit(browser, path.join(outDir, file!));
      const found = await target.page.evaluate(`document.getElementById(${JSON.stringify(decodeURIComponent(anchor ?? ""))}) !== null`);
      assert.ok(found, `${href}: no element with that id`);
      await target.page.context().close();
    }
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(leftTheMachine, []);
    await page.context().close();
  });

  it("renders every chart of every chapter as a vega view or a plotly graph, offline and without errors", async () => {
    assert.ok(chapters.length >= 2, `chapters expected in ${outDir}`);
    for (const chapter of chapters) {
      const expected = chartKinds(path.join(outDir, chapter.replace(/\.html$/, ".ipynb")));
      const { page, consoleErrors, leftTheMachine } = await visit(browser, path.join(outDir, chapter));
      await page.waitForFunction(`document.querySelectorAll(".tsdl-chart.tsdl-chart-live").length >= ${expected.length}`, undefined, { timeout: 30_000 }).catch(() => undefined);
      const rendered = [];
      for (const chart of await page.locator(".tsdl-chart").all()) {
        rendered.push({
          kind: await chart.getAttribute("data-tsdl-chart"),
          vega: (await chart.locator(".vega-embed canvas, .vega-embed svg").count()) > 0,
          plotly: (await chart.locator(".js-plotly-plot .main-svg").count()) > 0,
          fallbackHidden: !(await chart.locator(".tsdl-chart-fallback").isVisible()),
        });
      }
      await page.screenshot({ path: path.join(ARTIFACTS, chapter.replace(/\.html$/, ".png")), fullPage: true });
      assert.deepEqual(
        rendered.map((r) => r.kind),
        expected,
        `${chapter}: one chart per chart output`,
      );
      for (const [i, r] of rendered.entries()) {
        assert.ok(r.kind === "plotly" ? r.plotly : r.vega, `${chapter}: chart ${i + 1} (${r.kind}) rendered`);
        assert.ok(r.fallbackHidden, `${chapter}: chart ${i + 1} hides its PNG once rendered`);
      }
      assert.deepEqual(consoleErrors, [], `${chapter}: console errors`);
      assert.deepEqual(leftTheMachine, [], `${chapter}: requests that left the machine`);
      await page.context().close();
    }
  });

  it("shows each chart's PNG when scripts do not run", async () => {
    const { page, leftTheMachine } = await visit(browser, path.join(outDir, "01-charts.html"), { javaScriptEnabled: false });
    const fallbacks = [];
    for (const img of await page.locator(".tsdl-chart-fallback img").all()) {
      const decoded = await img.evaluate((el) => {
        const image = el as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });
      fallbacks.push({ decoded, visible: await img.isVisible() });
    }
    await page.screenshot({ path: path.join(ARTIFACTS, "01-charts-no-script.png"), fullPage: true });
    assert.equal(fallbacks.length, 4);
    assert.ok(fallbacks.every((f) => f.decoded && f.visible), JSON.stringify(fallbacks));
    assert.deepEqual(leftTheMachine, []);
    await page.context().close();
  });

  it("typesets TeX in Markdown as MathML, loading nothing", async () => {
    const { page, consoleErrors, leftTheMachine } = await visit(browser, path.join(outDir, "02-text.html"));
    await page.waitForFunction("document.querySelectorAll('math').length >= 3", undefined, { timeout: 30_000 }).catch(() => undefined);
    assert.equal(await page.locator("math").count(), 3, "two inline formulas and one display formula");
    const prose = await page.locator(".jp-MarkdownCell", { hasText: "The sigmoid" }).innerText();
    assert.ok(!/\\frac|\$/.test(prose), `TeX left in: ${prose}`);
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(leftTheMachine, []);
    await page.context().close();
  });

  it("draws SVG outputs, kept as images", async () => {
    const { page, consoleErrors } = await visit(browser, path.join(outDir, "01-charts.html"));
    const width = await page.locator('.jp-RenderedSVG img[alt="a circle"]').evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
    assert.equal(width, 120);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
});
