// How a cell's imports resolve in the browser: the worker's bundle holds tf and tsdl, and nothing else can be
// installed next to a notebook. The browser build puts this module in place of kernel/modules.ts (same exports).
import * as ts from "@tslab/typescript-for-tslab";
import { LocalModules } from "../../kernel/localModules";
import { VIRTUAL_ROOT } from "./typescriptSystem";

/** What the prelude imports, at the paths the declarations pack has them (see kernel/prelude.ts). */
export const PRELUDE_PATHS = { tfjs: `${VIRTUAL_ROOT}/node_modules/@tensorflow/tfjs`, library: `${VIRTUAL_ROOT}/dist/src/index` };

const SHIPPED: Record<string, string> = { "@tensorflow/tfjs": PRELUDE_PATHS.tfjs, tsdl: PRELUDE_PATHS.library };

/** The modules the bundle holds, by every name a cell or the prelude may import them with. */
function bundled(): Map<string, () => unknown> {
  const tf = () => require("@tensorflow/tfjs") as unknown;
  const library = () => require("../../src/index") as unknown;
  return new Map([
    ["@tensorflow/tfjs", tf],
    [PRELUDE_PATHS.tfjs, tf],
    ["tsdl", library],
    [PRELUDE_PATHS.library, library],
  ]);
}

/** The module specifiers a cell imports, with their positions in the source (as kernel/modules.ts finds them). */
export function importedSpecifiers(src: string): { specifier: string; pos: number; end: number }[] {
  return ts.preProcessFile(src, true, true).importedFiles.map((f) => ({ specifier: f.fileName, pos: f.pos + 1, end: f.pos + 1 + f.fileName.length }));
}

/** Imports of tf and tsdl point at their declarations in the pack, so the checker finds their types. */
export function redirectShippedImports(src: string, _rootDir: string): string {
  let out = src;
  for (const e of importedSpecifiers(src).sort((a, b) => b.pos - a.pos)) {
    const target = SHIPPED[e.specifier];
    if (target) out = out.slice(0, e.pos) + target + out.slice(e.end);
  }
  return out;
}

export class CellModules {
  private readonly modules = bundled();
  /** The notebook's own .ts files: none, as the worker has no files to import (kept for the runner's sake). */
  readonly local = new LocalModules();
  readonly require: (id: string) => unknown;

  constructor(readonly rootDir: string) {
    this.require = (id: string) => {
      const load = this.modules.get(id);
      if (!load) throw new Error(`Cannot find module '${id}': the in-browser kernel has @tensorflow/tfjs and tsdl, and cannot install packages`);
      return load();
    };
  }

  async preload(_src: string): Promise<void> {}

  isEsm(_specifier: string): boolean {
    return false;
  }
}
