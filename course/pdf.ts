// Prints a course page to PDF with headless Chromium's --print-to-pdf.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** The Chromium binary to print with: `explicit` if given and present, else the first one found; undefined if none. */
export function findChromium(explicit?: string): string | undefined {
  const names = explicit ? [explicit] : CANDIDATES;
  for (const name of names) {
    const found = name.includes("/") ? (isExecutable(name) ? name : undefined) : onPath(name);
    if (found) return found;
  }
  return undefined;
}

/** Why there will be no PDFs, for the build's output. */
export function noChromiumMessage(explicit?: string): string {
  const looked = explicit ? explicit : CANDIDATES.join(", ");
  return `course: Chromium not found (looked for ${looked}); skipping the PDFs. Install chromium, pass --chromium PATH, or pass --no-pdf.`;
}

const SCRIPTS: { lang: string; name: string; chars: RegExp; package: string }[] = [
  { lang: "ko", name: "Korean", chars: /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/, package: "fonts-nanum or fonts-noto-cjk" },
  { lang: "ja", name: "Japanese", chars: /[\u3040-\u30ff]/, package: "fonts-noto-cjk" },
  { lang: "zh", name: "Chinese", chars: /[\u4e00-\u9fff]/, package: "fonts-noto-cjk" },
];

/**
 * A warning when the chapters use a script that no installed font covers: Chromium would print its
 * characters as empty boxes. Undefined when all is well or fontconfig cannot tell.
 */
export function missingFontsMessage(text: string): string | undefined {
  const missing = SCRIPTS.filter((s) => s.chars.test(text)).filter((s) => {
    const r = spawnSync("fc-list", [`:lang=${s.lang}`, "family"], { encoding: "utf8" });
    return !r.error && r.status === 0 && r.stdout.trim() === "";
  });
  if (missing.length === 0) return undefined;
  return `course: no ${missing.map((s) => s.name).join(" or ")} font is installed, so the PDFs will print those characters as boxes (install ${[...new Set(missing.map((s) => s.package))].join(", ")}).`;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Prints `html` to `pdf`; rejects naming the page when Chromium fails or writes nothing. */
export async function printPdf(chromium: string, html: string, pdf: string, timeoutMs = 180_000): Promise<void> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-chromium-"));
  fs.rmSync(pdf, { force: true });
  // Printed beside, then renamed: a killed Chromium leaves no half PDF under the real name.
  const partial = `${pdf}.${process.pid}.partial`;
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    `--user-data-dir=${profile}`,
    "--no-pdf-header-footer",
    // Print once the page's timers have run, so that MathJax has typeset its math.
    "--virtual-time-budget=10000",
    `--print-to-pdf=${partial}`,
    pathToFileURL(html).href,
  ];
  try {
    const { code, output } = await run(chromium, args, timeoutMs);
    if (!fs.existsSync(partial) || fs.statSync(partial).size === 0) {
      throw new Error(`course: Chromium did not print ${path.basename(html)} to PDF (exit ${code}): ${output.trim().split("\n").slice(-5).join("\n")}`);
    }
    fs.renameSync(partial, pdf);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve, reject) => {
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`course: could not run ${command}: ${e.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
