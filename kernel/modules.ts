// How a cell's imports resolve: packages next to the notebook first, then the ones tsdl ships
// (so notebooks in any folder find tf and tsdl), and ESM-only packages through a real import().
import fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import * as ts from "@tslab/typescript-for-tslab";

const TSDL_ROOT = path.resolve(__dirname, "..", "..");
const TSDL_LIBRARY = path.join(TSDL_ROOT, "dist", "src", "index");
const ownRequire = createRequire(path.join(TSDL_ROOT, "package.json"));
const ESM_ERRORS = new Set(["ERR_REQUIRE_ESM", "ERR_REQUIRE_ASYNC_MODULE", "ERR_PACKAGE_PATH_NOT_EXPORTED"]);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export function isBareSpecifier(specifier: string): boolean {
  return !/^(\.{1,2}\/|\/|[A-Za-z]:[\\/]|node:)/.test(specifier) && !builtinModules.includes(specifier) && specifier !== "tslab";
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

/** The `require` cells use, which also serves ESM-only packages loaded beforehand. */
export class CellModules {
  private readonly base: NodeJS.Require;
  private readonly esm = new Map<string, unknown>();
  private readonly importFrom: (specifier: string) => Promise<unknown>;
  readonly require: (id: string) => unknown;

  constructor(readonly rootDir: string) {
    this.base = createRequire(path.join(rootDir, "__tsdl_cell__.js"));
    // A real import() resolved from the notebook's folder (vm code has no import() of its own).
    this.importFrom = vm.runInThisContext("(s) => import(s)", {
      filename: path.join(rootDir, "__tsdl_import__.js"),
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as vm.RunningScriptOptions) as (s: string) => Promise<unknown>;
    this.require = (id: string) => {
      if (id === "tslab") return require("tslab");
      if (this.esm.has(id)) return this.esm.get(id);
      return this.base(id);
    };
  }

  /**
   * Loads the ESM-only packages a cell imports with import(), so that its compiled require()
   * finds them. Returns the specifiers that needed it.
   */
  async preload(src: string): Promise<string[]> {
    const loaded: string[] = [];
    for (const { specifier } of importedSpecifiers(src)) {
      if (!isBareSpecifier(specifier) || this.esm.has(specifier)) continue;
      try {
        this.base(specifier);
      } catch (e) {
        if (!ESM_ERRORS.has((e as NodeJS.ErrnoException).code ?? "")) continue;
        const namespace = (await this.importFrom(specifier)) as object;
        // Compiled cells read `default` through __importDefault, which needs the __esModule mark.
        this.esm.set(specifier, Object.defineProperty({ ...namespace }, "__esModule", { value: true }));
        loaded.push(specifier);
      }
    }
    return loaded;
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
