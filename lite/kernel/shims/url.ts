// node:url for the browser build, as far as Emscripten's glue (Graphviz's, from @viz-js/viz) uses it to name
// its own script: a path as a file: URL. Its WebAssembly is embedded, so the name is never fetched.
export function pathToFileURL(file: string): URL {
  return new URL(`file://${file.startsWith("/") ? "" : "/"}${file}`);
}

export default { pathToFileURL };
