import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import * as ts from "@tslab/typescript-for-tslab";
import { CellCompiler, rankCandidates } from "../../kernel/cellCompiler";
import { mergeInto, NO_DECLARATIONS } from "../../kernel/declarations";
import { patchDeclarations, VARIANCE_PATCHES } from "../../kernel/declarationPatches";
import { SourceCache } from "../../kernel/sourceCache";

const TF = `import * as tf from ${JSON.stringify(path.dirname(require.resolve("@tensorflow/tfjs/package.json")))};\n`;
const messages = (r: { diagnostics: { messageText: string }[] }) => r.diagnostics.map((d) => d.messageText);

describe("CellCompiler", () => {
  const compiler = new CellCompiler(process.cwd());

  it("compiles a cell to CommonJS that exports its names and keeps its last expression", () => {
    const r = compiler.convert("", "const a = 1;\nfunction twice(x: number) { return 2 * x; }\ntwice(a)");
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.lastExpressionVar, "tsLastExpr");
    const exports: Record<string, unknown> = {};
    new Function("exports", "require", r.output!)(exports, require);
    assert.equal(exports.a, 1);
    assert.equal(exports.tsLastExpr, 2);
    assert.match(r.declOutput!, /declare const a = 1;/);
    assert.match(r.declOutput!, /declare function twice\(x: number\): number;/);
    assert.doesNotMatch(r.declOutput!, /export \{/);
  });


  it("keeps only the cell's own last expression, not a statement the module transform added", () => {
    const run = (src: string) => {
      const r = compiler.convert("", src);
      assert.deepEqual(r.diagnostics, []);
      const exports: Record<string, unknown> = {};
      new Function("exports", "require", r.output!)(exports, require);
      return { name: r.lastExpressionVar, value: r.lastExpressionVar ? exports[r.lastExpressionVar] : undefined, exports };
    };
    // CommonJS emits `exports.K = K;` after the class: that is not the cell's value.
    assert.equal(run("class K {}").name, undefined);
    assert.equal(run("class K { v = 3 }\nnew K().v").value, 3);
    // A lone string is a directive prologue in JavaScript, and still the cell's value here.
    assert.equal(run('"hello"').value, "hello");
    const named = run("const tsLastExpr = 1;\ntsLastExpr + 1");
    assert.equal(named.name, "tsLastExpr0");
    assert.equal(named.value, 2);
    assert.equal(named.exports.tsLastExpr, 1);
  });
  it("resolves names of earlier cells without imports, and reads them from exports", () => {
    const r = compiler.convert("declare let counter: number;\n", "counter = counter + 1;\ncounter");
    assert.deepEqual(r.diagnostics, []);
    const exports: Record<string, unknown> = { counter: 41 };
    new Function("exports", "require", r.output!)(exports, require);
    assert.equal(exports.counter, 42);
  });

  it("reports type errors at the cell's own line and column", () => {
    const r = compiler.convert("declare const n: number;\n", "const ok = 1;\nconst s: string = n;");
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0]!.code, 2322);
    assert.deepEqual([r.diagnostics[0]!.start.line, r.diagnostics[0]!.start.character], [1, 6]);
    assert.equal(r.output, undefined);
  });

  it("reports a type the declarations cannot name (a declaration diagnostic)", () => {
    const r = compiler.convert("", "function f() { interface I { a: number } const v: I = { a: 1 }; return v; }\nconst r = f();");
    assert.ok(r.diagnostics.some((d) => d.code === 4025), messages(r).join("\n"));
  });

  it("accepts a top-level await and flags it; an await inside a plain function stays an error", () => {
    const top = compiler.convert("", "const v = await Promise.resolve(3);");
    assert.deepEqual(messages(top), []);
    assert.equal(top.hasToplevelAwait, true);
    const inner = compiler.convert("", "function f() { await Promise.resolve(3); }");
    assert.equal(inner.diagnostics[0]?.code, 1308);
  });

  it("sees a declaration file changed on disk next to the notebook", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cc-"));
    const local = new CellCompiler(dir);
    fs.writeFileSync(path.join(dir, "shapes.d.ts"), "export declare const side: number;\n");
    assert.deepEqual(messages(local.convert("", 'import { side } from "./shapes"; side.toFixed(1)')), []);
    fs.writeFileSync(path.join(dir, "shapes.d.ts"), "export declare const side: string;\n");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(path.join(dir, "shapes.d.ts"), later, later);
    assert.match(messages(local.convert("", 'import { side } from "./shapes"; side.toFixed(1)')).join(), /toFixed/);
  });

  it("checks and compiles the notebook's own .ts files a cell imports, and the ones they import", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cc-"));
    fs.mkdirSync(path.join(dir, "lib"));
    fs.writeFileSync(path.join(dir, "helpers.ts"), 'import { base } from "./lib/base";\nexport const f = (x: number): number => x * base;\n');
    fs.writeFileSync(path.join(dir, "lib", "base.ts"), "export const base: number = 2;\n");
    const local = new CellCompiler(dir);
    const r = local.convert("", 'import { f } from "./helpers";\nf(2)');
    assert.deepEqual(messages(r), []);
    assert.deepEqual(r.localModules!.map((m) => path.relative(dir, m.fileName)).sort(), ["helpers.ts", path.join("lib", "base.ts")]);
    const exports: Record<string, unknown> = {};
    new Function("exports", "require", r.localModules!.find((m) => m.fileName.endsWith("base.ts"))!.js)(exports, require);
    assert.equal(exports.base, 2);
  });

  it("reports a type error in an imported file with that file's name and line, not the cell's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cc-"));
    fs.writeFileSync(path.join(dir, "broken.ts"), 'export const ok = 1;\nexport const n: number = "text";\n');
    const [d] = new CellCompiler(dir).convert("", 'import { ok } from "./broken";\nok').diagnostics;
    assert.deepEqual({ file: d?.fileName, line: d?.start.line, code: d?.code }, { file: "broken.ts", line: 1, code: 2322 });
  });

  it("accepts an import of a package that runs without types, and only that one", () => {
    const r = compiler.convert("", 'import greet from "no-such-esm-package";\ngreet()', { untypedModules: new Set(["no-such-esm-package"]) });
    assert.deepEqual(messages(r), []);
    assert.match(r.output!, /require\("no-such-esm-package"\)/);
    assert.match(messages(compiler.convert("", 'import greet from "no-such-esm-package";')).join(), /Cannot find module 'no-such-esm-package'/);
  });

  it("says what a redeclared name means now, and what an earlier import of it imported", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cc-"));
    fs.writeFileSync(path.join(dir, "m.ts"), "export interface X { x: number }\nexport class K {}\n");
    const local = new CellCompiler(dir);
    const decls = 'import { X, K } from "./m";\ndeclare class A {}\n';
    assert.deepEqual(local.convert(decls, "let X = 10;\ntype A = number;\nconst K = 1;").redeclared, {
      X: { newer: { value: true, type: false }, olderImport: { value: false, type: true } },
      A: { newer: { value: false, type: true } },
      K: { newer: { value: true, type: false }, olderImport: { value: true, type: true } },
    });
  });

  it("gives a cell run again the same result, unaffected by what the caller did to the first", () => {
    const first = compiler.convert("declare const n: number;\n", "const s: string = n;");
    first.diagnostics[0]!.start.line = 99;
    const again = compiler.convert("declare const n: number;\n", "const s: string = n;");
    assert.equal(again.diagnostics[0]!.start.line, 0);
    assert.equal(again.diagnostics[0]!.code, 2322);
  });

  it("completes the word under the cursor and inspects a name", () => {
    const prev = "declare const learningRate: number;\n";
    const c = compiler.complete(prev, "learn", 5);
    assert.deepEqual([c.start, c.end, c.candidates[0]], [0, 5, "learningRate"]);
    const info = compiler.inspect(prev, "learningRate", 3);
    assert.equal(info?.textSpan.start, 0);
    assert.match((info?.displayParts ?? []).map((p) => p.text).join(""), /learningRate: number/);
  });
});

