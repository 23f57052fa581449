// Drives a notebook in the e2e JupyterLab the way a student does: click, type, Shift+Enter, toolbar, menus.
import fs from "node:fs";
import path from "node:path";
import { Browser, chromium, Locator, Page } from "playwright-core";
import { REPO_ROOT } from "../../support/jupyter";
import { LabServer } from "./labServer";

/** Screenshots land here, kept as test artifacts (gitignored). */
export const ARTIFACTS_DIR = path.join(REPO_ROOT, "test-artifacts", "jupyterlab");

export { launchChromium } from "../../support/browser";

/** A notebook of code cells in the tsdl kernel, as a .ipynb object. */
export function tsdlNotebook(cells: string[]): Record<string, unknown> {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" } },
    cells: cells.map((source, i) => ({ id: `cell-${i}`, cell_type: "code", source, metadata: {}, outputs: [], execution_count: null })),
  };
}

/** One open notebook tab. */
export class NotebookPage {
  /** A notebook already open in `page` (open() opens one in a JupyterLab server). */
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  /** Opens NAME.ipynb with ?reset and waits until its tsdl kernel is idle. */
  static async open(browser: Browser, server: LabServer, name: string): Promise<NotebookPage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.notebookUrl(name));
    const nb = await NotebookPage.attach(page, name);
    if (errors.length > 0) throw new Error(`${name}: the page threw while loading: ${errors.join("; ")}`);
    return nb;
  }

  /** The notebook NAME opened (or being opened) in a page of the lab: waits until its tsdl kernel is idle. */
  static async attach(page: Page, name: string, timeoutMs = 60_000): Promise<NotebookPage> {
    await page.locator("body[data-tsdl-lab-ready]").waitFor({ state: "attached", timeout: timeoutMs });
    const nb = new NotebookPage(page, name);
    await nb.panel.locator(".jp-Toolbar-kernelName", { hasText: "TypeScript (tsdl)" }).waitFor({ timeout: timeoutMs / 2 });
    await nb.waitForIdle(timeoutMs);
    return nb;
  }

  get panel(): Locator {
    return this.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");
  }

  cell(index: number): Locator {
    return this.panel.locator(".jp-Notebook .jp-Cell").nth(index);
  }

  editor(index: number): Locator {
    return this.cell(index).locator(".cm-content");
  }

  /** The rendered outputs of a cell. */
  outputs(index: number): Locator {
    return this.cell(index).locator(".jp-OutputArea-output");
  }

  async waitForIdle(timeoutMs = 30_000): Promise<void> {
    await this.panel.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').waitFor({ timeout: timeoutMs });
  }

  /** The input prompt of a cell, e.g. "[3]:", "[*]:" or "[ ]:". */
  async prompt(index: number): Promise<string> {
    return (await this.cell(index).locator(".jp-InputArea-prompt").innerText()).trim();
  }

  /** Selects a cell by clicking its editor and presses Shift+Enter; does not wait for the result. */
  async shiftEnter(index: number): Promise<void> {
    await this.editor(index).click();
    await this.page.keyboard.press("Shift+Enter");
  }

  /** Waits until a cell's prompt shows an execution count, i.e. it ran to the end. */
  async waitForExecuted(index: number, timeoutMs = 60_000): Promise<string> {
    const prompt = this.cell(index).locator(".jp-InputArea-prompt");
    await prompt.filter({ hasText: /\[\d+\]/ }).waitFor({ timeout: timeoutMs });
    return (await prompt.innerText()).trim();
  }

  /** Shift+Enter on a cell, then waits for it to finish; returns the text of its outputs. */
  async run(index: number, timeoutMs = 60_000): Promise<string> {
    await this.shiftEnter(index);
    await this.waitForExecuted(index, timeoutMs);
    return this.outputText(index);
  }

  async outputText(index: number): Promise<string> {
    return (await this.outputs(index).allInnerTexts()).join("\n");
  }

  /** Replaces a cell's source by typing, as a student would (one line, so no auto-indent interferes). */
  async typeInto(index: number, text: string): Promise<void> {
    await this.editor(index).click();
    await this.page.keyboard.press("Control+A");
    await this.page.keyboard.press("Backspace");
    await this.page.keyboard.type(text);
  }

  /** Saves a screenshot of the page as test-artifacts/jupyterlab/NAME.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const file = path.join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * Opens a notebook for one scenario; on failure keeps a screenshot of what the page showed. Afterwards it
 * shuts the server's kernels down: idle kernels of finished scenarios would only hold memory on a small CI machine.
 */
export async function withNotebook(browser: Browser, server: LabServer, name: string, scenario: (nb: NotebookPage) => Promise<void>): Promise<void> {
  const nb = await NotebookPage.open(browser, server, name);
  try {
    await scenario(nb);
  } catch (e) {
    await nb.screenshot(`FAILED-${name.replace(/\.ipynb$/, "")}`).catch(() => undefined);
    throw e;
  } finally {
    await nb.close();
    await server.shutdownKernels();
  }
}
