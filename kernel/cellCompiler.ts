// Type-checks and compiles one cell against the declarations of the cells before it.
//
// Each cell gets a plain ts.Program built from the previous one (`oldProgram`) over a shared cache of
// parsed files, so unchanged files are neither read, parsed nor bound again. tslab's converter does
// the same through a watch program whose builder recomputes a reference map over every file (tf
// brings ~800) twice per cell: ~100 ms per cell that nothing here needs. The semantics are tslab's:
// the cell's file is parented to the previous declarations, so their names resolve without imports;
// its top-level names are exported; references to earlier cells read `exports.x`; the last expression
// is kept in a variable; the notebook's own .ts files a cell imports are checked and compiled with it;
// a name redeclared in one declaration space keeps its meaning in the other (see declarations.ts).
import path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { compilerOptions } from "./compilerOptions";
import { Meaning, Redeclaration, topLevelNames } from "./declarations";
import { moduleReferences } from "./moduleReferences";
import { NODE_LITE, NODE_LITE_FILE, NodeTypes, readNodeNames } from "./nodeTypes";
import { isInstalledFile, mtime, SourceCache } from "./sourceCache";
import { bindSourceFile, createModeAwareCache, localsOf, ProgramFile, ResolvedModules } from "./typescriptInternals";

export interface DiagnosticPos {
  offset: number;
  line: number;
  character: number;
}

export interface Diagnostic {
  start: DiagnosticPos;
  end: DiagnosticPos;
  messageText: string;
  category: number;
  code: number;
  /** Set when the error is in a file of the notebook's own (relative to its folder), not in the cell. */
  fileName?: string;
}

/** A .ts (or .js) file of the notebook's own that a cell imports, compiled to CommonJS. */
export interface LocalModule {
  fileName: string;
  js: string;
}

export interface CellCompilation {
  diagnostics: Diagnostic[];
  output?: string;
  declOutput?: string;
  hasToplevelAwait?: boolean;
  lastExpressionVar?: string;
  /** The notebook's own files the cell imports, directly or not, each compiled. */
  localModules?: LocalModule[];
  /** The cell's names that earlier cells declared too, with what each declaration means (see mergeInto). */
  redeclared?: Record<string, Redeclaration>;
}

export interface CompletionInfo {
  start: number;
  end: number;
  candidates: string[];
  original?: ts.CompletionInfo;
}

export interface ConvertOptions {
  /**
   * Packages the cell imports that run without types (ESM-only ones loaded through import()): their
   * "cannot find module" and "no declaration file" errors are not the cell's, and their names are `any`.
   */
  untypedModules?: ReadonlySet<string>;
}

/** What the kernel needs from a compiler. */
export interface CellConverter {
  convert(prevDecl: string, src: string, options?: ConvertOptions): CellCompilation;
  inspect(prevDecl: string, src: string, position: number): ts.QuickInfo | undefined;
  complete(prevDecl: string, src: string, position: number): CompletionInfo;
  close(): void;
}

// "export {};" makes both files modules, so a cell's names stay local to it unless exported.
const PREFIX = "export {};\n";
/** Where TypeScript ranks globals among completions (its SortText.GlobalsOrKeywords). */
const GLOBALS_SORT_TEXT = "15";
const NODE_TYPES_FILE = /[\\/]@types[\\/]node[\\/]/;
const AWAIT_ONLY_IN_ASYNC = 1308;
/** "Cannot find module" and "could not find a declaration file for module". */
const UNTYPED_MODULE = new Set([2307, 7016]);
const LAST_EXPRESSION = "tsLastExpr";

const never: ts.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

interface Built {
  program: ts.Program;
  cell: ts.SourceFile;
  /** The files holding the earlier cells' declarations: the cell's parent, its parent, and so on. */
  decls: ReadonlySet<ts.SourceFile>;
}

