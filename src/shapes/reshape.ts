// explainReshape: why a reshape works (same number of elements) and how -1 is inferred.
import * as tf from "@tensorflow/tfjs";
import { ShapeExplanation, ExplanationStep } from "./explanation";
import { shapeArg, sizeOf, tuple } from "./shapeArg";

/**
 * Explains `tf.reshape(x, newShape)` for a tensor `x` (or its shape): the element
 * count must stay the same, and one -1 is inferred as what is left over.
 * Throws an error saying which count does not fit.
 */
export function explainReshape(shape: number[] | tf.Tensor, newShape: number[]): ShapeExplanation {
  const fn = "explainReshape";
  const from = shapeArg(fn, "shape", shape);
  const to = shapeArg(fn, "newShape", newShape, { allowMinusOne: true });
  const size = sizeOf(from);
  const product = (s: number[]) => (s.length ? s.join(" × ") : "1 (a scalar)");
  const elements = (s: number[]) => {
    const n = sizeOf(s);
    return `${s.length > 1 ? `${s.join(" × ")} = ` : ""}${n} element${n === 1 ? "" : "s"}`;
  };
  const steps: ExplanationStep[] = [{ rule: `Count the elements of ${tuple(from)}:`, lines: [from.length > 1 ? `${product(from)} = ${size}` : `${size}`] }];
  const unknown = to.map((d, i) => (d === -1 ? i : -1)).filter((i) => i >= 0);
  if (unknown.length > 1) {
    throw new Error(`${fn}: expected at most one -1 in newShape; got ${unknown.length} (axes ${unknown.join(", ")} of ${tuple(to)}) — only one size can be inferred`);
  }
  let result = to;
  if (unknown.length === 1) {
    const axis = unknown[0]!;
    const known = to.filter((d) => d !== -1);
    const knownSize = sizeOf(known);
    if (knownSize === 0) {
      throw new Error(`${fn}: cannot infer the -1 at axis ${axis} of ${tuple(to)}: the other sizes multiply to 0, so any size would fit`);
    }
    if (size % knownSize !== 0) {
      throw new Error(
        `${fn}: cannot infer the -1 at axis ${axis} of ${tuple(to)}: ${size} elements do not divide evenly by ${known.length > 1 ? `${product(known)} = ` : ""}${knownSize} ` +
          `(${size} / ${knownSize} = ${(size / knownSize).toFixed(3)})`,
      );
    }
    const inferred = size / knownSize;
    result = to.map((d) => (d === -1 ? inferred : d));
    steps.push({
      rule: `Infer the -1 at axis ${axis}: divide the element count by the known sizes.`,
      lines: [`${size} / ${known.length > 1 ? `(${product(known)}) = ${size} / ${knownSize}` : knownSize} = ${inferred}`, `${tuple(to)} → ${tuple(result)}`],
    });
  }
  const newSize = sizeOf(result);
  if (newSize !== size) {
    throw new Error(
      `${fn}: cannot reshape ${tuple(from)} (${elements(from)}) into ${tuple(to)} (${elements(result)}); ` +
        `the counts must be equal${to.length ? ` — use -1 for one axis to have it inferred` : ""}`,
    );
  }
  steps.push({ rule: "Check the element counts match, then read the elements in the same row-major order into the new shape:", lines: [`${result.length > 1 ? `${product(result)} = ` : ""}${newSize} elements, as before ✓`] });
  return new ShapeExplanation(`Reshaping ${tuple(from)} to ${tuple(to)}`, steps, result);
}
