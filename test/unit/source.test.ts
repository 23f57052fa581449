// showSource: a library function's TypeScript, found through the compiled file's source map, cut to
// its declaration and highlighted; anything else shows its JavaScript and says so.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { displaySymbol } from "../../src/display";
import * as scratch from "../../src/scratch";
import { showSource } from "../../src/source";
import { declarationLines } from "../../src/source/extract";
import { highlightTypeScript } from "../../src/source/highlight";

describe("showSource", () => {
  it("shows a function's TypeScript with its doc comment, file and line", () => {
    const view = showSource(scratch.softmax);
    assert.equal(view.file, "src/scratch/functions.ts");
    assert.match(view.code, /^\/\*\*\n \* Softmax over the last axis/);
    assert.match(view.code, /export function softmax\(x: tf\.Tensor\): tf\.Tensor \{/, "the TypeScript, with its types");
    assert.match(view.code, /\n\}$/, "up to the closing brace");
    assert.doesNotMatch(view.code, /\(0, |values_1/, "not the compiled CommonJS");
    assert.match(view.toString(), /^softmax — defined in src\/scratch\/functions\.ts, line \d+\n/);
  });

  it("shows a whole class, and a method of one", () => {
    assert.match(showSource(scratch.MulLayer).code, /export class MulLayer \{[\s\S]*backward\(dout: number\)[\s\S]*\n\}$/);
    const method = showSource(scratch.TwoLayerNet.prototype.gradient);
    assert.match(method.code, /^ {2}\/\*\* The gradient of the loss[^\n]*\n {2}gradient\(/);
    assert.match(method.code, /\n {2}\}$/);
  });

  it("highlights keywords, strings, comments, numbers and types in HTML", () => {
    const html = String(showSource(scratch.softmax)[displaySymbol]()["text/html"]);
    assert.match(html, /defined in <code>src\/scratch\/functions\.ts<\/code>, line \d+/);
    assert.match(html, /<span class="tsdl-src-keyword"[^>]*>export<\/span>/);
    const bits = highlightTypeScript('const a = "x<y"; // note\nnew Tensor(1.5)');
    assert.match(bits, /<span class="tsdl-src-string"[^>]*>&quot;x&lt;y&quot;<\/span>/);
    assert.match(bits, /<span class="tsdl-src-comment"[^>]*>\/\/ note<\/span>/);
    assert.match(bits, /<span class="tsdl-src-type"[^>]*>Tensor<\/span>/);
    assert.match(bits, /<span class="tsdl-src-number"[^>]*>1\.5<\/span>/);
  });

  it("finds the end of a declaration past braces in strings, templates and comments", () => {
    const source = ['/** Doc. */', 'export function f(x: number): string {', '  const s = "}";', "  // }", "  return `${x}}`;", "}", "const after = 1;"].join("\n");
    assert.deepEqual(declarationLines(source, 1), { start: 0, end: 6 });
    assert.deepEqual(declarationLines("export const g = (a: number) => a + 1;\nconst h = 2;", 0), { start: 0, end: 1 });
  });

  it("shows the JavaScript of a function outside the library and says so, and refuses a non-function", () => {
    const view = showSource((x: number) => x + 1);
    assert.equal(view.file, undefined);
    assert.match(view.toString(), /not part of the tsdl library: its compiled JavaScript\n\n\(x\) => x \+ 1/);
    assert.throws(() => showSource(3), /showSource: expected a function or class of the library, e\.g\. scratch\.softmax; got 3/);
  });
});