/**
 * The earlier cells' declarations as a chain of files: `head` holds the newest, and each file's parent
 * is the next older one, so a name resolves to its newest declaration. `text` is the whole declaration
 * text the chain stands for.
 */
interface DeclChain {
  text: string;
  head: ts.SourceFile;
  files: ReadonlySet<ts.SourceFile>;
}

/** A program whose checker later cells reuse, and what tells whether they may. */
interface Shared {
  program: ts.Program;
  /** Resolutions of every module the program's cell and declarations name. */
  resolved: ResolvedModules;
  /** The program's files outside node_modules, with their mtimes when it was built. */
  localFiles: [string, number | undefined][];
  uses: number;
  /** Text of the declaration files parsed for cells that reused it. */
  declBytes: number;
  /** The declarations the last cell that reused it ran after. */
  chain: DeclChain;
}

/**
 * How many cells share one checker, and how much declaration text they may parse for it. The checker
 * keeps what it resolved for each cell, and through that the declaration files parsed for it (~20× their
 * text in memory); a new program lets them go, at the cost of one cell's full check.
 */
const CELLS_PER_CHECKER = 100;
const DECL_BYTES_PER_CHECKER = 256 * 1024;

export class CellCompiler implements CellConverter {
  private options: ts.CompilerOptions;
  private readonly host: ts.CompilerHost;
  private readonly cellPath: string;
  private readonly declPath: string;
  private readonly litePath: string;
  /** Whether this compiler's programs hold @types/node (else NODE_LITE). */
  private withNode: boolean;
  private oldProgram: ts.Program | undefined;
  private shared: Shared | undefined;
  private cellText = PREFIX;
  private declText = PREFIX;
  private declFile: ts.SourceFile | undefined;
  private serial = 0;
  /** Programs (and so type checkers) built so far; the rest of the cells reused one. */
  programsBuilt = 0;
  private last: { key: string; result: CellCompilation; localFiles: [string, number | undefined][] } | undefined;
  /** The compiled output of the notebook's own files, per parsed version (a changed file is parsed anew). */
  private readonly localJs = new WeakMap<ts.SourceFile, string>();

  constructor(
    readonly rootDir: string,
    private readonly cache = new SourceCache(),
    private readonly nodeTypes = new NodeTypes(readNodeNames()),
  ) {
    this.withNode = nodeTypes.loaded;
    this.options = compilerOptions(rootDir, this.withNode);
    this.cellPath = path.join(rootDir, "__cell__.ts");
    this.declPath = path.join(rootDir, "__prev__.d.ts");
    this.litePath = path.join(rootDir, NODE_LITE_FILE);
    let liteFile: ts.SourceFile | undefined;
    const host = ts.createCompilerHost(this.options);
    host.getSourceFile = (fileName, languageVersion) => {
      if (fileName === this.cellPath) return ts.createSourceFile(fileName, this.cellText, languageVersion, true);
      if (fileName === this.declPath) return (this.declFile ??= ts.createSourceFile(fileName, this.declText, languageVersion, false));
      if (fileName === this.litePath) return (liteFile ??= ts.createSourceFile(fileName, NODE_LITE, languageVersion, false));
      return this.cache.get(fileName, languageVersion);
    };
    const virtual = (f: string) => f === this.cellPath || f === this.declPath || f === this.litePath;
    host.fileExists = (f) => virtual(f) || ts.sys.fileExists(f);
    host.readFile = (f) => (f === this.cellPath ? this.cellText : f === this.declPath ? this.declText : f === this.litePath ? NODE_LITE : ts.sys.readFile(f));
    host.writeFile = () => {
      throw new Error("the cell compiler never writes files");
    };
    host.getCurrentDirectory = () => rootDir;
    this.host = host;
  }

