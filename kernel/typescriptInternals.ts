// TypeScript functions and fields that its public typings omit. tslab's TypeScript (5.0) exports them
// at run time; this module names the few the cell compiler uses, and fails at load if one is gone.
import * as ts from "@tslab/typescript-for-tslab";

export type ResolvedModules = ts.ModeAwareCache<ts.ResolvedModuleWithFailedLookupLocations>;

/** A source file as a program sees it: its path and the resolutions of the modules it names. */
export type ProgramFile = ts.SourceFile & { path: string; resolvedPath: string; originalFileName: string; resolvedModules?: ResolvedModules };

interface Internals {
  createModeAwareCache(): ResolvedModules;
  bindSourceFile(file: ts.SourceFile, options: ts.CompilerOptions): void;
}

const internal = ts as unknown as Internals;
for (const name of ["createModeAwareCache", "bindSourceFile"] as const) {
  if (typeof internal[name] !== "function") throw new Error(`tsdl needs TypeScript's internal ${name}(), which typescript ${ts.version} lacks`);
}

export const createModeAwareCache = (): ResolvedModules => internal.createModeAwareCache();
export const bindSourceFile = (file: ts.SourceFile, options: ts.CompilerOptions): void => internal.bindSourceFile(file, options);

/** The names a bound file declares at its top level (the binder's table of them). */
export const localsOf = (file: ts.SourceFile): ts.SymbolTable | undefined => (file as ts.SourceFile & { locals?: ts.SymbolTable }).locals;
