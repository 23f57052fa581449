// Debian's Chromium through playwright-core, as every browser test launches it, and a page opened with
// every request intercepted, for exported pages that must load nothing from outside.
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import { Browser, chromium, Page } from "playwright-core";
import { unlessInstalled } from "./tools";

export const CHROMIUM = "/usr/bin/chromium";

/** For a suite's `skip` option: false when Chromium is installed (and, in CI, a failing test when not). */
export const unlessChromium = (): string | false => unlessInstalled(CHROMIUM, fs.existsSync(CHROMIUM));

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
}

export interface OfflineVisit {
  page: Page;
  /** Console errors and uncaught exceptions (`uncaught: …`). */
  errors: string[];
  /** Every request for anything but a file: or data: URL; each was aborted. */
  leftTheMachine: string[];
}

/** Opens a local file with every request intercepted: only file: and data: URLs may load. */
export async function openOffline(browser: Browser, file: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<OfflineVisit> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: 900 }, javaScriptEnabled: options.javaScriptEnabled ?? true });
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
