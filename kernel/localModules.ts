// The notebook's own .ts files at run time: a cell's `import { f } from "./helpers"` loads the CommonJS
// the cell compiler made of helpers.ts (and of the files it imports). A file is evaluated once per
// compiled version, so an edit shows in the next cell that imports it, as in tslab.
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { LocalModule } from "./cellCompiler";

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", "/index.ts", "/index.tsx", "/index.js"];

function isPathSpecifier(id: string): boolean {
  return id.startsWith("./") || id.startsWith("../") || id === "." || id === ".." || path.isAbsolute(id);
}

interface Loaded {
  js: string;
  module: { exports: unknown };
}

export class LocalModules {
  private readonly compiled = new Map<string, string>();
  private readonly loaded = new Map<string, Loaded>();

  /** Records the compiled output of files a cell imports; a changed file is evaluated again when next required. */
  update(modules: readonly LocalModule[]): void {
    for (const m of modules) this.compiled.set(m.fileName, m.js);
  }

  /** The compiled file `id` names from `dir`, if it is one of the notebook's own. */
  resolve(id: string, dir: string): string | undefined {
    if (!isPathSpecifier(id) || this.compiled.size === 0) return undefined;
    const base = path.resolve(dir, id);
    return EXTENSIONS.map((ext) => base + ext).find((f) => this.compiled.has(f));
  }

  /** Loads a compiled file; its own imports of local files load the same way, others through Node. */
  load(fileName: string): unknown {
    const js = this.compiled.get(fileName)!;
    const cached = this.loaded.get(fileName);
    if (cached?.js === js) return cached.module.exports;
    const module = { exports: {} as unknown };
    // Registered before it runs, so that two files importing each other see each other's partial exports.
    this.loaded.set(fileName, { js, module });
    const dir = path.dirname(fileName);
    const nodeRequire = createRequire(fileName);
    const require = (id: string) => {
      const local = this.resolve(id, dir);
      return local ? this.load(local) : nodeRequire(id);
    };
    const run = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) { ${js}\n})`, { filename: fileName }) as (...args: unknown[]) => void;
    try {
      run(module.exports, require, module, fileName, dir);
    } catch (e) {
      this.loaded.delete(fileName);
      throw e;
    }
    return module.exports;
  }
}