  /** Builds the program of one cell; resolving the cell's names falls through to the earlier cells'. */
  private build(prevDecl: string, src: string): Built {
    this.nodeTypes.loadFor(src);
    if (this.withNode !== this.nodeTypes.loaded) this.loadNodeTypes();
    const declText = PREFIX + prevDecl;
    const cellText = PREFIX + src;
    const reused = this.reuse(declText, cellText);
    if (reused) return reused;
    if (declText !== this.declText) {
      this.declText = declText;
      this.declFile = undefined;
    }
    this.cellText = cellText;
    const rootNames = this.withNode ? [this.declPath, this.cellPath] : [this.litePath, this.declPath, this.cellPath];
    const program = ts.createProgram({ rootNames, options: this.options, host: this.host, oldProgram: this.oldProgram });
    // A package the notebook imports may reference @types/node itself: then NODE_LITE would only conflict with it.
    if (!this.withNode && program.getSourceFiles().some((f) => NODE_TYPES_FILE.test(f.fileName))) {
      this.nodeTypes.loadNow();
      return this.build(prevDecl, src);
    }
    this.oldProgram = program;
    this.programsBuilt += 1;
    const cell = program.getSourceFile(this.cellPath)!;
    const decls = program.getSourceFile(this.declPath)!;
    (cell as { parent: ts.Node }).parent = decls;
    // Binding every file (which also sets the parent pointers completion walks) happens here.
    program.getTypeChecker();
    const resolved = createModeAwareCache();
    for (const file of [decls, cell] as ProgramFile[]) file.resolvedModules?.forEach((r, name, mode) => resolved.set(name, mode, r));
    const localFiles = program
      .getSourceFiles()
      .map((f) => f.fileName)
      .filter((f) => f !== this.cellPath && f !== this.declPath && !isInstalledFile(f))
      .map((f): [string, number | undefined] => [f, mtime(f)]);
    const chain: DeclChain = { text: decls.text, head: decls, files: new Set([decls]) };
    this.shared = { program, resolved, localFiles, uses: 0, declBytes: 0, chain };
    return { program, cell, decls: chain.files };
  }

  /** From now on, programs hold @types/node instead of NODE_LITE; none built before is reused. */
  private loadNodeTypes(): void {
    this.withNode = true;
    this.options = compilerOptions(this.rootDir, true);
    this.oldProgram = undefined;
    this.shared = undefined;
  }

  /**
   * Checks the cell with the checker of an earlier cell's program, when that program already holds
   * every module the cell and its declarations name. A new checker must merge the globals of ~55
   * library files (~160 once Node's are loaded) and, for a cell using tf, resolve tf's ~800 files of
   * `export *` again: 2-20 ms.
   * The cell and its declarations join as files outside the program, with names of their own, so that
   * the checker's per-file diagnostics never mix two cells.
   */
  private reuse(declText: string, cellText: string): Built | undefined {
    const shared = this.shared;
    if (!shared || shared.uses >= CELLS_PER_CHECKER || shared.declBytes >= DECL_BYTES_PER_CHECKER) return undefined;
    if (shared.localFiles.some(([f, m]) => mtime(f) !== m)) return undefined;
    const chain = this.chainFor(declText, shared);
    if (!chain) return undefined;
    const cell = this.outsideFile(`__cell${this.serial}__.ts`, cellText, shared);
    if (!cell) return undefined;
    this.serial += 1;
    (cell as { parent: ts.Node }).parent = chain.head;
    shared.chain = chain;
    shared.uses += 1;
    return { program: shared.program, cell, decls: chain.files };
  }

  /**
   * The declarations `declText` stands for. When it is the last chain's text with new declarations in
   * front (a cell that declared only new names, see mergeInto), only those are parsed, into a file
   * in front of the chain; otherwise the whole text is.
   */
  private chainFor(declText: string, shared: Shared): DeclChain | undefined {
    const last = shared.chain;
    if (declText === last.text) return last;
    const older = last.text.slice(PREFIX.length);
    const prepended = declText.startsWith(PREFIX) && declText.endsWith(older) && declText.length > last.text.length;
    const text = prepended ? declText.slice(0, declText.length - older.length) : declText;
    const file = this.outsideFile(`__prev${this.serial}__.d.ts`, text, shared);
    if (!file) return undefined;
    shared.declBytes += text.length;
    if (!prepended) return { text: declText, head: file, files: new Set([file]) };
    (file as { parent: ts.Node }).parent = last.head;
    return { text: declText, head: file, files: new Set([...last.files, file]) };
  }

