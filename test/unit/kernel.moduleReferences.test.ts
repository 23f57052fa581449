import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as ts from "@tslab/typescript-for-tslab";
import { moduleReferences } from "../../kernel/moduleReferences";

const refs = (text: string, name = "/x/cell.ts") => {
  const found = moduleReferences(ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true));
  return found && [...found].sort();
};

describe("moduleReferences (may a cell share an earlier cell's checker)", () => {
  it("lists every module a file names, in code and in types", () => {
    const text = [
      'import a from "a";',
      'import type { B } from "b";',
      'export { c } from "c";',
      'export * from "d";',
      'import e = require("e");',
      'const f = await import("f");',
      'let g: import("g").G;',
      "type H = typeof import('h');",
      "const dynamic = import(name);",
    ].join("\n");
    assert.deepEqual(refs(text), ["a", "b", "c", "d", "e", "f", "g", "h"]);
    assert.deepEqual(refs("const x = 1;\nx + 1"), []);
  });

  it("finds import types deep inside declarations", () => {
    assert.deepEqual(refs('export declare const m: Map<string, Array<import("/abs/tfjs").Tensor>>;', "/x/prev.d.ts"), ["/abs/tfjs"]);
  });

  it("gives up on files that change other files' declarations or add files", () => {
    assert.equal(refs("declare global { var g: number }\nexport {}"), undefined);
    assert.equal(refs('declare module "m" { export const x: number }\nexport {}'), undefined);
    assert.equal(refs('/// <reference types="node" />\nconst x = 1;'), undefined);
    assert.equal(refs('/// <reference path="./other.d.ts" />\nconst x = 1;'), undefined);
    assert.equal(refs('/// <reference lib="dom" />\nconst x = 1;'), undefined);
    // A namespace is not a module augmentation.
    assert.deepEqual(refs("namespace N { export const x = 1 }"), []);
  });
});
