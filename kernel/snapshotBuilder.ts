// Runs under `node --build-snapshot` (see startupSnapshot.ts). Only Node's own modules can be
// required while a snapshot is built, so TypeScript and compilerOptions.js are loaded with vm, and
// everything else is required normally once the snapshot has been deserialized. The snapshot builder
// gives this file no `exports`, so it is a script (no import statements), its body in a function.
(function buildStartupSnapshot(): void {
const fs = require("node:fs") as typeof import("node:fs");
const Module = require("node:module") as typeof import("node:module");
const path = require("node:path") as typeof import("node:path");
const v8 = require("node:v8") as typeof import("node:v8");
const vm = require("node:vm") as typeof import("node:vm");
type PreparsedFile = import("./startupSnapshot").PreparsedFile;

const resolve = Module.createRequire(__filename).resolve;

function loadCommonJs(file: string, requireFn: (id: string) => unknown): unknown {
  const module = { exports: {} as unknown };
  const wrapper = vm.runInThisContext(Module.wrap(fs.readFileSync(file, "utf8")), { filename: file }) as (...args: unknown[]) => void;
  wrapper(module.exports, Object.assign(requireFn, { resolve }), module, file, path.dirname(file));
  return module.exports;
}

const tsFile = resolve("@tslab/typescript-for-tslab");
const typescript = loadCommonJs(tsFile, require) as typeof import("@tslab/typescript-for-tslab");
// Our own modules may require each other (relative ids), TypeScript, and Node's modules.
const loaded = new Map<string, unknown>();
const ownRequire = (from: string) => (id: string): unknown => {
  if (id === "@tslab/typescript-for-tslab") return typescript;
  if (!id.startsWith(".")) return require(id);
  const file = path.resolve(from, id.endsWith(".js") ? id : `${id}.js`);
  if (!loaded.has(file)) loaded.set(file, loadCommonJs(file, ownRequire(path.dirname(file))));
  return loaded.get(file);
};
const load = <T>(name: string) => ownRequire(__dirname)(`./${name}`) as T;
const { compilerOptions } = load<typeof import("./compilerOptions")>("compilerOptions.js");
const { patchDeclarations, VARIANCE_PATCHES } = load<typeof import("./declarationPatches")>("declarationPatches.js");
const { defaultPreludePaths, preludeSource } = load<typeof import("./prelude")>("prelude.js");
const { readExportNames } = load<typeof import("./exportsList")>("exportsList.js");
const patch = patchDeclarations(VARIANCE_PATCHES);

// The prelude's program, as a notebook in the course's folder (or any folder without its own
// @types/node) would see it.
const root = path.resolve(__dirname, "..", "..");
const options = compilerOptions(root);
const host = typescript.createCompilerHost(options);
const read = host.getSourceFile;
const warmCell = path.join(root, "__warm__.ts");
// The prelude's imports bring tf's and tsdl's declarations too: the first tf cell needs them.
const warmSource = "export {};\n" + preludeSource(defaultPreludePaths(), ["tf", "tsdl", ...readExportNames()]);
const files = new Map<string, PreparsedFile>();
host.getSourceFile = (fileName, languageVersion, onError) => {
  if (fileName === warmCell) return typescript.createSourceFile(fileName, warmSource, languageVersion, true);
  const text = typescript.sys.readFile(fileName);
  const file = text === undefined ? read.call(host, fileName, languageVersion, onError) : typescript.createSourceFile(fileName, patch(fileName, text), languageVersion, false);
  if (file) {
    const stat = fs.statSync(fileName);
    files.set(fileName, { file, size: stat.size, mtimeMs: stat.mtimeMs });
  }
  return file;
};
const program = typescript.createProgram({ rootNames: [warmCell], options, host });
// Creating the checker binds every file: the bindings are kept in the snapshot too.
program.getTypeChecker();

/** Node's default; a process started from a user-land snapshot has no limit set, and so no stack frames at all. */
const STACK_TRACE_LIMIT = 10;

v8.startupSnapshot.setDeserializeMainFunction(() => {
  if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = STACK_TRACE_LIMIT;
  // Later requires of TypeScript (tslab's, ours) get this copy, which made the preparsed files.
  const cached = new Module(tsFile);
  Object.assign(cached, { filename: tsFile, loaded: true, exports: typescript, paths: (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(tsFile)) });
  (Module as unknown as { _cache: Record<string, unknown> })._cache[tsFile] = cached;
  const req = Module.createRequire(__filename);
  (req("./startupSnapshot") as typeof import("./startupSnapshot")).setPreparsedFiles(files);
  req("./cli");
});
})();
