// Cells mean what they mean in tslab: a notebook imports the .ts files beside it (which import others),
// sees edits to them and their type errors; a name redeclared in one declaration space keeps its meaning
// in the other. Redeclarations run through plain tslab 1.0.22 too, which must give the same results.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { Cell, errorOf, installPlainTslabKernel, resultText, runCells, streamText } from "../support/jupyter";

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-semantics-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe("a notebook importing the .ts files beside it", () => {
  const dir = folder({
    "helpers.ts": 'import { base } from "./lib/base";\nexport function scale(x: number): number {\n  return x * base;\n}\n',
    "lib/base.ts": "export const base: number = 2;\n",
    "broken.ts": 'export const ok = 1;\nexport const n: number = "text";\n',
    "thrower.ts": 'export function boom(): never {\n  throw new RangeError("from a helper");\n}\n',
  });
  const edited = 'import { base } from "./lib/base";\nexport function scale(x: number): number {\n  return x * base * 100;\n}\n';
  const nb = runCells(
    [
      /* 0 */ 'import { scale } from "./helpers";\nscale(2)',
      /* 1 */ `import * as fs from "fs";\nfs.writeFileSync("helpers.ts", ${JSON.stringify(edited)});`,
      /* 2 */ 'import { scale as scaled } from "./helpers";\nscaled(2)',
      /* 3 */ 'import { ok } from "./broken";\nok',
      /* 4 */ 'import { boom } from "./thrower";\nboom()',
      /* 5 */ 'import { nothing } from "./missing";',
    ],
    { cwd: dir, allowErrors: true },
  );
  const [first, , afterEdit, broken, thrown, missing] = nb.cells;

  it("runs a function from a file beside the notebook, which imports another file", () => {
    assert.equal(errorOf(first!), undefined, JSON.stringify(first!.outputs));
    assert.equal(resultText(first!), "4");
  });

  it("sees an edit to that file in the next cell that imports it", () => {
    assert.equal(resultText(afterEdit!), "400");
  });

  it("reports a type error in an imported file with its file name and line", () => {
    const e = errorOf(broken!);
    assert.equal(e?.ename, "TypeScriptError");
    assert.match(e!.evalue!, /^broken\.ts 2:14 - Type 'string' is not assignable to type 'number'\./);
    assert.doesNotMatch(e!.evalue!, /Cannot find module/);
  });

  it("shows an error thrown inside an imported file with that file in the traceback", () => {
    const e = errorOf(thrown!);
    assert.equal(e?.ename, "RangeError");
    assert.ok(e!.traceback!.some((l) => l.includes("thrower.ts")), e!.traceback!.join("\n"));
  });

  it("says a file that is not there cannot be found", () => {
    assert.match(errorOf(missing!)?.evalue ?? "", /Cannot find module '\.\/missing'/);
  });
});

// Each group redeclares its name in one declaration space and then uses both meanings; no cell fails.
const REDECLARATIONS = [
  /* a class's value survives a type of its name */ ["class A { v = 1 }", "type A = number", "new A().v", "const a: A = 3;\na"],
  /* an enum's value survives a type of its name */ ["enum E { P, Q }", "type E = string", "E.Q", "const e: E = 'xy';\ne.length"],
  /* an imported interface survives a value of its name */ ["import { X } from 'm'", "let X = 10", "const xx: X = { x: 1 };\nX + xx.x"],
  /* an imported function survives a type of its name */ ["import { f } from 'm'", "type f = string", "f(1)", "const ff: f = 'abc';\nff.length"],
  /* an imported class's value survives a type of its name */ ["import { K } from 'm'", "type K = number", "new K().k", "const k3: K = 3;\nk3"],
  /* an interface survives a value of its name */ ["interface P { a: number }", "const P = 5", "const pp: P = { a: 1 };\nP + pp.a"],
  /* a function survives a type of its name */ ["function g() { return 1 }", "type g = number", "const gg: g = g();\ngg"],
  /* a value survives an interface of its name */ ["const v = 1", "interface v { z: 1 }", "const vv: v = { z: 1 };\nv + vv.z"],
].flat();

const M_PACKAGE = {
  "node_modules/m/package.json": JSON.stringify({ name: "m", version: "1.0.0", main: "index.js", types: "index.d.ts" }),
  "node_modules/m/index.js": "exports.K = class K { constructor() { this.k = 1; } };\nexports.L = class L {};\nexports.f = (x) => x + 1;\n",
  "node_modules/m/index.d.ts": "export interface X { x: number }\nexport declare class K { k: number }\nexport declare class L {}\nexport declare function f(x: number): number;\n",
};

/** What a cell printed or returned, the same way for both kernels (tslab prints values with console.log). */
const shown = (c: Cell) => resultText(c) ?? streamText(c).trim();

describe("a name redeclared in one declaration space", () => {
  const dir = folder(M_PACKAGE);
  const tsdl = runCells(REDECLARATIONS, { cwd: dir, allowErrors: true });

  it("keeps its meaning in the other space, cell after cell", () => {
    const failed = tsdl.cells.filter((c) => errorOf(c));
    assert.deepEqual(failed.map((c) => [c.source, errorOf(c)!.evalue]), []);
    assert.deepEqual(tsdl.cells.map(shown).filter(Boolean), ["1", "3", "1", "2", "11", "2", "3", "1", "3", "6", "1", "2"]);
  });

  it("gives the results plain tslab 1.0.22 gives for the same cells", () => {
    const tslab = runCells(REDECLARATIONS, { cwd: dir, allowErrors: true, kernel: installPlainTslabKernel() });
    assert.deepEqual(tsdl.cells.map(shown), tslab.cells.map(shown));
  });

  it("loses the other meaning where tslab does: a class's type goes with its value", () => {
    const nb = runCells(["class C2 { w = 2 }", "let C2 = 7", "C2", "let c2: C2", "import { L } from 'm'", "let L = 1", "let l: L"], { cwd: dir, allowErrors: true });
    assert.equal(resultText(nb.cells[2]!), "7");
    assert.match(errorOf(nb.cells[3]!)?.evalue ?? "", /'C2' refers to a value, but is being used as a type here/);
    assert.match(errorOf(nb.cells[6]!)?.evalue ?? "", /'L' refers to a value, but is being used as a type here/);
  });
});
