// The prelude: the first, hidden cell of every session. It puts `tf`, `tsdl` and every
// helper in scope, typed, so completion and inspection work without an import.
import path from "node:path";

/** Absolute module paths, so notebooks in any folder find our copies. */
export interface PreludePaths {
  tfjs: string;
  library: string;
}

export function defaultPreludePaths(): PreludePaths {
  return {
    tfjs: path.dirname(require.resolve("@tensorflow/tfjs/package.json")),
    library: path.resolve(__dirname, "..", "src", "index"),
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The prelude's source: pure, from the paths and the library's runtime export names. */
export function preludeSource(paths: PreludePaths, libraryExports: string[]): string {
  const names = libraryExports.filter((n) => IDENTIFIER.test(n) && n !== "default" && n !== "tf" && n !== "tsdl").sort();
  return [
    `import * as tf from ${JSON.stringify(paths.tfjs)};`,
    `import * as tsdl from ${JSON.stringify(paths.library)};`,
    names.length ? `import { ${names.join(", ")} } from ${JSON.stringify(paths.library)};` : "",
  ].join("\n");
}
