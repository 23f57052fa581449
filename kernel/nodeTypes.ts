// Node's types, loaded when a cell needs them. @types/node is ~60 files (2.2 MB) that every global
// declaration of Node pulls in through its imports, and parsed and bound they hold ~35 MiB of every
// kernel's heap: a sixth of an idle kernel. Most cells need only `console` and the timers, so cells are
// checked against NODE_LITE, a stand-in with those, until one names anything else of Node's: a global
// such as `process` or `Buffer`, or a module such as "fs". From then on the session uses @types/node.
// NODE_LITE's names are @types/node's own, so declarations carried from earlier cells (a `NodeJS.Timeout`)
// mean the same after the switch.
//
// Build step: `node dist/kernel/nodeTypes.js` records the names @types/node declares (nodeTypes.json), so
// the kernel can tell a cell that needs them without parsing @types/node.
import fs from "node:fs";
import path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";
import { writeFileAtomic } from "./atomicFile";
import { compilerOptions } from "./compilerOptions";
import { boundNames, declaredNames } from "./declarations";
import { importedSpecifiers } from "./modules";

/** The stand-in's file name, under the notebook's folder; a file no disk holds. */
export const NODE_LITE_FILE = "__node_lite__.d.ts";

/** NODE_LITE's `performance`: what the course uses of perf_hooks' Performance, as TypeScript prints it. */
const LITE_PERFORMANCE = "{ now(): number; readonly timeOrigin: number; }";

export const NODE_LITE = `interface Console {
  Console: console.ConsoleConstructor;
  assert(value: any, message?: string, ...optionalParams: any[]): void;
  clear(): void;
  count(label?: string): void;
  countReset(label?: string): void;
  debug(message?: any, ...optionalParams: any[]): void;
  dir(obj: any, options?: object): void;
  dirxml(...data: any[]): void;
  error(message?: any, ...optionalParams: any[]): void;
  group(...label: any[]): void;
  groupCollapsed(...label: any[]): void;
  groupEnd(): void;
  info(message?: any, ...optionalParams: any[]): void;
  /** Prints to stdout with newline. */
  log(message?: any, ...optionalParams: any[]): void;
  table(tabularData: any, properties?: readonly string[]): void;
  time(label?: string): void;
  timeEnd(label?: string): void;
  timeLog(label?: string, ...data: any[]): void;
  trace(message?: any, ...optionalParams: any[]): void;
  warn(message?: any, ...optionalParams: any[]): void;
  profile(label?: string): void;
  profileEnd(label?: string): void;
  timeStamp(label?: string): void;
}
declare var console: Console;
declare namespace console {
  interface ConsoleConstructor {
    prototype: Console;
    new (stdout: any, stderr?: any, ignoreErrors?: boolean): Console;
    new (options: object): Console;
  }
}
declare namespace NodeJS {
  interface RefCounted {
    ref(): this;
    unref(): this;
  }
  interface Timer extends RefCounted {
    hasRef(): boolean;
    refresh(): this;
    [Symbol.toPrimitive](): number;
  }
  interface Timeout extends Timer {
    close(): this;
  }
  interface Immediate extends RefCounted {
    hasRef(): boolean;
  }
}
declare function setTimeout<TArgs extends any[]>(callback: (...args: TArgs) => void, delay?: number, ...args: TArgs): NodeJS.Timeout;
declare function setTimeout(callback: (_: void) => void, delay?: number): NodeJS.Timeout;
declare function setInterval<TArgs extends any[]>(callback: (...args: TArgs) => void, delay?: number, ...args: TArgs): NodeJS.Timeout;
declare function setInterval(callback: (_: void) => void, delay?: number): NodeJS.Timeout;
declare function setImmediate<TArgs extends any[]>(callback: (...args: TArgs) => void, ...args: TArgs): NodeJS.Immediate;
declare function setImmediate(callback: (_: void) => void): NodeJS.Immediate;
declare function clearTimeout(timeout: NodeJS.Timeout | string | number | undefined): void;
declare function clearInterval(timeout: NodeJS.Timeout | string | number | undefined): void;
declare function clearImmediate(immediate: NodeJS.Immediate | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare var performance: ${LITE_PERFORMANCE};
`;

/** What @types/node declares: its global names and its modules ("fs" and "node:fs"). */
export interface NodeNames {
  /** Names only @types/node declares: a cell that names one needs it. */
  globals: string[];
  /** Standard names @types/node adds to (`ErrorConstructor`): only a cell that uses what it adds needs it. */
  augments: string[];
  modules: string[];
}

export const NODE_NAMES_FILE = path.resolve(__dirname, "nodeTypes.json");

/** NODE_LITE's types with fewer members than @types/node gives them. */
const NARROWER = /^(NodeJS(\..+)?|Timeout|Immediate|Timer|RefCounted)$/;

/** The names NODE_LITE declares itself: naming them needs no more of Node. */
const LITE_NAMES = declaredNames(NODE_LITE);

/**
 * Whether a session's cells are checked against @types/node or NODE_LITE. Its compilers share one, and it
 * only ever goes from NODE_LITE to @types/node.
 */
export class NodeTypes {
  private names: { globals: Set<string>; augments: Set<string>; modules: Set<string> } | undefined;
  private full: boolean;

  /** `names`: what @types/node declares (readNodeNames()); without them, every cell gets @types/node. */
  constructor(names: NodeNames | undefined) {
    if (names) this.names = { globals: new Set(names.globals.filter((n) => !LITE_NAMES.has(n))), augments: new Set(names.augments), modules: new Set(names.modules) };
    this.full = !names;
  }

