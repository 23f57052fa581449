// explainMatMul: tf.matMul's shape rule (inner sizes agree, batch axes broadcast), worked for two shapes.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, flag, OptionRules } from "../args/options";
import { broadcastError, broadcastShapes } from "./broadcast";
import { ExplanationStep, ShapeExplanation } from "./explanation";
import { shapeArg, tuple } from "./shapeArg";

export interface MatMulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
}

const MATMUL_OPTIONS: OptionRules<MatMulOptions> = { transposeA: flag, transposeB: flag };

function swapLast(shape: number[]): number[] {
  return [...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!];
}

/** Which fix would make the inner sizes agree, if one would. */
function matMulHint(m: number, k1: number, k2: number, n: number, ta: boolean, tb: boolean): string {
  const fixes: string[] = [];
  if (n === k1) fixes.push(`transposeB: ${!tb}`);
  if (m === k2) fixes.push(`transposeA: ${!ta}`);
  if (n === m) fixes.push("matMul(b, a)");
  return fixes.length ? `Did you mean ${fixes.join(" or ")}?` : "Check which axes hold the features; a transpose or reshape may be missing.";
}

/**
 * Explains the shape of `tf.matMul(a, b, transposeA, transposeB)`: the last two
 * axes are matrices (m×k times k×n gives m×n), the inner sizes k must agree and
 * leading (batch) axes broadcast. Throws an error naming the mismatched axes.
 */
export function explainMatMul(a: tf.Tensor | number[], b: tf.Tensor | number[], options: MatMulOptions = {}): ShapeExplanation {
  const fn = "explainMatMul";
  checkOptions(fn, options, MATMUL_OPTIONS);
  const sa = shapeArg(fn, "a", a);
  const sb = shapeArg(fn, "b", b);
  const ta = options.transposeA ?? false;
  const tb = options.transposeB ?? false;
  for (const [name, s] of [["a", sa], ["b", sb]] as const) {
    if (s.length < 2) {
      const fix = name === "a" ? `reshape it to ${tuple([1, ...s])}` : `reshape it to ${tuple([...s, 1])}`;
      throw new Error(`${fn}: expected ${name} to have at least 2 axes (a matrix, or a batch of matrices); got shape ${tuple(s)} — ${fix}, or use tf.dot for vectors`);
    }
  }
  const ea = ta ? swapLast(sa) : sa;
  const eb = tb ? swapLast(sb) : sb;
  const [m, k1] = ea.slice(-2) as [number, number];
  const [k2, n] = eb.slice(-2) as [number, number];
  const steps: ExplanationStep[] = [];
  const transposed = [ta ? `a: ${tuple(sa)} → ${tuple(ea)}` : "", tb ? `b: ${tuple(sb)} → ${tuple(eb)}` : ""].filter(Boolean);
  if (transposed.length) steps.push({ rule: "Transpose: swap the last two axes.", lines: transposed });
  steps.push({
    rule: "The last two axes are the matrices: (m, k) times (k, n).",
    lines: [`a: ${tuple(ea)}  →  m = ${m}, k = ${k1}`, `b: ${tuple(eb)}  →  k = ${k2}, n = ${n}`],
  });
  const kAxisA = ta ? sa.length - 2 : sa.length - 1;
  const kAxisB = tb ? sb.length - 1 : sb.length - 2;
  if (k1 !== k2) {
    throw new Error(
      `${fn}: inner sizes do not match: a ${tuple(sa)} has k = ${k1} (axis ${kAxisA}) but b ${tuple(sb)} has k = ${k2} (axis ${kAxisB})` +
        `${ta || tb ? ` (after transposeA=${ta}, transposeB=${tb})` : ""}; ` +
        `each row of a is multiplied with each column of b, so they need the same length. ` +
        matMulHint(m, k1, k2, n, ta, tb),
    );
  }
  steps.push({ rule: `The inner sizes agree: k = ${k1} (axis ${kAxisA} of a, axis ${kAxisB} of b). Each output entry is a sum of ${k1} products.`, lines: [] });
  const batchA = ea.slice(0, -2);
  const batchB = eb.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  if (!Array.isArray(batch)) throw broadcastError(fn, batchA, batchB, batch, "a's batch axes", "b's batch axes");
  if (batchA.length || batchB.length) {
    steps.push({ rule: "The leading (batch) axes broadcast:", lines: [`${tuple(batchA)} with ${tuple(batchB)} → ${tuple(batch)}`] });
  }
  const result = [...batch, m, n];
  steps.push({ rule: "The result keeps m from a and n from b:", lines: [`${tuple(batch.length ? [...batch, "m", "n"] as never : ["m", "n"] as never)} = ${tuple(result)}`] });
  return new ShapeExplanation(`Matrix product of a ${tuple(sa)} and b ${tuple(sb)}${ta || tb ? ` (transposeA=${ta}, transposeB=${tb})` : ""}`, steps, result);
}
