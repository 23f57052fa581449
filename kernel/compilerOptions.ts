// The compiler options of every cell: tslab's, so cells mean what they mean in tslab. This module
// needs nothing but TypeScript, so the startup snapshot (startupSnapshot.ts) can load it too.
import path from "node:path";
import * as ts from "@tslab/typescript-for-tslab";

const TARGET = ts.ScriptTarget.ES2022;

/** `nodeTypes`: whether cells see @types/node; until they need it, they see nodeTypes.ts's NODE_LITE. */
export function compilerOptions(rootDir: string, nodeTypes = false): ts.CompilerOptions {
  return {
    // Cells run as CommonJS in a vm script. tslab emits ES modules and converts them with a second
    // transpileModule pass (~2 ms per cell); emitting CommonJS directly gives the same code in one.
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: TARGET,
    lib: ["lib.es2022.d.ts"],
    declaration: true,
    newLine: ts.NewLineKind.LineFeed,
    noImplicitUseStrict: true,
    experimentalDecorators: true,
    resolveJsonModule: true,
    jsx: ts.JsxEmit.React,
    allowJs: true,
    checkJs: true,
    // tslab's TypeScript reports a top-level await as an error (1308) instead of accepting it: the
    // kernel wraps such cells in an async function.
    disableTopLevelAwait: true,
    skipLibCheck: true,
    rootDir,
    outDir: path.join(rootDir, "outDir"),
    typeRoots: typeRoots(rootDir),
    // Only Node's globals: other @types packages (of tf's dependencies) would add globals no cell uses.
    types: nodeTypes ? ["node"] : [],
  } as ts.CompilerOptions;
}

const hasNodeTypes = (root: string) => ts.sys.fileExists(path.join(root, "node", "package.json"));

/**
 * The @types folders above the notebook; when none of them has @types/node, the one tsdl itself
 * resolves (so notebooks anywhere see the same Node types, which the startup snapshot has parsed),
 * else tslab's own.
 */
function typeRoots(rootDir: string): string[] {
  const roots = ts.getDefaultTypeRoots(rootDir, { directoryExists: ts.sys.directoryExists }) ?? [];
  if (roots.some(hasNodeTypes)) return roots;
  const packageRoot = path.resolve(__dirname, "..", "..");
  const ours = (ts.getDefaultTypeRoots(packageRoot, { directoryExists: ts.sys.directoryExists }) ?? []).find(hasNodeTypes);
  return [...roots, ours ?? path.join(path.dirname(require.resolve("tslab/package.json")), "node_modules", "@types")];
}
