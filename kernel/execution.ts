// Runs cells: tslab's converter type-checks and compiles each one against the declarations
// of the cells before it; this module runs the result and reports a value or an error.
import path from "node:path";
import vm from "node:vm";
import { CellCompiler, CellConverter, Diagnostic } from "./cellCompiler";
import { Declarations, declaredNames, identifiersIn, intersects, mergeInto, NO_DECLARATIONS } from "./declarations";
import { CellModules, importedSpecifiers, redirectShippedImports } from "./modules";
import { SourceCache } from "./sourceCache";
import { patchDeclarations, VARIANCE_PATCHES } from "./declarationPatches";
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
const CANNOT_FIND_NAME = new Set([2304, 2552, 2582]);

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

/** What the kernel puts in every cell's scope: its types for completion early, its runtime on first use. */
export interface Prelude {
  /** The names it declares (tf, tsdl and the helpers). */
  names: Set<string>;
  /** The prelude's import source, minus the names the user already took; loads nothing. */
  source(taken: ReadonlySet<string>): string;
  /** Loads TensorFlow.js, the library and the backend. */
  loadRuntime(): Promise<void>;
}

export class CellRunner {
  /** Type-checks cells that use nothing declared before, against the standard library alone: fast. */
  private lightConverter: CellConverter | undefined;
  /** Type-checks cells against everything declared before, tf's declarations included. */
  private mainConverter: CellConverter | undefined;
  private readonly sources = new SourceCache(patchDeclarations(VARIANCE_PATCHES));
  private prev: Declarations = NO_DECLARATIONS;
  private readonly locals = createLocals();
  private readonly modules: CellModules;
  private cellNumber = 0;
  private rejectRunning: ((e: Error) => void) | undefined;
  private compiling = false;
  private interruptedWhileCompiling = false;
  private waitingRuns = 0;
  private interruptedWhileWaiting = false;
  private prelude: Prelude | undefined;
  /** The prelude's declarations joined the cells' (what completion needs). */
  private preludeTypes: Promise<void> | undefined;
  /** ...and its values are in scope (what running a cell that uses them needs). */
  private preludeRuntime: Promise<void> | undefined;
  private preludeNames = new Set<string>();
  // Cells and the prelude's loading change the declarations; one at a time.
  private lock: Promise<unknown> = Promise.resolve();

  constructor(readonly rootDir: string) {
    this.modules = new CellModules(rootDir);
    vm.runInThisContext("(x) => { globalThis.__tsdl__ = x; }")({ exports: this.locals, require: this.modules.require });
  }

  private get light(): CellConverter {
    return (this.lightConverter ??= new CellCompiler(this.rootDir, this.sources));
  }

  private get main(): CellConverter {
    return (this.mainConverter ??= new CellCompiler(this.rootDir, this.sources));
  }

