// TypeScript in the worker: tslab's compiler, loaded as a script next to the worker's bundle, reading the
// declaration files cells are checked against (the standard library, @types/node, tf's and tsdl's) from
// one pack the site serves, under the same paths they have in a checkout: /tsdl/node_modules/..., /tsdl/dist/src/...
import type * as TS from "@tslab/typescript-for-tslab";
import { fetchSync, scope } from "./workerScope";

/** The folder the pack's paths start with: the repository root in the Node kernel's terms. */
export const VIRTUAL_ROOT = "/tsdl";
/** Where cells are compiled from, as a notebook's folder is in Node. */
export const NOTEBOOK_DIR = `${VIRTUAL_ROOT}/notebooks`;
const TYPESCRIPT_JS = `${VIRTUAL_ROOT}/node_modules/@tslab/typescript-for-tslab/lib/typescript.js`;

/** The declarations pack as the site build writes it (lite/build/declarationPack.ts). */
export interface DeclarationPack {
  /** Path under VIRTUAL_ROOT → text. */
  files: Record<string, string>;
  /** Folders TypeScript asked about that held no file it read. */
  folders: string[];
}

function parentFolders(file: string): string[] {
  const out: string[] = [];
  for (let i = file.lastIndexOf("/"); i > 0; i = file.lastIndexOf("/", i - 1)) out.push(file.slice(0, i));
  return out;
}

/** A read-only ts.System over the pack: everything a program of cells reads, nothing it writes. */
export function packSystem(ts: typeof TS, pack: DeclarationPack): TS.System {
  const files = new Map(Object.entries(pack.files).map(([p, text]) => [`${VIRTUAL_ROOT}${p}`, text]));
  const folders = new Set([VIRTUAL_ROOT, NOTEBOOK_DIR, ...pack.folders.map((f) => `${VIRTUAL_ROOT}${f}`), ...[...files.keys()].flatMap(parentFolders)]);
  const children = (dir: string) => [...folders].filter((f) => f.startsWith(`${dir}/`) && !f.slice(dir.length + 1).includes("/")).map((f) => f.slice(dir.length + 1));
  return {
    args: [],
    newLine: "\n",
    useCaseSensitiveFileNames: true,
    write: (text) => console.log(text),
    readFile: (file) => files.get(file),
    writeFile: () => {
      throw new Error("the in-browser kernel writes no files");
    },
    resolvePath: (p) => p,
    fileExists: (file) => files.has(file),
    directoryExists: (dir) => folders.has(dir.replace(/\/$/, "")),
    createDirectory: () => undefined,
    getExecutingFilePath: () => TYPESCRIPT_JS,
    getCurrentDirectory: () => NOTEBOOK_DIR,
    getDirectories: (dir) => children(dir.replace(/\/$/, "")),
    readDirectory: () => [],
    realpath: (p) => p,
    exit: () => undefined,
  } as TS.System;
}

/** Loads the compiler and the pack, and makes the pack its file system: before any module that reads ts.sys loads. */
export function loadTypeScript(): typeof TS {
  // Both lie next to the worker's script.
  const here = scope.location.href;
  scope.importScripts(new URL("typescript.js", here).href);
  const ts = (globalThis as unknown as { ts: typeof TS }).ts;
  const packUrl = new URL("declarations.json", here).href;
  const response = fetchSync(packUrl, "text");
  if (response.status !== 200) throw new Error(`tsdl-lite: the declarations pack ${packUrl} could not be read (HTTP ${response.status})`);
  (ts as unknown as { setSys(s: TS.System): void }).setSys(packSystem(ts, JSON.parse(response.body as string) as DeclarationPack));
  return ts;
}