describe("CellCompiler sharing one type checker between cells", () => {
  const run = (compiler: CellCompiler, decl: string, src: string) => compiler.convert(decl, src);

  it("checks later cells with the first cell's checker while they name no new module", () => {
    const compiler = new CellCompiler(process.cwd());
    let decl = "";
    for (let i = 0; i < 20; i++) {
      const r = run(compiler, decl, `const v${i}: number = ${i === 0 ? 1 : `v${i - 1} + 1`};\nv${i}`);
      assert.deepEqual(messages(r), []);
      decl += r.declOutput;
    }
    assert.equal(compiler.programsBuilt, 1);
    assert.match(decl, /declare const v19: number;/);
    // A module no earlier program resolved needs a new program; the cells after it share that one.
    assert.deepEqual(messages(run(compiler, decl, 'import { basename } from "node:path";\nbasename("/a/b.txt")')), []);
    assert.equal(compiler.programsBuilt, 2);
    assert.deepEqual(messages(run(compiler, decl, "v19 * 2")), []);
    assert.equal(compiler.programsBuilt, 2);
  });

  it("runs a notebook whose declarations grow cell by cell, redeclared names included, on one checker", () => {
    const compiler = new CellCompiler(process.cwd());
    const exports: Record<string, unknown> = {};
    let decls = NO_DECLARATIONS;
    const cell = (src: string) => {
      const r = compiler.convert(decls.text, src);
      assert.deepEqual(messages(r), [], src);
      new Function("exports", "require", r.output!)(exports, require);
      decls = mergeInto(decls, r.declOutput ?? "");
      return r.lastExpressionVar ? exports[r.lastExpressionVar] : undefined;
    };
    cell("let total = 0;\ninterface Point { x: number }");
    for (let i = 0; i < 30; i++) cell(`const p${i}: Point = { x: ${i} };\ntotal += p${i}.x;`);
    // Names from the first cells, many declaration files back, resolve and read from exports.
    assert.equal(cell("total + p0.x + p29.x"), 435 + 0 + 29);
    // Completion and inspection see every file of the chain too.
    assert.deepEqual(compiler.complete(decls.text, "p2", 2).candidates.slice(0, 11), ["p2", ...Array.from({ length: 10 }, (_, i) => `p2${i}`)]);
    assert.match(ts.displayPartsToString(compiler.inspect(decls.text, "p3", 1)?.displayParts), /const p3: Point/);
    // A redeclared name (here a type) replaces the old one; a value of the same name lives beside a type.
    cell("interface Point { x: number; y: number }");
    assert.match(messages(compiler.convert(decls.text, "const q: Point = { x: 1 };")).join(), /'y' is missing/);
    cell("const Point = 3;");
    assert.equal(cell("const r: Point = { x: 1, y: 2 };\nr.y + Point"), 5);
    assert.equal(compiler.programsBuilt, 1);
  });

  it("reports the same error in two cells in a row, and none in the cell after", () => {
    const compiler = new CellCompiler(process.cwd());
    run(compiler, "", "0");
    // Same message at the same place: the checker's diagnostics must not merge the two cells' errors.
    assert.match(messages(run(compiler, "", "const s: string = 1;")).join(), /not assignable to type 'string'/);
    assert.match(messages(run(compiler, "", "const t: string = 1;")).join(), /not assignable to type 'string'/);
    assert.deepEqual(messages(run(compiler, "", "const u: string = 'one';")), []);
    assert.equal(compiler.programsBuilt, 1);
  });

  it("resolves names and types to the declarations the cell runs after, not an earlier cell's", () => {
    const compiler = new CellCompiler(process.cwd());
    assert.deepEqual(messages(run(compiler, "declare const x: number;\n", "x.toFixed(1)")), []);
    assert.match(messages(run(compiler, "declare const x: string;\n", "x.toFixed(1)")).join(), /toFixed/);
    assert.deepEqual(messages(run(compiler, "declare const x: string;\n", "x.toUpperCase()")), []);
    assert.equal(compiler.programsBuilt, 1);
  });

  it("finds a module written after an import of it failed", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-cc-"));
    const compiler = new CellCompiler(dir);
    assert.deepEqual(messages(run(compiler, "", "1 + 1")), []);
    assert.match(messages(run(compiler, "", 'import { side } from "./later"; side')).join(), /Cannot find module '\.\/later'/);
    fs.writeFileSync(path.join(dir, "later.ts"), "export const side = 3;\n");
    assert.deepEqual(messages(run(compiler, "", 'import { side } from "./later"; side * 2')), []);
  });

  it("gives a cell with `declare global` a program of its own, and the global reaches later cells", () => {
    const compiler = new CellCompiler(process.cwd());
    const first = run(compiler, "", "declare global { var tsdlCounter: number }\nexport {}");
    assert.deepEqual(messages(first), []);
    const decl = first.declOutput ?? "";
    assert.match(decl, /declare global/);
    assert.deepEqual(messages(run(compiler, decl, "globalThis.tsdlCounter + 1")), []);
    assert.match(messages(run(compiler, decl, "const n: string = globalThis.tsdlCounter;")).join(), /not assignable/);
  });

  it("still sees tf after a hundred cells, when a fresh checker replaces the shared one", () => {
    const compiler = new CellCompiler(process.cwd());
    const decl = compiler.convert("", TF).declOutput ?? "";
    for (let i = 0; i < 120; i++) assert.deepEqual(messages(run(compiler, decl, `tf.tensor([${i}]).shape`)), [], `cell ${i}`);
    assert.ok(compiler.programsBuilt >= 2 && compiler.programsBuilt <= 4, `built ${compiler.programsBuilt} programs`);
    assert.match(messages(run(compiler, decl, "tf.tensr([1])")).join(), /tensr/);
  });
});

