// The interactive side of chart bundles: the vega-lite specs render with vega-embed and the
// plotly figure with plotly.js in a real (headless) Chromium, as JupyterLab and VS Code do.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, Browser, Page } from "playwright-core";
import { displaySymbol } from "../../src/display/bundle";
import { Chart, confusionMatrix, contourPlot, linePlot, plotHistory, scatterPlot, surfacePlot } from "../../src/charts";
import { unlessInstalled } from "../support/tools";

const CHROMIUM = "/usr/bin/chromium";
const MODULES = path.dirname(path.dirname(require.resolve("vega/package.json")));
const SCRIPTS = ["vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js", "plotly.js-dist-min/plotly.min.js"];

describe("chart bundles in a browser", { skip: unlessInstalled(CHROMIUM, fs.existsSync(CHROMIUM)) }, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
    page = await browser.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
    await page.setContent("<html><body><div id=chart></div></body></html>");
    for (const script of SCRIPTS) await page.addScriptTag({ path: path.join(MODULES, script) });
  });
  after(async () => browser?.close());

  const path2: Array<[number, number]> = [[1.8, 1.6], [1.4, 0.1], [0.9, 0]];
  const charts: Record<string, () => Chart> = {
    plotHistory: () => plotHistory({ loss: [1, 0.5, NaN, 0.3], val_loss: [1.1, 0.6, 0.5, 0.45], acc: [0.5, 0.7, 0.8, 0.85] }),
    linePlot: () => linePlot([{ name: "a", x: [0, 1, 2], y: [0, 1, 4] }, { name: "b", x: [0, 1, 2], y: [1, NaN, 2] }]),
    scatterPlot: () => scatterPlot([{ name: "s", points: [[0, 0], [1, 1]], color: [0, 1] }, { name: "t", points: [[2, 0]], color: [1] }]),
    contourPlot: () => contourPlot((x, y) => x * x + 5 * y * y, { x: [-2, 2], y: [-2, 2], path: path2 }),
    confusionMatrix: () => confusionMatrix([0, 1, 2, 1], [0, 1, 1, 1]),
  };
  for (const [name, make] of Object.entries(charts)) {
    it(`${name}'s spec renders with vega-embed, without errors`, async () => {
      errors.length = 0;
      // Browser-side code as text: this project compiles without the DOM typings.
      const marks = await page.evaluate<number>(`(async (spec) => {
        const el = document.getElementById("chart");
        el.innerHTML = "";
        await vegaEmbed(el, spec, { actions: false, renderer: "svg" });
        return el.querySelectorAll("svg .mark-text, svg path, svg image").length;
      })(${JSON.stringify(make().spec)})`);
      assert.deepEqual(errors, []);
      assert.ok(marks > 5, `marks drawn, got ${marks}`);
    });
  }

  it("surfacePlot's plotly figure renders with plotly.js", async () => {
    errors.length = 0;
    const figure = surfacePlot((x, y) => x * x + 5 * y * y, { x: [-2, 2], y: [-2, 2], steps: 20, path: path2 })[displaySymbol]()["application/vnd.plotly.v1+json"];
    const traces = await page.evaluate<number>(`(async (fig) => {
      const el = document.getElementById("chart");
      el.innerHTML = "";
      const gd = await Plotly.newPlot(el, fig.data, fig.layout);
      return gd._fullData.length;
    })(${JSON.stringify(figure)})`);
    assert.deepEqual(errors.filter((e) => !/WebGL|GL Driver|willReadFrequently/.test(e)), []);
    assert.equal(traces, 2, "the surface and the path");
  });
});
