// How a cell's imports resolve: the notebook's own .ts files (compiled with the cell), packages next to
// the notebook, then the ones tsdl ships (so notebooks in any folder find tf and tsdl), ESM-only packages
// through a real import(), and "tslab" as tslab's display API served by tsdl.
import fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import * as ts from "@tslab/typescript-for-tslab";
import { LocalModules } from "./localModules";
import { tslabApi } from "./tslabApi";

const TSDL_ROOT = path.resolve(__dirname, "..", "..");
const TSDL_LIBRARY = path.join(TSDL_ROOT, "dist", "src", "index");
const ownRequire = createRequire(path.join(TSDL_ROOT, "package.json"));
const TSLAB_PACKAGE = path.dirname(ownRequire.resolve("tslab/package.json"));
const TSLAB_VERSION = (ownRequire("tslab/package.json") as { version: string }).version;
const ESM_ERRORS = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE", "ERR_PACKAGE_PATH_NOT_EXPORTED"]);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export function isBareSpecifier(specifier: string): boolean {
  return !/^(\.{1,2}\/|\/|[A-Za-z]:[\\/]|node:)/.test(specifier) && !builtinModules.includes(specifier);
}

/** The module specifiers a cell imports (static, dynamic, require), with their positions in the source. */
export function importedSpecifiers(src: string): { specifier: string; pos: number; end: number }[] {
  return ts
    .preProcessFile(src, true, true)
    // TypeScript reports pos at the opening quote and end as pos + the name's length.
    .importedFiles.map((f) => ({ specifier: f.fileName, pos: f.pos + 1, end: f.pos + 1 + f.fileName.length }));
}

function hasLocalPackage(rootDir: string, name: string): boolean {
  for (let dir = rootDir; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "node_modules", name, "package.json"))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

/** Where tsdl's own copy of a package is, for packages the notebook's folder does not have. */
function shippedLocation(specifier: string): string | undefined {
  if (specifier === "tsdl") return TSDL_LIBRARY;
  const name = packageName(specifier);
  try {
    const dir = path.dirname(ownRequire.resolve(`${name}/package.json`));
    return dir + specifier.slice(name.length);
  } catch {
    return undefined;
  }
}

/**
 * Rewrites imports of packages missing next to the notebook but shipped with tsdl to absolute
 * paths, so both the type checker and `require` find them. Line numbers are kept.
 */
export function redirectShippedImports(src: string, rootDir: string): string {
  const edits = importedSpecifiers(src)
    .filter(({ specifier }) => isBareSpecifier(specifier) && !hasLocalPackage(rootDir, packageName(specifier)))
    .map((imp) => ({ ...imp, target: shippedLocation(imp.specifier) }))
    .filter((e): e is typeof e & { target: string } => e.target !== undefined)
    .sort((a, b) => b.pos - a.pos);
  let out = src;
  for (const e of edits) out = out.slice(0, e.pos) + JSON.stringify(e.target).slice(1, -1) + out.slice(e.end);
  return out;
}

/** The `require` cells use, which also serves the notebook's own files and ESM-only packages loaded beforehand. */
export class CellModules {
  private readonly base: NodeJS.Require;
  private readonly esm = new Map<string, unknown>();
  private readonly importFrom: (specifier: string) => Promise<unknown>;
  readonly local = new LocalModules();
  readonly require: (id: string) => unknown;

  constructor(readonly rootDir: string) {
    this.base = createRequire(path.join(rootDir, "__tsdl_cell__.js"));
    // A real import() resolved from the notebook's folder (vm code has no import() of its own).
    this.importFrom = vm.runInThisContext("(s) => import(s)", {
      filename: path.join(rootDir, "__tsdl_import__.js"),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as vm.RunningScriptOptions) as (s: string) => Promise<unknown>;
    let tslab: unknown;
    this.require = (id: string) => {
      if (id === "tslab" || id === TSLAB_PACKAGE) return (tslab ??= tslabApi({ tslab: TSLAB_VERSION, typescript: ts.version, node: process.version }));
      const local = this.local.resolve(id, rootDir);
      if (local) return this.local.load(local);
      if (this.esm.has(id)) return this.esm.get(id);
      return this.base(id);
    };
  }

  /** Loads the ESM-only packages a cell imports with import(), so that its compiled require() finds them. */
  async preload(src: string): Promise<void> {
    for (const { specifier } of importedSpecifiers(src)) {
      if (!isBareSpecifier(specifier) || specifier === "tslab" || this.esm.has(specifier)) continue;
      try {
        this.base(specifier);
      } catch (e) {
        if (!ESM_ERRORS.has((e as NodeJS.ErrnoException).code ?? "")) continue;
        const namespace = (await this.importFrom(specifier)) as object;
        // Compiled cells read `default` through __importDefault, which needs the __esModule mark.
        this.esm.set(specifier, Object.defineProperty({ ...namespace }, "__esModule", { value: true }));
      }
    }
  }

  isEsm(specifier: string): boolean {
    return this.esm.has(specifier);
  }
}

// vm's default-loader option is still flagged experimental in Node 20; its warning would land in a cell.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === "string" ? warning : warning.message;
  if (/USE_MAIN_CONTEXT_DEFAULT_LOADER/.test(text)) return;
  (emitWarning as (...a: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
