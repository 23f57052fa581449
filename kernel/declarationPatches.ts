// Variance annotations for tf's generic classes, added as their declaration files are read.
//
// TypeScript measures how `Tensor<R>` varies with `R` by relating two marker instantiations member by
// member. Tensor has ~300 members, and a fresh type checker (one per cell) measures again: ~30 ms of
// every cell that passes a tensor to a generic function such as `tf.tidy`. An `out` annotation states
// the variance TypeScript measures anyway (covariant: test/unit/kernel.cellCompiler.test.ts checks it),
// so the checker skips the measurement and reports exactly the same errors.
import type { TextTransform } from "./sourceCache";

export interface DeclarationPatch {
  /** The end of the declaration file's path. */
  file: string;
  from: string;
  to: string;
}

export const VARIANCE_PATCHES: readonly DeclarationPatch[] = [
  { file: "/@tensorflow/tfjs-core/dist/tensor.d.ts", from: "class Tensor<R extends Rank = Rank>", to: "class Tensor<out R extends Rank = Rank>" },
  { file: "/@tensorflow/tfjs-core/dist/tensor.d.ts", from: "class Variable<R extends Rank = Rank>", to: "class Variable<out R extends Rank = Rank>" },
];

/** Applies the patches whose file matches; a patch whose text is missing (another tf version) is skipped. */
export function patchDeclarations(patches: readonly DeclarationPatch[]): TextTransform {
  return (fileName, text) => {
    const normalized = fileName.replace(/\\/g, "/");
    let out = text;
    for (const p of patches) if (normalized.endsWith(p.file)) out = out.replace(p.from, p.to);
    return out;
  };
}
