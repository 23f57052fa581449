// The declarations pack of the in-browser kernel: every file TypeScript reads while the Node kernel's own cell
// compiler checks the prelude and a typical cell (the standard library, @types/node, tf's and tsdl's
// declarations, the package.json files that resolve them), under their paths from the repository's root.
// The worker serves them to the same compiler as its file system (lite/kernel/typescriptSystem.ts).
import path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { CellCompiler } from "../../kernel/cellCompiler";
import { mergeInto, NO_DECLARATIONS } from "../../kernel/declarations";
import { readExportNames } from "../../kernel/exportsList";
import { NodeTypes } from "../../kernel/nodeTypes";
import { defaultPreludePaths, preludeSource } from "../../kernel/prelude";
import { SourceCache } from "../../kernel/sourceCache";
import type { DeclarationPack } from "../kernel/typescriptSystem";

/** A cell using what the course's cells use: tf, a helper, the console, timers and performance. */
const TYPICAL_CELL = "const t = tf.tensor([1, 2]); console.log(t.shape); setTimeout(() => undefined, 0); performance.now(); inspect(t)";

/**
 * The pack for a checkout at `root` (after `tsc`: tsdl's declarations are read from dist/). `replace` swaps a
 * file's text for another (the browser's backend module declares other backends than Node's).
 */
export function declarationPack(root: string, replace: Record<string, string> = {}): DeclarationPack {
  const found = new Set<string>();
  const folders = new Set<string>();
  const sys = ts.sys;
  const original = { readFile: sys.readFile, fileExists: sys.fileExists, directoryExists: sys.directoryExists };
  sys.readFile = (file, encoding) => {
    const text = original.readFile(file, encoding);
    if (text !== undefined) found.add(file);
    return text;
  };
  sys.fileExists = (file) => {
    const exists = original.fileExists(file);
    if (exists) found.add(file);
    return exists;
  };
  sys.directoryExists = (dir) => {
    const exists = original.directoryExists(dir);
    if (exists) folders.add(dir);
    return exists;
  };
  try {
    // The browser's kernel has no recorded names, and so checks every cell against @types/node: the pack holds it.
    const compiler = new CellCompiler(path.join(root, "notebooks"), new SourceCache(undefined, new Map()), new NodeTypes(undefined));
    const prelude = compiler.convert("", preludeSource(defaultPreludePaths(), ["tf", "tsdl", ...readExportNames()]));
    if (prelude.diagnostics.length > 0) throw new Error(`the prelude does not compile: ${prelude.diagnostics.map((d) => d.messageText).join("; ")}`);
    const cell = compiler.convert(mergeInto(NO_DECLARATIONS, prelude.declOutput ?? "").text, TYPICAL_CELL);
    if (cell.diagnostics.length > 0) throw new Error(`the typical cell does not compile: ${cell.diagnostics.map((d) => d.messageText).join("; ")}`);
    compiler.close();
  } finally {
    Object.assign(sys, original);
  }
  const relative = (p: string) => {
    const rel = path.relative(root, p);
    if (rel.startsWith("..") || path.isAbsolute(rel)) throw new Error(`declarationPack: TypeScript read ${p}, outside the repository ${root}`);
    return `/${rel.split(path.sep).join("/")}`;
  };
  const files: Record<string, string> = {};
  for (const file of [...found].sort()) {
    const key = relative(file);
    files[key] = replace[key] ?? original.readFile(file)!;
  }
  return { files, folders: [...folders].filter((d) => !path.relative(root, d).startsWith("..")).map(relative).sort() };
}