  /** A parsed and bound file the shared program does not hold, or undefined if it names a module the program lacks. */
  private outsideFile(name: string, text: string, shared: Shared): ts.SourceFile | undefined {
    const fileName = path.join(this.rootDir, name);
    const file = ts.createSourceFile(fileName, text, this.options.target ?? ts.ScriptTarget.Latest, fileName.endsWith(".ts") && !fileName.endsWith(".d.ts"));
    const names = moduleReferences(file);
    // Only a module the program found: one it did not may have been installed or written since.
    if (!names || [...names].some((n) => !shared.resolved.get(n, undefined)?.resolvedModule)) return undefined;
    const outside = file as ProgramFile;
    outside.path = outside.resolvedPath = outside.originalFileName = fileName;
    outside.resolvedModules = shared.resolved;
    bindSourceFile(file, this.options);
    return file;
  }

  convert(prevDecl: string, src: string, options: ConvertOptions = {}): CellCompilation {
    // Running a cell again with the same declarations before it gives the same result, unless a file
    // of the notebook's own (outside node_modules) changed since.
    const untyped = [...(options.untypedModules ?? [])].sort();
    const key = `${prevDecl}\u0000${src}\u0000${untyped.join("\u0000")}`;
    if (this.last?.key === key && this.last.localFiles.every(([f, m]) => mtime(f) === m)) return structuredClone(this.last.result);
    const result = this.compile(prevDecl, src, new Set(untyped));
    this.last = { key, result: structuredClone(result), localFiles: this.shared?.localFiles ?? [] };
    return result;
  }