  /** Whether cells are checked against @types/node. */
  get loaded(): boolean {
    return this.full;
  }

  /** Loads @types/node if the code names a global or a module of Node's beyond NODE_LITE's; true if this loaded it. */
  loadFor(code: string): boolean {
    const names = this.names;
    if (this.loaded || !names) return false;
    // The modules as the kernel finds a cell's imports: static, dynamic and require().
    if (importedSpecifiers(code).some((i) => names.modules.has(i.specifier))) return (this.full = true);
    const file = ts.createSourceFile("__need__.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    let found = false;
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isIdentifier(node)) found = names.globals.has(node.text) && !isMemberName(node);
      else ts.forEachChild(node, visit);
    };
    visit(file);
    return (this.full = found);
  }

  /**
   * Loads @types/node if an error message quotes one of Node's names ("Cannot find module 'fs'"), or a type
   * NODE_LITE declares with fewer members than @types/node (`NodeJS.ReadableStream`); true if this loaded it.
   * It catches what `loadFor` cannot see, such as a notebook's own .ts file that imports "fs". A suggestion
   * ("Did you mean 'console'?") is not a need: a typo keeps the stand-in.
   */
  loadForErrors(messages: readonly string[]): boolean {
    const names = this.names;
    if (this.loaded || !names) return false;
    const quoted = messages.flatMap((m) => [...m.replace(/ Did you mean [^]*$/, "").matchAll(/'([^']+)'/g)].map(([, n]) => n!));
    return (this.full = quoted.some((n) => names.globals.has(n) || names.augments.has(n) || names.modules.has(n) || NARROWER.test(n) || n === LITE_PERFORMANCE));
  }

  /** Node's globals a cell would need @types/node for: completion offers them before they are loaded. */
  unloadedGlobals(): string[] {
    return this.loaded || !this.names ? [] : [...this.names.globals];
  }

  /** Loads @types/node because a program holds it anyway (a package of the notebook's references it). */
  loadNow(): void {
    this.full = true;
  }
}

/** `x.process`, `NodeJS.Timeout`'s `Timeout`, `{ process: 1 }`: names that are not global. */
function isMemberName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) return node !== (ts.isQualifiedName(parent) ? parent.left : parent.expression);
  const named = parent as ts.Node & { name?: ts.Node };
  return named.name === node && (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent));
}

/** The recorded names, or undefined when the file is missing or damaged. */
export function readNodeNames(file = NODE_NAMES_FILE): NodeNames | undefined {
  try {
    const names = JSON.parse(fs.readFileSync(file, "utf8")) as NodeNames;
    return [names.globals, names.augments, names.modules].every(Array.isArray) ? names : undefined;
  } catch {
    return undefined;
  }
}

/** The global names and the modules that declaration files declare, from `first` and the files it references. */
function declaredIn(first: string, referenced: (file: ts.SourceFile) => string[]): { globals: Set<string>; modules: Set<string> } {
  const globals = new Set<string>();
  const modules = new Set<string>();
  const declare = (statements: readonly ts.Statement[]) => {
    for (const s of statements) {
      if (ts.isModuleDeclaration(s) && ts.isStringLiteral(s.name)) {
        modules.add(s.name.text);
        if (s.body && ts.isModuleBlock(s.body)) declare(s.body.statements.filter((g) => ts.isModuleDeclaration(g) && g.flags & ts.NodeFlags.GlobalAugmentation));
      } else if (ts.isModuleDeclaration(s) && s.flags & ts.NodeFlags.GlobalAugmentation) {
        if (s.body && ts.isModuleBlock(s.body)) declare(s.body.statements);
      } else boundNames(s).forEach((n) => globals.add(n));
    }
  };
  const files = [first];
  for (const f of files) {
    const file = ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.ES2022, false);
    // A module file's own top-level names are not global: only its `declare global` and `declare module`s count.
    declare(ts.isExternalModule(file) ? file.statements.filter((s) => ts.isModuleDeclaration(s)) : file.statements);
    for (const target of referenced(file)) if (!files.includes(target)) files.push(target);
  }
  return { globals, modules };
}

/** What the @types/node in `typesDir` declares, against the standard library cells are checked with (`lib`). */
export function nodeNamesOf(typesDir: string, lib: string = compilerOptions("/").lib![0]!): NodeNames {
  const node = declaredIn(path.join(typesDir, "index.d.ts"), (f) => f.referencedFiles.map((r) => path.resolve(path.dirname(f.fileName), r.fileName)));
  const libDir = path.dirname(ts.getDefaultLibFilePath({}));
  const standard = declaredIn(path.join(libDir, lib), (f) => f.libReferenceDirectives.map((r) => path.join(libDir, `lib.${r.fileName.toLowerCase()}.d.ts`))).globals;
  const names = [...node.globals].sort();
  return { globals: names.filter((n) => !standard.has(n)), augments: names.filter((n) => standard.has(n)), modules: [...node.modules].sort() };
}

if (require.main === module) {
  const typesDir = path.dirname(require.resolve("@types/node/package.json"));
  const names = nodeNamesOf(typesDir);
  writeFileAtomic(NODE_NAMES_FILE, JSON.stringify(names) + "\n");
  console.log(`node types: ${names.globals.length} globals, ${names.augments.length} augmented, ${names.modules.length} modules → ${path.relative(process.cwd(), NODE_NAMES_FILE)}`);
}
