// What a cell's failure looks like in the notebook: a Jupyter error (ename, evalue, traceback) built
// from a thrown value or from TypeScript's diagnostics. Pure.
import type { Diagnostic } from "./cellCompiler";
import { InterruptedError } from "./interrupt";

export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type CellOutcome = { status: "ok"; value: unknown } | ({ status: "error" } & CellError);

// Frames from the kernel's own machinery say nothing to a student.
const INTERNAL_FRAME = /\(node:|\bnode:internal|[\\/]tslab[\\/]dist[\\/]|[\\/]dist[\\/]kernel[\\/]|^\s*at new Promise|^\s*at Generator\.next/;

export function errorFromThrown(thrown: unknown): CellError {
  if (thrown instanceof InterruptedError || (thrown instanceof Error && /interrupted by `SIGINT`/.test(thrown.message))) {
    const e = thrown instanceof InterruptedError ? thrown : new InterruptedError();
    return { ename: e.name, evalue: e.message, traceback: [`${e.name}: ${e.message}`] };
  }
  if (thrown instanceof Error) {
    let stack = (thrown.stack ?? `${thrown.name}: ${thrown.message}`).split("\n");
    // vm prefixes the stack with the failing source line and a caret; start at "Name: message".
    const title = stack.findIndex((l) => l.startsWith(`${thrown.name}:`) || l === thrown.name);
    if (title > 0) stack = stack.slice(title);
    const head = stack.findIndex((l) => /^\s+at /.test(l));
    const message = head < 0 ? stack : stack.slice(0, head);
    const frames = head < 0 ? [] : stack.slice(head).filter((l) => !INTERNAL_FRAME.test(l));
    return { ename: thrown.name || "Error", evalue: thrown.message, traceback: [...message, ...frames] };
  }
  const text = typeof thrown === "string" ? thrown : (JSON.stringify(thrown) ?? String(thrown));
  return { ename: "Error", evalue: `a non-Error value was thrown: ${text}`, traceback: [`Uncaught ${text}`] };
}

export function diagnosticsError(code: string, diags: Diagnostic[]): CellError {
  const lines = code.split("\n");
  const traceback: string[] = [];
  const messages: string[] = [];
  for (const d of diags) {
    const where = `${d.fileName ? d.fileName + " " : ""}${d.start.line + 1}:${d.start.character + 1}`;
    messages.push(`${where} - ${d.messageText}`);
    traceback.push(`${where} - error TS${d.code}: ${d.messageText}`);
    const line = lines[d.start.line];
    if (!d.fileName && line !== undefined) {
      const width = Math.max(1, d.start.line === d.end.line ? d.end.character - d.start.character : line.length - d.start.character);
      traceback.push(`  ${line}`, `  ${" ".repeat(d.start.character)}${"^".repeat(width)}`);
    }
  }
  return { ename: "TypeScriptError", evalue: messages.join("\n"), traceback };
}