  private compile(prevDecl: string, src: string, untyped: ReadonlySet<string>): CellCompilation {
    const locals = topLevelNames(src);
    const exported = locals.size > 0 ? `${src}\nexport { ${[...locals].join(", ")} }` : src;
    const { program, cell, decls } = this.build(prevDecl, exported);
    const dependencies = localDependencies(program, cell);
    const found = [...program.getSyntacticDiagnostics(cell), ...program.getGlobalDiagnostics(), ...program.getSemanticDiagnostics(cell)];
    for (const file of dependencies) found.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file));
    const checked = this.diagnostics(cell, decls, found.filter((d) => !(d.file === cell && isUntypedImport(cell, d, untyped))));
    if (checked.diagnostics.length > 0 && this.nodeTypes.loadForErrors(checked.diagnostics.map((d) => d.messageText))) return this.compile(prevDecl, src, untyped);
    if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics };

    let output = "";
    let declOutput = "";
    let lastExpressionVar: string | undefined;
    const checker = program.getTypeChecker();
    // Declaration diagnostics (a type the .d.ts cannot name) come from this emit: asking for them
    // before would run the declaration transform twice.
    const emitted = program.emit(
      cell,
      (fileName, text) => {
        if (fileName.endsWith(".d.ts")) declOutput = text;
        else if (fileName.endsWith(".js")) output = text;
      },
      undefined,
      false,
      {
        after: [wrapEarlierNames(checker, decls), keepLastExpression(cell, locals, (name) => (lastExpressionVar = name))],
        afterDeclarations: [dropExportLists],
      },
    );
    const declarationErrors = this.diagnostics(cell, decls, emitted.diagnostics).diagnostics;
    if (declarationErrors.length > 0) return { diagnostics: declarationErrors };
    const result: CellCompilation = { output, declOutput, diagnostics: [], hasToplevelAwait: checked.hasToplevelAwait, lastExpressionVar };
    if (dependencies.length > 0) result.localModules = dependencies.map((file) => ({ fileName: file.fileName, js: this.emitLocal(program, file) }));
    const redeclared = redeclarations(checker, cell, decls, locals);
    if (Object.keys(redeclared).length > 0) result.redeclared = redeclared;
    return result;
  }

  /** A file of the notebook's own as CommonJS, compiled once per version of the file. */
  private emitLocal(program: ts.Program, file: ts.SourceFile): string {
    let js = this.localJs.get(file);
    if (js === undefined) {
      program.emit(file, (fileName, text) => {
        if (/\.[cm]?jsx?$/.test(fileName)) js = text;
      });
      this.localJs.set(file, js ?? "");
    }
    return js ?? "";
  }

  private diagnostics(cell: ts.SourceFile, decls: ReadonlySet<ts.SourceFile>, found: readonly ts.Diagnostic[]): { diagnostics: Diagnostic[]; hasToplevelAwait: boolean } {
    let hasToplevelAwait = false;
    const out: Diagnostic[] = [];
    for (const d of ts.sortAndDeduplicateDiagnostics(found)) {
      if (!d.file || d.start === undefined) continue;
      if (d.file === cell && isTopLevelAwait(cell, d)) {
        hasToplevelAwait = true;
        continue;
      }
      let fileName: string | undefined;
      if (d.file !== cell) {
        // Errors inside earlier declarations or libraries are not the cell's; tslab hides them too.
        const rel = path.relative(this.rootDir, d.file.fileName);
        if (rel.startsWith("..") || decls.has(d.file) || d.file.fileName === this.litePath) continue;
        fileName = rel;
      }
      const start = position(d.file, d.start, d.file === cell);
      const end = position(d.file, d.start + (d.length ?? 0), d.file === cell);
      flatten(d.messageText, d.category, d.code).forEach((m, i) => out.push({ start, end, ...m, ...(i === 0 && fileName ? { fileName } : {}) }));
    }
    return { diagnostics: out, hasToplevelAwait };
  }

  inspect(prevDecl: string, src: string, pos: number): ts.QuickInfo | undefined {
    const { program, cell } = this.build(prevDecl, src);
    const info = ts.getQuickInfoAtPosition(cell, program.getTypeChecker(), never, pos + PREFIX.length);
    if (info?.textSpan) info.textSpan.start -= PREFIX.length;
    return info;
  }

  complete(prevDecl: string, src: string, cursor: number): CompletionInfo {
    const { program, cell } = this.build(prevDecl, src);
    const pos = cursor + PREFIX.length;
    const info = ts.Completions.getCompletionsAtPositionForTslab({} as ts.LanguageServiceHost, program, () => undefined, cell, pos, {}, undefined, ts.CompletionTriggerKind.Invoked, never);
    if (info?.optionalReplacementSpan) info.optionalReplacementSpan.start -= PREFIX.length;
    // Until a cell needs @types/node, its globals are offered by name: the next request, naming one, loads it.
    const unloaded = info && !info.isMemberCompletion ? this.nodeTypes.unloadedGlobals() : [];
    const known = new Set(info?.entries.map((e) => e.name));
    const entries = [...(info?.entries ?? []), ...unloaded.filter((name) => !known.has(name)).map((name) => ({ name, sortText: GLOBALS_SORT_TEXT }))];
    const prev = ts.findPrecedingToken(pos, cell);
    // The identifier being typed, before or around the cursor: candidates are ranked against it.
    const next = prev ? ts.findNextToken(prev, cell, cell) : undefined;
    const word = prev && ts.isIdentifier(prev) && prev.end >= pos ? prev : next && ts.isIdentifier(next) && next.getStart(cell) <= pos && pos <= next.end ? next : undefined;
    if (!word) {
      const sorted = [...entries].sort((a, b) => a.sortText.localeCompare(b.sortText) || a.name.localeCompare(b.name));
      return { start: cursor, end: cursor, candidates: sorted.map((e) => e.name), original: info };
    }
    return {
      start: word.getStart(cell) - PREFIX.length,
      end: word.end - PREFIX.length,
      candidates: rankCandidates(entries, word.text),
      original: info,
    };
  }

  close(): void {
    this.oldProgram = undefined;
  }
}

