// showSource(fn): the TypeScript source of a library function or class, highlighted, with the file and
// line where it is defined (d2l's "defined in"), instead of the compiled JavaScript `fn.toString()` gives.
import { valueText } from "../args/describe";
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { declarationLines } from "./extract";
import { highlightTypeScript } from "./highlight";
import { locateSource } from "./locate";

/** A piece of source code and where it comes from; its display is the highlighted code under that line. */
export class SourceView implements Displayable {
  constructor(
    readonly name: string,
    readonly code: string,
    /** `src/scratch/functions.ts`, or undefined for a function from outside the library. */
    readonly file: string | undefined,
    readonly line: number | undefined,
    readonly language: "typescript" | "javascript",
  ) {}

  get where(): string {
    return this.file ? `defined in ${this.file}, line ${this.line}` : "not part of the tsdl library: its compiled JavaScript";
  }

  toString(): string {
    return `${this.name} — ${this.where}\n\n${this.code}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [displaySymbol](): MediaBundle {
    const head = `<div class="tsdl-source-where" style="font-size:0.9em;color:#59636e;margin-bottom:4px"><b style="color:#1f2328">${escapeHtml(this.name)}</b> — ${this.file ? `defined in <code>${escapeHtml(this.file)}</code>, line ${this.line}` : escapeHtml(this.where)}</div>`;
    const body = this.language === "typescript" ? highlightTypeScript(this.code) : escapeHtml(this.code);
    const pre = `<pre class="tsdl-source" style="background:#f6f8fa;border:1px solid #d8dee4;border-radius:6px;padding:8px 10px;overflow-x:auto;font-size:0.9em;line-height:1.45;margin:0">${body}</pre>`;
    return { "text/plain": this.toString(), "text/html": `<div class="tsdl-source-view">${head}${pre}</div>` };
  }
}

/**
 * Shows the TypeScript source of a function or class of the library (e.g. `scratch.softmax`,
 * `scratch.MulLayer`), highlighted, with the file and line where it is defined. For any other function,
 * shows its JavaScript and says so.
 *
 * @example
 * showSource(scratch.softmax)
 */
export function showSource(fn: unknown): SourceView {
  if (typeof fn !== "function") throw new TypeError(`showSource: expected a function or class of the library, e.g. scratch.softmax; got ${valueText(fn)}`);
  const name = fn.name || "(anonymous)";
  const found = locateSource(fn);
  if (!found) return new SourceView(name, Function.prototype.toString.call(fn), undefined, undefined, "javascript");
  const lines = found.text.split("\n");
  const { start, end } = declarationLines(found.text, found.line - 1);
  return new SourceView(name, lines.slice(start, end).join("\n").replace(/\s+$/, ""), found.file, found.line, "typescript");
}
