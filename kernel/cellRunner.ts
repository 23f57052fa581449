// Runs one cell: rewrite (imports, shorthand properties) → compile (type-check against the earlier cells'
// declarations) → run (in this process's V8 context) → value. It also owns what cells share: the
// declarations carried from cell to cell and the variables (`exports`) they live in.
import path from "node:path";
import vm from "node:vm";
import { CellCompilation, CellCompiler, CellConverter } from "./cellCompiler";
import { NodeTypes, readNodeNames } from "./nodeTypes";
import { CellOutcome, diagnosticsError, errorFromThrown } from "./cellErrors";
import { Declarations, declaredNames, identifiersIn, intersects, mergeInto, NO_DECLARATIONS } from "./declarations";
import type { CellInterrupt } from "./interrupt";
import { CellModules, importedSpecifiers, redirectShippedImports } from "./modules";
import { SourceCache } from "./sourceCache";
import { patchDeclarations, VARIANCE_PATCHES } from "./declarationPatches";
import { expandShorthandProperties } from "./shorthand";

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

/** A SIGINT that lands during a (synchronous) compile is delivered once the event loop polls again: two hops let it. */
const letSignalsIn = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

export class CellRunner {
  /** Type-checks cells that use nothing declared before, against the standard library alone: fast. */
  private lightConverter: CellConverter | undefined;
  /** Type-checks cells against everything declared before, tf's declarations included. */
  private mainConverter: CellConverter | undefined;
  private readonly sources = new SourceCache(patchDeclarations(VARIANCE_PATCHES));
  private readonly nodeTypes = new NodeTypes(readNodeNames());
  private declarations: Declarations = NO_DECLARATIONS;
  private readonly locals = createLocals();
  private readonly modules: CellModules;
  private cellNumber = 0;

  constructor(readonly rootDir: string) {
    this.modules = new CellModules(rootDir);
    vm.runInThisContext("(x) => { globalThis.__tsdl__ = x; }")({ exports: this.locals, require: this.modules.require });
  }

  private get light(): CellConverter {
    return (this.lightConverter ??= new CellCompiler(this.rootDir, this.sources, this.nodeTypes));
  }

  private get main(): CellConverter {
    return (this.mainConverter ??= new CellCompiler(this.rootDir, this.sources, this.nodeTypes));
  }

  /** Readies the light compiler now: what the first cell needs. */
  warmUp(): void {
    this.light.convert("", "0");
  }

  /** The names the cells (and the prelude) declared so far. */
  get declaredNames(): ReadonlySet<string> {
    return this.declarations.names;
  }

  /** Whether a cell gave `name` a value. */
  hasValue(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.locals, name);
  }

  /** Compiles `source` against the declarations so far and adds its declarations, without running it; returns the names it declares. */
  addDeclarations(source: string): Set<string> {
    const declOutput = this.compileHidden(source).declOutput ?? "";
    this.declarations = mergeInto(this.declarations, declOutput);
    return declaredNames(declOutput);
  }

  /** Compiles and runs `source` as a hidden cell: its values join the cells' variables, its declarations do not. */
  runHidden(source: string): void {
    vm.runInThisContext(`(function (exports, require) { ${this.compileHidden(source).output}\n})(__tsdl__.exports, __tsdl__.require)`);
  }

  private compileHidden(source: string): CellCompilation {
    const compiled = this.main.convert(this.declarations.text, source);
    if (compiled.diagnostics.length > 0 || compiled.output === undefined) throw new Error(`cannot compile ${diagnosticsError(source, compiled.diagnostics).evalue}`);
    return compiled;
  }

  /** Runs one cell; `interrupt` stops it before it starts or while it awaits. Never throws. */
  async run(code: string, interrupt: CellInterrupt): Promise<CellOutcome> {
    this.cellNumber += 1;
    try {
      const src = expandShorthandProperties(redirectShippedImports(code, this.rootDir));
      await this.modules.preload(src);
      const compiled = this.compile(code, src);
      if (compiled.diagnostics.length > 0) return { status: "error", ...diagnosticsError(code, compiled.diagnostics) };
      if (compiled.localModules) this.modules.local.update(compiled.localModules);
      if (compiled.output) await this.execute(compiled, interrupt);
      this.declarations = mergeInto(this.declarations, compiled.declOutput ?? "", compiled.redeclared);
      return { status: "ok", value: this.takeLastExpression(compiled) };
    } catch (e) {
      return { status: "error", ...errorFromThrown(e) };
    }
  }

  /** A cell that names nothing declared before and imports nothing is checked without tf's declarations. */
  private compile(code: string, src: string): CellCompilation {
    const imported = importedSpecifiers(src).map((i) => i.specifier);
    const standalone = imported.length === 0 && !intersects(identifiersIn(code), this.declarations.names);
    if (standalone) return this.light.convert("", src);
    // ESM-only packages are loaded through import(), with or without types.
    const untypedModules = new Set(imported.filter((s) => this.modules.isEsm(s)));
    return this.main.convert(this.declarations.text, src, { untypedModules });
  }

  private async execute(compiled: CellCompilation, interrupt: CellInterrupt): Promise<void> {
    await letSignalsIn();
    interrupt.check();
    // tslab misses an await inside parentheses (`await (p)`); any await needs the async wrapper.
    const isAsync = compiled.hasToplevelAwait || /\bawait\b/.test(compiled.output!);
    const wrapped = `(${isAsync ? "async " : ""}function (exports, require) { ${compiled.output}\n})(__tsdl__.exports, __tsdl__.require)`;
    const result: unknown = vm.runInThisContext(wrapped, {
      filename: path.join(this.rootDir, `In[${this.cellNumber}]`),
      breakOnSigint: true,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    } as vm.RunningScriptOptions);
    if (isAsync) await interrupt.race(result as Promise<unknown>);
  }

  private takeLastExpression(compiled: CellCompilation): unknown {
    const name = compiled.lastExpressionVar;
    if (!name) return undefined;
    const value = this.locals[name];
    delete this.locals[name];
    return value;
  }

  complete(code: string, cursor: number) {
    return this.main.complete(this.declarations.text, code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.main.inspect(this.declarations.text, code, cursor);
  }

  close(): void {
    this.lightConverter?.close();
    this.mainConverter?.close();
  }
}
