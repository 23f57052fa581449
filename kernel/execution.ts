// Runs cells through tslab's executor and turns what it reports into outcomes:
// a last value, a runtime error or TypeScript diagnostics.
import { createConverter, Converter } from "tslab/dist/converter";
import { createExecutor, Executor } from "tslab/dist/executor";
import { expandShorthandProperties } from "./shorthand";

export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type CellOutcome = { status: "ok"; value: unknown } | ({ status: "error" } & CellError);

class ConverterSet {
  private nodeConv: Converter | undefined;
  private browserConv: Converter | undefined;
  get node(): Converter {
    return (this.nodeConv ??= createConverter({ isJS: false, isBrowser: false }));
  }
  get browser(): Converter {
    return (this.browserConv ??= createConverter({ isJS: false, isBrowser: true }));
  }
  close(): void {
    this.nodeConv?.close();
    this.browserConv?.close();
  }
}

interface Capture {
  value: unknown;
  errors: unknown[][];
}

// Frames from the kernel's own machinery say nothing to a student.
const INTERNAL_FRAME = /\(node:|\bnode:internal|[\\/]tslab[\\/]dist[\\/]|[\\/]dist[\\/]kernel[\\/]|^\s*at new Promise|^\s*at Generator\.next/;

export function errorFromThrown(thrown: unknown): CellError {
  if (thrown instanceof Error) {
    const interrupted = /interrupted by `SIGINT`|Interrupted asynchronously/.test(thrown.message);
    if (interrupted) {
      return { ename: "Interrupted", evalue: "the cell was interrupted (SIGINT); variables defined before are kept", traceback: ["Interrupted: the cell was interrupted"] };
    }
    let stack = (thrown.stack ?? `${thrown.name}: ${thrown.message}`).split("\n");
    // vm prefixes the stack with the failing source line and a caret; start at "Name: message".
    const title = stack.findIndex((l) => l.startsWith(`${thrown.name}:`) || l === thrown.name);
    if (title > 0) stack = stack.slice(title);
    const head = stack.findIndex((l) => /^\s+at /.test(l));
    const message = head < 0 ? stack : stack.slice(0, head);
    const frames = head < 0 ? [] : stack.slice(head).filter((l) => !INTERNAL_FRAME.test(l));
    return { ename: thrown.name || "Error", evalue: thrown.message, traceback: [...message, ...frames] };
  }
  const text = typeof thrown === "string" ? thrown : JSON.stringify(thrown) ?? String(thrown);
  return { ename: "Error", evalue: `a non-Error value was thrown: ${text}`, traceback: [`Uncaught ${text}`] };
}

/** Diagnostics arrive as console.error("%s%d:%d - %s", file, line, col, text). */
function isDiagnostic(args: unknown[]): boolean {
  return args[0] === "%s%d:%d - %s" && args.length === 5;
}

function diagnosticsError(code: string, diags: unknown[][]): CellError {
  const lines = code.split("\n");
  const traceback: string[] = [];
  const messages: string[] = [];
  for (const [, file, line, col, text] of diags as [string, string, number, number, string][]) {
    const where = `${file ? String(file).trim() + " " : ""}${line}:${col}`;
    messages.push(`${where} - ${text}`);
    traceback.push(`${where} - error: ${text}`);
    if (!file && lines[line - 1] !== undefined) {
      traceback.push(`  ${lines[line - 1]}`, `  ${" ".repeat(Math.max(0, col - 1))}^`);
    }
  }
  return { ename: "TypeScriptError", evalue: messages.join("\n"), traceback };
}

export class CellRunner {
  private readonly convs = new ConverterSet();
  readonly executor: Executor;
  private capture: Capture | undefined;

  constructor(rootDir: string) {
    this.executor = createExecutor(rootDir, this.convs, {
      // tslab hands a cell's last value to console.log and errors to console.error.
      log: (value: unknown) => {
        if (this.capture) this.capture.value = value;
      },
      error: (...args: unknown[]) => {
        if (this.capture) this.capture.errors.push(args);
      },
    });
  }

  /** Builds the TypeScript program now rather than on the first cell. */
  warmUp(): void {
    void this.convs.node;
  }

  async run(code: string): Promise<CellOutcome> {
    const capture: Capture = { value: undefined, errors: [] };
    this.capture = capture;
    let ok: boolean;
    try {
      ok = await this.executor.execute(expandShorthandProperties(code));
    } catch (e) {
      return { status: "error", ...errorFromThrown(e) };
    } finally {
      this.capture = undefined;
    }
    if (ok) return { status: "ok", value: capture.value };
    const diags = capture.errors.filter(isDiagnostic);
    if (diags.length > 0) return { status: "error", ...diagnosticsError(code, diags) };
    const thrown = capture.errors.length > 0 ? capture.errors[0]![0] : new Error("the cell failed without reporting an error");
    return { status: "error", ...errorFromThrown(thrown) };
  }

  interrupt(): void {
    this.executor.interrupt();
  }

  complete(code: string, cursor: number) {
    return this.executor.complete(code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.executor.inspect(code, cursor);
  }

  close(): void {
    this.executor.close();
  }
}
