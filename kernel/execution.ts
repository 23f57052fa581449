// Runs cells: tslab's converter type-checks and compiles each one against the declarations
// of the cells before it; this module runs the result and reports a value or an error.
import path from "node:path";
import vm from "node:vm";
import { createConverter, Converter, Diagnostic } from "tslab/dist/converter";
import { CellModules, redirectShippedImports } from "./modules";
import { expandShorthandProperties } from "./shorthand";

export interface CellError {
  ename: string;
  evalue: string;
  traceback: string[];
}

export type CellOutcome = { status: "ok"; value: unknown } | ({ status: "error" } & CellError);

// Frames from the kernel's own machinery say nothing to a student.
const INTERNAL_FRAME = /\(node:|\bnode:internal|[\\/]tslab[\\/]dist[\\/]|[\\/]dist[\\/]kernel[\\/]|^\s*at new Promise|^\s*at Generator\.next/;

export class InterruptedError extends Error {
  constructor() {
    super("the cell was interrupted (SIGINT); variables defined before are kept");
    this.name = "Interrupted";
  }
}

export function errorFromThrown(thrown: unknown): CellError {
  if (thrown instanceof InterruptedError || (thrown instanceof Error && /interrupted by `SIGINT`/.test(thrown.message))) {
    const e = new InterruptedError();
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

const MISSING_TYPES = new Set([2307, 7016]);

/** Marks the lines that import untyped ESM packages with `// @ts-ignore`; returns the map back. */
function ignoreUntypedImports(src: string, diags: Diagnostic[], modules: CellModules): { src: string; lineOf: (l: number) => number } | undefined {
  const lines = src.split("\n");
  const ignore = new Set(
    diags
      .filter((d) => MISSING_TYPES.has(d.code) && !d.fileName)
      .filter((d) => /['"]([^'"]+)['"]/.test(d.messageText) && modules.isEsm(/['"]([^'"]+)['"]/.exec(d.messageText)![1]!))
      .map((d) => d.start.line),
  );
  if (ignore.size === 0 || ignore.size !== diags.filter((d) => MISSING_TYPES.has(d.code)).length) return undefined;
  const out: string[] = [];
  const original: number[] = [];
  lines.forEach((line, i) => {
    if (ignore.has(i)) {
      out.push("// @ts-ignore");
      original.push(i);
    }
    out.push(line);
    original.push(i);
  });
  return { src: out.join("\n"), lineOf: (l) => original[l] ?? l };
}

/** The variables of every cell so far; named imports stay rewritable, as tslab does. */
function createLocals(): Record<string, unknown> {
  const locals: Record<string, unknown> = {};
  return new Proxy(locals, {
    defineProperty: (_target, prop, attrs) => {
      if (prop === "__esModule") return true;
      locals[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

export class CellRunner {
  private nodeConverter: Converter | undefined;
  private prevDecl = "";
  private readonly locals = createLocals();
  private readonly modules: CellModules;
  private cellNumber = 0;
  private rejectRunning: ((e: Error) => void) | undefined;

  constructor(readonly rootDir: string) {
    this.modules = new CellModules(rootDir);
    vm.runInThisContext("(x) => { globalThis.__tsdl__ = x; }")({ exports: this.locals, require: this.modules.require });
  }

  private get converter(): Converter {
    return (this.nodeConverter ??= createConverter({ isJS: false, isBrowser: false }));
  }

  /** Builds the TypeScript program now rather than on the first cell. */
  warmUp(): void {
    void this.converter;
  }

  async run(code: string): Promise<CellOutcome> {
    this.cellNumber += 1;
    try {
      return await this.runUnsafe(code);
    } catch (e) {
      return { status: "error", ...errorFromThrown(e) };
    } finally {
      this.rejectRunning = undefined;
    }
  }

  private async runUnsafe(code: string): Promise<CellOutcome> {
    let src = redirectShippedImports(expandShorthandProperties(code), this.rootDir);
    await this.modules.preload(src);
    let converted = this.converter.convert(this.prevDecl, src);
    if (converted.diagnostics.length > 0) {
      const retry = ignoreUntypedImports(src, converted.diagnostics, this.modules);
      if (retry) {
        src = retry.src;
        converted = this.converter.convert(this.prevDecl, src);
        for (const d of converted.diagnostics) d.start.line = d.end.line = retry.lineOf(d.start.line);
      }
    }
    if (converted.diagnostics.length > 0) return { status: "error", ...diagnosticsError(code, converted.diagnostics) };
    if (!converted.output) {
      this.prevDecl = converted.declOutput ?? "";
      return { status: "ok", value: undefined };
    }
    // tslab misses an await inside parentheses (`await (p)`); any await needs the async wrapper.
    const isAsync = converted.hasToplevelAwait || /\bawait\b/.test(converted.output);
    const wrapped = `(${isAsync ? "async " : ""}function (exports, require) { ${converted.output}\n})(__tsdl__.exports, __tsdl__.require)`;
    const result: unknown = vm.runInThisContext(wrapped, {
      filename: path.join(this.rootDir, `In[${this.cellNumber}]`),
      breakOnSigint: true,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as vm.RunningScriptOptions);
    if (isAsync) {
      await Promise.race([
        result,
        new Promise((_, reject) => {
          this.rejectRunning = reject;
        }),
      ]);
    }
    this.prevDecl = converted.declOutput ?? "";
    let value: unknown;
    if (converted.lastExpressionVar) {
      value = this.locals[converted.lastExpressionVar];
      delete this.locals[converted.lastExpressionVar];
    }
    return { status: "ok", value };
  }

  /** Stops waiting for the running cell; a synchronous loop is broken by SIGINT itself. */
  interrupt(): void {
    this.rejectRunning?.(new InterruptedError());
  }

  complete(code: string, cursor: number) {
    return this.converter.complete(this.prevDecl, code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.converter.inspect(this.prevDecl, code, cursor);
  }

  close(): void {
    this.nodeConverter?.close();
  }
}