  setPrelude(prelude: Prelude): void {
    this.prelude = prelude;
    this.preludeTypes = this.preludeRuntime = undefined;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn);
    this.lock = next.catch(() => undefined);
    return next;
  }

  /** Readies the light converter now: what the first cell needs. */
  warmUpLight(): void {
    this.light.convert("", "0");
  }

  /** Loads the prelude, types and runtime, ahead of first use (call when idle). */
  warmUpFull(): Promise<void> {
    // Only the types change the declarations and need the lock: loading TensorFlow.js (seconds, mostly waiting for
    // the backend) must not hold up a cell that does not use it.
    return this.exclusive(() => this.ensureTypes()).then(() => this.ensureRuntime());
  }

  /** Resolves once completion and inspection can see the prelude's types (TensorFlow.js need not be loaded). */
  typesReady(): Promise<void> {
    return this.preludeTypes ?? (this.prelude ? this.exclusive(() => this.ensureTypes()) : Promise.resolve());
  }

  // ensureTypes runs under the lock: it changes the declarations, which a running cell replaces when it ends.
  private ensureTypes(): Promise<void> {
    return (this.preludeTypes ??= this.compilePreludeTypes());
  }

  private ensureRuntime(): Promise<void> {
    return (this.preludeRuntime ??= this.loadPreludeRuntime());
  }

  private async compilePreludeTypes(): Promise<void> {
    if (!this.prelude) return;
    const source = this.prelude.source(this.prev.names);
    const converted = this.compilePrelude(source);
    this.preludeNames = declaredNames(converted.declOutput ?? "");
    this.prev = mergeInto(this.prev, converted.declOutput ?? "");
  }

  private async loadPreludeRuntime(): Promise<void> {
    await this.ensureTypes();
    if (!this.prelude) return;
    await this.prelude.loadRuntime();
    // Names a cell defined since the types were added keep the cell's values.
    const taken = new Set([...this.preludeNames].filter((n) => Object.prototype.hasOwnProperty.call(this.locals, n)));
    const { output } = this.compilePrelude(this.prelude.source(new Set([...this.prelude.names].filter((n) => !this.preludeNames.has(n) || taken.has(n)))));
    vm.runInThisContext(`(function (exports, require) { ${output}\n})(__tsdl__.exports, __tsdl__.require)`);
  }

  private compilePrelude(source: string) {
    const converted = this.main.convert(this.prev.text, source);
    if (converted.diagnostics.length > 0 || !converted.output) {
      throw new Error(`the prelude failed to compile: ${diagnosticsError(source, converted.diagnostics).evalue}`);
    }
    return converted;
  }

  run(code: string): Promise<CellOutcome> {
    this.waitingRuns += 1;
    return this.exclusive(async () => {
      this.waitingRuns -= 1;
      this.cellNumber += 1;
      try {
        if (this.interruptedWhileWaiting) throw new InterruptedError();
        return await this.runUnsafe(code);
      } catch (e) {
        return { status: "error", ...errorFromThrown(e) };
      } finally {
        this.compiling = false;
        this.interruptedWhileWaiting = false;
        this.rejectRunning = undefined;
      }
    });
  }

  private async runUnsafe(code: string): Promise<CellOutcome> {
    this.compiling = true;
    this.interruptedWhileCompiling = false;
    let src = expandShorthandProperties(redirectShippedImports(code, this.rootDir));
    await this.modules.preload(src);
    const words = identifiersIn(code);
    if (this.prelude && intersects(words, this.prelude.names)) await this.ensureRuntime();
    // A cell that names nothing declared before and imports nothing is checked without tf's declarations.
    const standalone = importedSpecifiers(src).length === 0 && !intersects(words, this.prev.names);
    const converter = standalone ? this.light : this.main;
    const convert = (text: string) => converter.convert(standalone ? "" : this.prev.text, text);
    let converted = convert(src);
    if (converted.diagnostics.length > 0) {
      const retry = ignoreUntypedImports(src, converted.diagnostics, this.modules);
      if (retry) {
        src = retry.src;
        converted = convert(src);
        for (const d of converted.diagnostics) d.start.line = d.end.line = retry.lineOf(d.start.line);
      }
    }
    if (converted.diagnostics.length > 0 && standalone && this.prelude && !this.preludeTypes && converted.diagnostics.some((d) => CANNOT_FIND_NAME.has(d.code))) {
      // A name the prelude may declare (its name list can be stale): load it and check again with it.
      await this.ensureRuntime();
      return this.runUnsafe(code);
    }
    if (converted.diagnostics.length > 0) return { status: "error", ...diagnosticsError(code, converted.diagnostics) };
    const next = mergeInto(this.prev, converted.declOutput ?? "");
    if (!converted.output) {
      this.prev = next;
      return { status: "ok", value: undefined };
    }
    // tslab misses an await inside parentheses (`await (p)`); any await needs the async wrapper.
    // A SIGINT that landed during the (synchronous) compile is only delivered once the event loop
    // polls again: two setImmediate hops let it, and then the cell must not start.
    await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
    this.compiling = false;
    if (this.interruptedWhileCompiling) throw new InterruptedError();
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
    this.prev = next;
    let value: unknown;
    if (converted.lastExpressionVar) {
      value = this.locals[converted.lastExpressionVar];
      delete this.locals[converted.lastExpressionVar];
    }
    return { status: "ok", value };
  }

  /** Stops waiting for the running cell; a synchronous loop is broken by SIGINT itself. */
  interrupt(): void {
    if (this.compiling) this.interruptedWhileCompiling = true;
    // A cell still waiting for the lock (behind the background warm-up, say) must not start.
    else if (!this.rejectRunning && this.waitingRuns > 0) this.interruptedWhileWaiting = true;
    this.rejectRunning?.(new InterruptedError());
  }

  /** Call after `typesReady()` so that completions include the prelude's names. */
  complete(code: string, cursor: number) {
    return this.main.complete(this.prev.text, code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.main.inspect(this.prev.text, code, cursor);
  }

  close(): void {
    this.lightConverter?.close();
    this.mainConverter?.close();
  }
}