/** Prefix matches first, then case-insensitive prefix, then substring; the rest are dropped. */
export function rankCandidates(entries: readonly { name: string; sortText: string }[], typed: string): string[] {
  const lower = typed.toLowerCase();
  const rank = (name: string) => (name.startsWith(typed) ? "0" : name.toLowerCase().startsWith(lower) ? "1" : name.toLowerCase().includes(lower) ? "2" : undefined);
  return entries
    .map((e, index) => ({ name: e.name, key: rank(e.name), sortText: e.sortText, index }))
    .filter((e): e is { name: string; key: string; sortText: string; index: number } => e.key !== undefined)
    .sort((a, b) => (a.key + a.sortText).localeCompare(b.key + b.sortText) || a.index - b.index)
    .map((e) => e.name);
}

function position(file: ts.SourceFile, offset: number, isCell: boolean): DiagnosticPos {
  const { line, character } = ts.getLineAndCharacterOfPosition(file, offset);
  // The prefix is one full line, so only offsets and line numbers shift.
  return isCell ? { offset: offset - PREFIX.length, line: line - 1, character } : { offset, line, character };
}

function flatten(message: string | ts.DiagnosticMessageChain, category: ts.DiagnosticCategory, code: number): Pick<Diagnostic, "messageText" | "category" | "code">[] {
  if (typeof message === "string") return [{ messageText: message, category, code }];
  return [{ messageText: message.messageText, category: message.category, code: message.code }, ...(message.next ?? []).flatMap((m) => flatten(m, m.category, m.code))];
}

