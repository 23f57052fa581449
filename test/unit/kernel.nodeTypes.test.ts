import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import * as ts from "@tslab/typescript-for-tslab";
import { CellCompiler } from "../../kernel/cellCompiler";
import { mergeInto, NO_DECLARATIONS } from "../../kernel/declarations";
import { NodeTypes, nodeNamesOf, readNodeNames } from "../../kernel/nodeTypes";
import { SourceCache } from "../../kernel/sourceCache";

const messages = (r: { diagnostics: { messageText: string }[] }) => r.diagnostics.map((d) => d.messageText);
const recorded = () => new NodeTypes(readNodeNames());
/** Whether a fresh session loads @types/node for `code`; what loadFor says must be what it did. */
const loadsFor = (code: string) => {
  const types = recorded();
  const said = types.loadFor(code);
  assert.equal(types.loaded, said, code);
  return said;
};
const compilerIn = (dir: string, nodeTypes: NodeTypes) => new CellCompiler(dir, new SourceCache(), nodeTypes);

describe("Node's types, loaded when a cell needs them", () => {
  it("records @types/node's globals and modules at build time, and they are what @types/node declares now", () => {
    const names = readNodeNames();
    assert.ok(names, "dist/kernel/nodeTypes.json is missing: npm run build records it");
    assert.deepEqual(names, nodeNamesOf(path.dirname(require.resolve("@types/node/package.json"))));
    for (const g of ["process", "Buffer", "require", "__dirname", "NodeJS", "console", "setTimeout"]) assert.ok(names.globals.includes(g), g);
    for (const m of ["fs", "node:fs", "child_process", "worker_threads"]) assert.ok(names.modules.includes(m), m);
  });

  it("leaves cells that use only the console, the timers and performance on the stand-in", () => {
    for (const code of [
      "1 + 1",
      'console.log("process", x.process, { Buffer: 1 })',
      "const t = setTimeout(() => undefined, 5); clearTimeout(t); performance.now()",
      "// require('fs') in a comment\nconst s = `Buffer`",
      "interface P { process: number; require(): void }",
      "Array.from(String(12)).map(Number); new Float32Array(2); Symbol.iterator",
    ])
      assert.equal(loadsFor(code), false, code);
  });

  it("loads @types/node for a cell that names a global or imports a module of Node's", () => {
    for (const code of [
      "process.argv",
      'Buffer.from("a")',
      'import fs from "fs"',
      'import("node:os")',
      'const p = require("path")',
      "__dirname",
      'export * from "node:util"',
    ])
      assert.equal(loadsFor(code), true, code);
  });

  it("checks the course's console and timer cells without @types/node, with the same types it gives", () => {
    const lite = recorded();
    const full = new NodeTypes(undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-node-"));
    const [onLite, onFull] = [compilerIn(dir, lite), compilerIn(dir, full)];
    const typeAt = (c: CellCompiler, code: string, word: string) => ts.displayPartsToString(c.inspect("", code, code.lastIndexOf(word))?.displayParts);
    for (const [code, word] of [
      ["const t = setTimeout(() => undefined, 5); t", "t"],
      ["const i = setInterval((a: number) => a, 5, 1); i", "i"],
      ["const m = setImmediate(() => undefined); m", "m"],
      ["console.log", "log"],
      ["console.table", "table"],
      ["queueMicrotask", "queueMicrotask"],
      ["console.Console", "Console"],
    ] as const) {
      assert.deepEqual(messages(onLite.convert("", code)), [], code);
      assert.equal(typeAt(onLite, code, word), typeAt(onFull, code, word), code);
    }
    assert.equal(lite.loaded, false);
    assert.deepEqual(messages(onLite.convert("", "const t0 = performance.now(); console.log(performance.now() - t0)")), []);
    assert.equal(lite.loaded, false);
  });

  it("keeps the stand-in's declarations meaning the same after a later cell loads @types/node", () => {
    const types = recorded();
    const compiler = compilerIn(process.cwd(), types);
    const first = compiler.convert("", "const timer = setTimeout(() => undefined, 1000);");
    assert.deepEqual(messages(first), []);
    assert.equal(types.loaded, false);
    const decls = mergeInto(NO_DECLARATIONS, first.declOutput!).text;
    const second = compiler.convert(decls, "timer.unref(); clearTimeout(timer); process.pid");
    assert.deepEqual(messages(second), []);
    assert.equal(types.loaded, true);
  });

  it("shares the switch between a session's compilers", () => {
    const types = recorded();
    const [light, main] = [compilerIn(process.cwd(), types), compilerIn(process.cwd(), types)];
    assert.deepEqual(messages(light.convert("", 'Buffer.from("x").length')), []);
    assert.deepEqual(messages(main.convert("", "process.platform.length")), []);
    assert.deepEqual(messages(main.convert("", "console.log(1)")), []);
  });

  it("loads @types/node when an error shows a file of the notebook's own needs it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-node-"));
    fs.writeFileSync(path.join(dir, "cores.ts"), 'import os from "node:os";\nexport const cores = (): number => os.cpus().length;\n');
    const types = recorded();
    const r = compilerIn(dir, types).convert("", 'import { cores } from "./cores";\ncores()');
    assert.deepEqual(messages(r), []);
    assert.equal(types.loaded, true);
  });

  it("loads @types/node for a type the stand-in narrows, and not for a typo", () => {
    const types = recorded();
    const compiler = compilerIn(process.cwd(), types);
    assert.match(messages(compiler.convert("", "consol.log(1)")).join(), /Cannot find name 'consol'/);
    assert.equal(types.loaded, false);
    assert.match(messages(compiler.convert("", "console.lg(1)")).join(), /Property 'lg' does not exist/);
    assert.equal(types.loaded, false);
    assert.deepEqual(messages(compiler.convert("", "let stream: NodeJS.ReadableStream | undefined; stream")), []);
    assert.equal(types.loaded, true);
    const errors = recorded();
    assert.deepEqual(messages(compilerIn(process.cwd(), errors).convert("", "const e = {}; Error.captureStackTrace(e); e")), []);
    assert.equal(errors.loaded, true);
    const timing = recorded();
    assert.deepEqual(messages(compilerIn(process.cwd(), timing).convert("", 'performance.mark("start")')), []);
    assert.equal(timing.loaded, true);
    const other = recorded();
    assert.deepEqual(messages(compilerIn(process.cwd(), other).convert("", "setTimeout(() => undefined, 1)[Symbol.dispose]()")), []);
    assert.equal(other.loaded, true);
  });

  it("completes Node's globals before it loads their types, and their members after", () => {
    const types = recorded();
    const compiler = compilerIn(process.cwd(), types);
    assert.ok(compiler.complete("", "proc", 4).candidates.includes("process"));
    assert.ok(compiler.complete("", "Buf", 3).candidates.includes("Buffer"));
    assert.equal(types.loaded, false);
    assert.ok(compiler.complete("", "process.ar", 10).candidates.includes("argv"));
    assert.equal(types.loaded, true);
    assert.ok(compiler.complete("", "con", 3).candidates.includes("console"));
  });

  it("gives every cell @types/node when the recorded names are missing", () => {
    const missing = path.join(os.tmpdir(), "tsdl-no-such-names.json");
    assert.equal(readNodeNames(missing), undefined);
    const types = new NodeTypes(readNodeNames(missing));
    assert.equal(types.loaded, true);
    assert.deepEqual(messages(compilerIn(process.cwd(), types).convert("", "process.pid")), []);
  });
});
