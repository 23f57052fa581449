// The prelude: the first, hidden cell of every session. It puts `tf`, `tsdl` and every helper in scope,
// typed, without an import. Its types come first (what completion and inspection need, and cheap); its
// runtime (TensorFlow.js, the library, the backend: seconds) loads with the first cell that names it, or
// in the background once the kernel is idle.
import path from "node:path";
import { identifiersIn, intersects } from "./declarations";

/** Absolute module paths, so notebooks in any folder find our copies. */
export interface PreludePaths {
  tfjs: string;
  library: string;
}

export function defaultPreludePaths(): PreludePaths {
  return {
    tfjs: path.dirname(require.resolve("@tensorflow/tfjs/package.json")),
    library: path.resolve(__dirname, "..", "src", "index"),
  };
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** The imports that put `names` in scope: `tf`, `tsdl` and the library's runtime exports. Pure. */
export function preludeSource(paths: PreludePaths, names: Iterable<string>): string {
  const wanted = new Set(names);
  const helpers = [...wanted].filter((n) => IDENTIFIER.test(n) && n !== "default" && n !== "tf" && n !== "tsdl").sort();
  return [
    wanted.has("tf") ? `import * as tf from ${JSON.stringify(paths.tfjs)};` : "",
    wanted.has("tsdl") ? `import * as tsdl from ${JSON.stringify(paths.library)};` : "",
    helpers.length ? `import { ${helpers.join(", ")} } from ${JSON.stringify(paths.library)};` : "",
  ].join("\n");
}

/** What the prelude needs from the notebook it joins (the cell runner). */
export interface PreludeHost {
  readonly declaredNames: ReadonlySet<string>;
  hasValue(name: string): boolean;
  addDeclarations(source: string): Set<string>;
  runHidden(source: string): void;
}

export interface PreludeSpec {
  paths: PreludePaths;
  /** The library's runtime exports (recorded at build time, so known without loading TensorFlow.js). */
  exportNames: readonly string[];
  /** Loads TensorFlow.js, the library and the backend. */
  loadRuntime(): Promise<void>;
}

export class Prelude {
  /** Every name the prelude declares: tf, tsdl and the helpers. */
  readonly names: ReadonlySet<string>;
  private typesLoaded: Promise<void> | undefined;
  private runtimeLoaded: Promise<void> | undefined;
  /** The names whose declarations the prelude added (the others, a cell had declared first). */
  private typed = new Set<string>();
  private typesFailure: unknown;

  constructor(
    private readonly spec: PreludeSpec,
    private readonly host: PreludeHost,
  ) {
    this.names = new Set(["tf", "tsdl", ...spec.exportNames]);
  }

  /**
   * Adds the prelude's declarations, minus names a cell declared first. Never fails: without them,
   * completion still works, and the cells that need the prelude get runtime()'s error.
   */
  types(): Promise<void> {
    return (this.typesLoaded ??= Promise.resolve()
      .then(() => {
        const free = [...this.names].filter((n) => !this.host.declaredNames.has(n));
        this.typed = this.host.addDeclarations(preludeSource(this.spec.paths, free));
      })
      .catch((e: unknown) => void (this.typesFailure = e)));
  }

  /** Loads TensorFlow.js and puts the prelude's values in scope, minus names a cell gave a value since. */
  runtime(): Promise<void> {
    return (this.runtimeLoaded ??= this.types().then(async () => {
      if (this.typesFailure) throw this.typesFailure;
      await this.spec.loadRuntime();
      this.host.runHidden(preludeSource(this.spec.paths, [...this.typed].filter((n) => !this.host.hasValue(n))));
    }));
  }

  /** Ready for `code`: the runtime is loaded if the cell names any of the prelude's names. */
  readyFor(code: string): Promise<void> {
    return intersects(identifiersIn(code), this.names) ? this.runtime() : Promise.resolve();
  }
}