/** An import of a package that runs without types (see ConvertOptions.untypedModules). */
function isUntypedImport(cell: ts.SourceFile, d: ts.Diagnostic, untyped: ReadonlySet<string>): boolean {
  if (!UNTYPED_MODULE.has(d.code) || d.start === undefined || d.length === undefined) return false;
  const quoted = cell.text.slice(d.start, d.start + d.length);
  return /^["'`]/.test(quoted) && untyped.has(quoted.slice(1, -1));
}

/**
 * The notebook's own source files (outside node_modules, not declaration files) the cell imports, and the
 * ones they import in turn: tslab checks and compiles them with the cell.
 */
function localDependencies(program: ts.Program, cell: ts.SourceFile): ts.SourceFile[] {
  const found = new Map<string, ts.SourceFile>();
  const visit = (file: ts.SourceFile) =>
    (file as ProgramFile).resolvedModules?.forEach((r) => {
      const m = r?.resolvedModule;
      if (!m || m.isExternalLibraryImport || m.extension === ts.Extension.Dts || isInstalledFile(m.resolvedFileName) || found.has(m.resolvedFileName)) return;
      const dep = program.getSourceFile(m.resolvedFileName);
      if (!dep || dep.isDeclarationFile) return;
      found.set(m.resolvedFileName, dep);
      visit(dep);
    });
  visit(cell);
  return [...found.values()];
}

/** What a symbol means: a value, a type or both (an import means what it imports). */
function meaningOf(checker: ts.TypeChecker, symbol: ts.Symbol): Meaning {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const value = (target.flags & ts.SymbolFlags.Value) !== 0;
  const type = (target.flags & ts.SymbolFlags.Type) !== 0;
  // An import the checker could not resolve means anything.
  return value || type ? { value, type } : { value: true, type: true };
}

/**
 * The cell's top-level names that the earlier declarations declare too: what the cell's declaration
 * means, and for an earlier import, what it imported. tslab decides from these flags which meaning of
 * an earlier name a redeclaration replaces.
 */
function redeclarations(checker: ts.TypeChecker, cell: ts.SourceFile, decls: ReadonlySet<ts.SourceFile>, names: ReadonlySet<string>): Record<string, Redeclaration> {
  const out: Record<string, Redeclaration> = {};
  const cellLocals = localsOf(cell);
  for (const name of names) {
    const newer = cellLocals?.get(ts.escapeLeadingUnderscores(name));
    const older = [...decls].map((f) => localsOf(f)?.get(ts.escapeLeadingUnderscores(name))).find((s) => s !== undefined);
    if (!newer || !older) continue;
    out[name] = { newer: meaningOf(checker, newer), ...(older.flags & ts.SymbolFlags.Alias ? { olderImport: meaningOf(checker, older) } : {}) };
  }
  return out;
}

/** An `await` outside any function: the cell runs as an async function, so it is allowed. */
function isTopLevelAwait(cell: ts.SourceFile, d: ts.Diagnostic): boolean {
  if (d.code !== AWAIT_ONLY_IN_ASYNC) return false;
  const token = ts.findPrecedingToken(d.start! + d.length!, cell);
  if (token?.kind !== ts.SyntaxKind.AwaitKeyword) return false;
  for (let node: ts.Node | undefined = token.parent; node && node !== cell; node = node.parent) {
    if (ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isModuleDeclaration(node)) return false;
  }
  return true;
}

const nullContext = ts.getNullTransformationContext();

/** Names declared by earlier cells live on `exports`: `x` becomes `exports.x`. */
function wrapEarlierNames(checker: ts.TypeChecker, decls: ReadonlySet<ts.SourceFile>): ts.TransformerFactory<ts.SourceFile> {
  const visit = (node: ts.Node): ts.Node => {
    if (!ts.isIdentifier(node)) return ts.visitEachChild(node, visit, nullContext);
    if (node.parent && ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) return node;
    const earlier = checker.getSymbolAtLocation(node)?.declarations?.some((d) => decls.has(d.getSourceFile()));
    return earlier ? ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), node) : node;
  };
  return () => (file) => ts.visitEachChild(file, visit, nullContext);
}

/**
 * Stores the cell's last expression statement (if it ends with one) in `exports`. It runs on the
 * CommonJS output, where the statement is found through its original node: the module transform adds
 * statements of its own, such as `exports.K = K;` after a class.
 */
function keepLastExpression(cell: ts.SourceFile, locals: Set<string>, found: (name: string) => void): ts.TransformerFactory<ts.SourceFile> {
  let i = cell.statements.length - 1;
  while (i >= 0 && ts.isExportDeclaration(cell.statements[i]!)) i--;
  const last = cell.statements[i];
  if (!last || !ts.isExpressionStatement(last)) return () => (file) => file;
  let name = LAST_EXPRESSION;
  for (let n = 0; locals.has(name); n++) name = `${LAST_EXPRESSION}${n}`;
  return () => (file) => {
    const statements = [...file.statements];
    const at = statements.findIndex((s) => ts.getOriginalNode(s) === last);
    const emitted = statements[at];
    if (!emitted || !ts.isExpressionStatement(emitted)) return file;
    found(name);
    const target = ts.factory.createPropertyAccessExpression(ts.factory.createIdentifier("exports"), name);
    statements[at] = ts.factory.createExpressionStatement(ts.factory.createAssignment(target, emitted.expression));
    return ts.factory.updateSourceFile(file, statements);
  };
}

/** The `export { ... }` list added to the cell is an implementation detail, not a declaration. */
const dropExportLists: ts.TransformerFactory<ts.SourceFile | ts.Bundle> = () => (node) =>
  ts.isSourceFile(node) ? ts.factory.updateSourceFile(node, node.statements.filter((s) => !ts.isExportDeclaration(s))) : node;
