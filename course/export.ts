// Exports an executed notebook to a self-contained HTML page with nbconvert and our tsdl template
// (course/templates/tsdl, which extends JupyterLab's), via course/python/export_html.py.
import { spawn } from "node:child_process";
import path from "node:path";
import { ChapterLink } from "./chapters";
import { chartLibraries, widgetLibrary } from "./libraries";
import { PYTHON, PYTHON_DIR, TEMPLATES_DIR } from "./paths";

export interface PageOptions {
  /** The page's <title>. */
  title: string;
  /** A line at the foot of the page, e.g. how long the chapter took to run. */
  footer?: string;
  /** Link back to the course index, relative to the page. */
  indexHref?: string;
  /** The chapters before and after this one. */
  prev?: ChapterLink;
  next?: ChapterLink;
}

/** Where Debian's libjs-mathjax puts MathJax 2, which turns a page's TeX into MathML. */
export const MATHJAX_DIR = "/usr/share/javascript/mathjax";

/** Writes `html` from the executed notebook `ipynb`; resolves to the exporter's warnings. */
export function exportHtml(ipynb: string, html: string, page: PageOptions): Promise<string[]> {
  const config = {
    templates: TEMPLATES_DIR,
    title: page.title,
    footer: page.footer ?? "",
    index_href: page.indexHref ?? "",
    prev: page.prev ?? null,
    next: page.next ?? null,
    libraries: { ...chartLibraries(), "jupyter-widgets": widgetLibrary() },
    mathjax: MATHJAX_DIR,
  };
  const child = spawn(PYTHON, [path.join(PYTHON_DIR, "export_html.py"), ipynb, html, JSON.stringify(config)], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (output += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (output += c));
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`course: could not run ${PYTHON} for nbconvert: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(output.split("\n").filter((l) => l.startsWith("warning: ")).map((l) => `course: ${l.slice("warning: ".length)}`));
      else reject(new Error(`course: exporting ${path.basename(ipynb)} to HTML failed (exit ${code}):\n${output.trim().split("\n").slice(-15).join("\n")}`));
    });
  });
}
