// Chapter 3's explorer as a student uses it, in any JupyterLab with the Jupyter widgets manager (the e2e
// JupyterLab on the Node kernel, the JupyterLite site on the in-browser kernel): its cells, and a drag of
// the learning-rate slider with screenshots of the chart before and after.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Locator } from "playwright-core";
import { PNG } from "pngjs";
import { REPO_ROOT } from "../../support/jupyter";
import type { NotebookPage } from "./labPage";

/** Chapter 3's own cells: the valley and its start, then the explorer, read from the committed notebook. */
export function chapter3Cells(): string[] {
  const nb = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "notebooks", "03-gradient-descent.ipynb"), "utf8")) as { cells: { id: string; source: string[] | string }[] };
  const source = (c: { source: string[] | string }) => (Array.isArray(c.source) ? c.source.join("") : c.source);
  const valley = nb.cells.find((c) => source(c).startsWith("const valley ="));
  const explorer = nb.cells.find((c) => c.id === "explore-descent");
  assert.ok(valley && explorer, "chapter 3 defines the valley and has the explorer cell");
  return [source(valley), source(explorer)];
}

/** The share of pixels that differ between two PNG screenshots of the same size (1 when the sizes differ). */
export function changedShare(a: Buffer, b: Buffer): number {
  const x = PNG.sync.read(a);
  const y = PNG.sync.read(b);
  if (x.width !== y.width || x.height !== y.height) return 1;
  let changed = 0;
  for (let i = 0; i < x.data.length; i += 4) {
    if (Math.abs(x.data[i]! - y.data[i]!) + Math.abs(x.data[i + 1]! - y.data[i + 1]!) + Math.abs(x.data[i + 2]! - y.data[i + 2]!) > 30) changed++;
  }
  return changed / (x.width * x.height);
}

export async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** A screenshot of an element once two in a row agree: the chart has finished drawing (each update replaces it). */
export async function settledShot(element: Locator, timeoutMs = 30_000): Promise<Buffer> {
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

export interface ExplorerDrag {
  /** The slider's readout before and after the drag. */
  readoutBefore: string;
  readoutAfter: number;
  /** The share of the chart's pixels that changed. */
  share: number;
  /** How many charts the cell shows after the drag (an update in place keeps one). */
  charts: number;
}

/**
 * With the explorer shown under `cell`, drags the learning-rate handle a third of its rail to the right, as a
 * student would, and polls the chart's picture until it differs (or 30 s pass). Screenshots go under `label`.
 */
export async function dragLearningRate(nb: NotebookPage, cell: number, label: string): Promise<ExplorerDrag> {
  const out = nb.cell(cell);
  const lr = out.locator(".widget-slider").first();
  await lr.waitFor({ timeout: 60_000 });
  const readoutBefore = await lr.locator(".widget-readout").innerText();
  const chart = out.locator(".jp-RenderedVegaLite .vega-embed");
  await chart.locator("canvas").waitFor({ timeout: 60_000 });
  const before = await settledShot(chart);
  await nb.screenshot(`${label}-before`);

  const handle = lr.locator(".noUi-handle");
  const rail = await lr.locator(".noUi-base, .noUi-target").first().boundingBox();
  const box = await handle.boundingBox();
  assert.ok(box && rail, "the slider is on screen");
  await nb.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await nb.page.mouse.down();
  for (let i = 1; i <= 10; i++) await nb.page.mouse.move(box.x + box.width / 2 + (rail.width / 3) * (i / 10), box.y + box.height / 2, { steps: 2 });
  await nb.page.mouse.up();
  const readoutAfter = Number(await lr.locator(".widget-readout").innerText());

  let share = 0;
  let after = before;
  for (const deadline = Date.now() + 30_000; share < 0.01 && Date.now() < deadline; ) {
    await sleep(300);
    after = await settledShot(chart, 10_000);
    share = changedShare(before, after);
  }
  const shots = path.dirname(await nb.screenshot(`${label}-after`));
  fs.writeFileSync(path.join(shots, `${label}-chart-before.png`), before);
  fs.writeFileSync(path.join(shots, `${label}-chart-after.png`), after);
  return { readoutBefore, readoutAfter, share, charts: await out.locator(".jp-RenderedVegaLite").count() };
}

/** What a drag of the learning-rate slider from 0.10 must show: the readout moved, the one chart redrawn in place. */
export function assertRedrawn(drag: ExplorerDrag): void {
  assert.equal(drag.readoutBefore, "0.10");
  assert.ok(drag.readoutAfter > 0.2, `the readout moved with the handle: ${drag.readoutAfter}`);
  assert.ok(drag.share >= 0.01, `the chart changed after the drag (${(drag.share * 100).toFixed(2)}% of its pixels)`);
  assert.equal(drag.charts, 1, "updated in place: still one chart under the controls");
}