describe("rankCandidates", () => {
  it("puts exact-case prefixes first, then any-case prefixes, then substrings, and drops the rest", () => {
    const entries = ["xTensor", "tensor", "Tensor", "tensor2d", "zeros"].map((name) => ({ name, sortText: "11" }));
    assert.deepEqual(rankCandidates(entries, "tensor"), ["tensor", "tensor2d", "Tensor", "xTensor"]);
  });
});

describe("variance annotations for tf's declarations", () => {
  const plain = new CellCompiler(process.cwd(), new SourceCache());
  const patched = new CellCompiler(process.cwd(), new SourceCache(patchDeclarations(VARIANCE_PATCHES)));
  const assignments = [
    ["Tensor<tf.Rank.R1>", "Tensor<tf.Rank>"],
    ["Tensor<tf.Rank>", "Tensor<tf.Rank.R1>"],
    ["Tensor<tf.Rank.R1>", "Tensor<tf.Rank.R2>"],
    ["Variable<tf.Rank.R2>", "Variable<tf.Rank>"],
    ["Variable<tf.Rank>", "Variable<tf.Rank.R2>"],
    ["Variable<tf.Rank.R1>", "Tensor<tf.Rank>"],
  ];
  let prelude: string;
  before(() => {
    prelude = plain.convert("", TF).declOutput!;
  });

  it("apply to the installed tf (a tf upgrade that renames them fails here)", () => {
    for (const p of VARIANCE_PATCHES) {
      const file = require.resolve("@tensorflow/tfjs-core/package.json").replace(/[\\/]package\.json$/, "") + p.file.replace("/@tensorflow/tfjs-core", "");
      assert.ok(fs.readFileSync(file, "utf8").includes(p.from), `${p.file} no longer declares \`${p.from}\``);
    }
  });

  it("state the variance TypeScript measures: the same assignments pass and fail with and without them", () => {
    for (const [from, to] of assignments) {
      const cell = `declare const a: tf.${from};\nconst b: tf.${to} = a;`;
      const ok = (c: CellCompiler) => c.convert(prelude, cell).diagnostics.length === 0;
      assert.equal(ok(patched), ok(plain), `${from} → ${to}`);
    }
    assert.deepEqual(
      assignments.map(([from, to]) => plain.convert(prelude, `declare const a: tf.${from};\nconst b: tf.${to} = a;`).diagnostics.length === 0),
      [true, false, false, true, false, true],
    );
  });
});
