// Completion, inspection (Shift+Tab, `name?`) and is_complete, answered from the kernel's own cell
// compiler against the notebook's declarations. The reply contents are built here; sending them is the
// dispatcher's.
import * as ts from "@tslab/typescript-for-tslab";
import type { CellRunner } from "./cellRunner";
import { inspectTarget } from "./inspectTarget";

interface CodeRequest {
  code?: unknown;
  cursor_pos?: unknown;
}

function codeOf(req: CodeRequest): { code: string; cursor: number } {
  const code = typeof req.code === "string" ? req.code : "";
  const cursor = typeof req.cursor_pos === "number" && Number.isInteger(req.cursor_pos) ? Math.max(0, Math.min(req.cursor_pos, code.length)) : code.length;
  return { code, cursor };
}

/** Quick info as text: the signature, then its documentation and tags, as tslab prints it. */
export function quickInfoText(info: ts.QuickInfo): string {
  const signature = ts.displayPartsToString(info.displayParts);
  const docs = (info.documentation ?? []).map((d) => d.text);
  const tags = (info.tags ?? [])
    .map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text) }))
    .filter((tag) => tag.text)
    .map((tag) => (tag.name === "param" ? `@param ${tag.text}` : tag.text));
  const more = [...docs, ...tags];
  return more.length > 0 && signature ? `${signature}\n\n${more.join("\n")}` : [signature, ...more].join("\n");
}

/**
 * Whether `code` can run as it is, as tslab decides: it parses without a "… expected." error at its very
 * end, or ends with a blank line (Enter twice forces a run). An incomplete cell's next line is indented.
 */
export function isComplete(code: string): { status: "complete" } | { status: "incomplete"; indent: string } {
  if (/(^|\n)\s*\n\s*$/.test(code)) return { status: "complete" };
  const file = ts.createSourceFile("__is_complete__.tsx", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const parseErrors = (file as ts.SourceFile & { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  const cutShort = parseErrors.some((d) => d.start === code.length && d.length === 0 && typeof d.messageText === "string" && d.messageText.endsWith(" expected."));
  return cutShort ? { status: "incomplete", indent: indentAfter(code) } : { status: "complete" };
}

/** The indent of a new line after `code`'s last line: deeper after an opening bracket, shallower after a closing one. */
function indentAfter(code: string): string {
  const line = /[^\n]*$/.exec(code)![0];
  const current = /^\s*/.exec(line)![0];
  if (/^((?!.*?\/\*).*\*\/)?\s*[}\]].*$/.test(line)) return current.endsWith("  ") ? current.slice(0, -2) : current.replace(/[\t ]$/, "");
  if (/^((?!\/\/).)*(\{[^}"'`]*|\([^)"'`]*|\[[^\]"'`]*)$/.test(line)) return current + "  ";
  return current;
}

/** `name?` or `?name` pages the name's signature and docs, as IPython does; the expression, or undefined. */
export function pagerExpression(code: string): string | undefined {
  const m = /^\s*\?\s*([\w$.]+)\s*$|^\s*([\w$.]+)\s*\?\s*$/.exec(code);
  return m?.[1] ?? m?.[2];
}

export class Introspection {
  constructor(private readonly runner: CellRunner) {}

  complete(req: CodeRequest) {
    const { code, cursor } = codeOf(req);
    const info = this.runner.complete(code, cursor);
    return { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
  }

  inspect(req: CodeRequest) {
    const { code, cursor } = codeOf(req);
    const info = this.runner.inspect(code, inspectTarget(code, cursor));
    if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
    return { status: "ok", found: true, data: { "text/plain": quickInfoText(info) }, metadata: {} };
  }

  /** The execute_reply payload that pages `expr`'s documentation. */
  page(expr: string): unknown[] {
    const info = this.runner.inspect(expr, expr.length);
    const text = info ? quickInfoText(info) : `${expr}: no type information found`;
    return [{ source: "page", data: { "text/plain": text }, start: 0 }];
  }
}
