// The browser builds of the chart libraries a course page embeds, and of the widget renderer
// (@jupyter-widgets/html-manager, which draws widgets from their saved state), from the installed npm packages.
import fs from "node:fs";
import path from "node:path";

export type ChartLibrary = "vega" | "vega-lite" | "vega-embed" | "plotly";

const BUILDS: Record<ChartLibrary, [pkg: string, file: string]> = {
  vega: ["vega", "build/vega.min.js"],
  "vega-lite": ["vega-lite", "build/vega-lite.min.js"],
  "vega-embed": ["vega-embed", "build/vega-embed.min.js"],
  plotly: ["plotly.js-dist-min", "plotly.min.js"],
};

/** The minified UMD file of each chart library. */
export function chartLibraries(): Record<ChartLibrary, string> {
  const found = {} as Record<ChartLibrary, string>;
  for (const [name, [pkg, file]] of Object.entries(BUILDS) as [ChartLibrary, [string, string]][]) {
    // Not require.resolve(`${pkg}/package.json`): packages with an `exports` map (vega-embed) hide it.
    const dir = (require.resolve.paths(pkg) ?? []).map((d) => path.join(d, pkg)).find((d) => fs.existsSync(path.join(d, "package.json")));
    if (!dir) throw new Error(`course: expected the npm package ${pkg} (for ${name} charts) to be installed; run npm ci`);
    const full = path.join(dir, file);
    if (!fs.existsSync(full)) throw new Error(`course: expected ${pkg} to ship ${file}; it is missing from ${dir}`);
    found[name] = full;
  }
  return found;
}

/** html-manager's standalone embed bundle, which draws a page's widgets from the notebook's saved state. */
export function widgetLibrary(): string {
  const pkg = "@jupyter-widgets/html-manager";
  const dir = (require.resolve.paths(pkg) ?? []).map((d) => path.join(d, pkg)).find((d) => fs.existsSync(path.join(d, "package.json")));
  if (!dir) throw new Error(`course: expected the npm package ${pkg} (for widgets) to be installed; run npm ci`);
  const full = path.join(dir, "dist", "embed.js");
  if (!fs.existsSync(full)) throw new Error(`course: expected ${pkg} to ship dist/embed.js; it is missing from ${dir}`);
  return full;
}
