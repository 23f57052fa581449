// The course's JupyterLite site under test: built by `npm run lite`'s builder, served from loopback by a plain
// static file server (the kind a teacher uses), opened in Chromium with every request that leaves the site
// answered with an error and counted.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { AddressInfo } from "node:net";
import { Browser, BrowserContext, Page } from "playwright-core";
import { buildSite, SITE_DIR } from "../../../lite/build/site";
import { NotebookPage } from "./labPage";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ttf": "font/ttf",
  ".woff2": "font/woff2",
  ".ipynb": "application/json",
};

/** Builds the site (or finds it up to date) and returns its folder. */
export function ensureLiteSite(): string {
  const report = buildSite(SITE_DIR, (line) => console.log(line));
  console.log(`tsdl-lite site: app from ${report.app}, worker from ${report.worker}, ${(report.bytes / 1e6).toFixed(1)} MB, ${report.seconds.toFixed(0)} s`);
  return SITE_DIR;
}

export interface StaticServer {
  origin: string;
  /** Paths requested so far. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Serves `dir` on 127.0.0.1 with a free port, GET and HEAD only, as `python3 -m http.server` does: no
 * compression. With `isolated`, it adds the cross-origin isolation headers that give tfjs's wasm threads.
 */
export async function serveStatic(dir: string, options: { isolated?: boolean } = {}): Promise<StaticServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push(url.pathname);
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir)) return void res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return void res.writeHead(404).end("not found");
    const headers: Record<string, string | number> = { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream", "Content-Length": fs.statSync(file).size };
    if (options.isolated) Object.assign(headers, { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" });
    res.writeHead(200, headers);
    if (req.method === "HEAD") return void res.end();
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A browser context whose requests outside `origin` are refused and listed. */
export async function siteContext(browser: Browser, origin: string): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const outside: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    outside.push(url);
    return route.abort();
  });
  return { context, outside };
}

/** Opens a notebook of the site and waits until its tsdl-lite kernel is idle. */
export async function openLiteNotebook(page: Page, origin: string, name: string): Promise<NotebookPage> {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/lab/index.html?path=${encodeURIComponent(name)}`);
  await page.locator("body[data-tsdl-lab-ready]").waitFor({ state: "attached", timeout: 120_000 });
  const nb = new NotebookPage(page, name);
  await nb.panel.locator(".jp-Toolbar-kernelName", { hasText: "TypeScript (tsdl-lite)" }).waitFor({ timeout: 60_000 });
  await nb.waitForIdle(120_000);
  if (errors.length > 0) throw new Error(`${name}: the page threw while loading: ${errors.join("; ")}`);
  return nb;
}

/** The open notebook as nbformat JSON, outputs included, read from the app's model. */
export async function notebookJson(page: Page): Promise<{ cells: { cell_type: string; source: string | string[]; outputs?: Record<string, unknown>[] }[] }> {
  return page.evaluate(() => {
    const app = (globalThis as unknown as { jupyterapp: { shell: { currentWidget: { context: { model: { toJSON(): unknown } } } } } }).jupyterapp;
    return app.shell.currentWidget.context.model.toJSON() as never;
  });
}
