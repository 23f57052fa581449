// explainBroadcast: numpy's and tf's broadcasting rule, worked for two concrete shapes.
import * as tf from "@tensorflow/tfjs";
import { alignRight, caretUnder, ExplanationStep, ShapeExplanation } from "./explanation";
import { shapeArg, tuple } from "./shapeArg";

/** The broadcast shape of a and b, or a description of the first incompatible axis (from the right). */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | { axis: number; sizeA: number; sizeB: number } {
  const rank = Math.max(a.length, b.length);
  const pa = [...Array(rank - a.length).fill(1), ...a] as number[];
  const pb = [...Array(rank - b.length).fill(1), ...b] as number[];
  for (let i = rank - 1; i >= 0; i--) {
    if (pa[i] !== pb[i] && pa[i] !== 1 && pb[i] !== 1) return { axis: i, sizeA: pa[i]!, sizeB: pb[i]! };
  }
  return pa.map((d, i) => (d === 1 ? pb[i]! : d));
}

/** Builds the steps for shapes known to broadcast, named `nameA`/`nameB` in the text. */
export function broadcastSteps(a: number[], b: number[], result: number[], nameA = "a", nameB = "b"): ExplanationStep[] {
  const rank = result.length;
  const rows = [
    { label: nameA, shape: a },
    { label: nameB, shape: b },
  ];
  const steps: ExplanationStep[] = [{ rule: "Align the shapes on the right (trailing axes line up):", lines: alignRight(rows, rank) }];
  const padded = rows.map((r) => ({ label: r.label, shape: [...Array(rank - r.shape.length).fill(1), ...r.shape] as number[] }));
  const grown = rows.filter((r) => r.shape.length < rank);
  steps.push({
    rule: grown.length ? "Add leading axes of size 1 to the shorter shape:" : "Both shapes have the same rank: no axes to add.",
    lines: grown.map((r) => `${r.label}: ${tuple(r.shape)} → ${tuple([...Array(rank - r.shape.length).fill(1), ...r.shape])}`),
  });
  const stretched: string[] = [];
  for (const p of padded) {
    const axes = p.shape.map((d, i) => (d === 1 && result[i] !== 1 ? i : -1)).filter((i) => i >= 0);
    if (axes.length) stretched.push(`${p.label}: ${tuple(p.shape)} → ${tuple(result)}   (axis ${axes.join(", ")}: 1 → ${axes.map((i) => result[i]).join(", ")})`);
  }
  steps.push({
    rule: stretched.length ? "Stretch every axis of size 1 to the size of the other shape (the values repeat; nothing is copied):" : "All sizes already match: nothing to stretch.",
    lines: stretched,
  });
  return steps;
}

/** The error for shapes that do not broadcast, with the aligned shapes and a caret under the axis. */
export function broadcastError(fn: string, a: number[], b: number[], bad: { axis: number; sizeA: number; sizeB: number }, nameA = "a", nameB = "b"): Error {
  const rank = Math.max(a.length, b.length);
  const fromRight = bad.axis - rank;
  const axisA = bad.axis - (rank - a.length);
  const axisB = bad.axis - (rank - b.length);
  const rows = [
    { label: nameA, shape: a },
    { label: nameB, shape: b },
  ];
  const lines = alignRight(rows, rank);
  return new Error(
    `${fn}: cannot broadcast ${tuple(a)} with ${tuple(b)}: at axis ${fromRight} (axis ${axisA} of ${nameA}, axis ${axisB} of ${nameB}) ` +
      `the sizes are ${bad.sizeA} and ${bad.sizeB}; they must be equal, or one of them must be 1.\n` +
      `  ${lines[0]}\n  ${lines[1]}\n  ${caretUnder(rows, bad.axis, rank)}`,
  );
}

/**
 * Explains how two shapes broadcast (as in `tf.add(a, b)`): align on the right,
 * add leading axes of size 1, stretch axes of size 1. Takes tensors or shapes;
 * `.resultShape` is the answer. Throws an error naming the incompatible axis.
 */
export function explainBroadcast(a: tf.Tensor | number[], b: tf.Tensor | number[]): ShapeExplanation {
  const sa = shapeArg("explainBroadcast", "a", a);
  const sb = shapeArg("explainBroadcast", "b", b);
  const result = broadcastShapes(sa, sb);
  if (!Array.isArray(result)) throw broadcastError("explainBroadcast", sa, sb, result);
  return new ShapeExplanation(`Broadcasting ${tuple(sa)} with ${tuple(sb)}`, broadcastSteps(sa, sb, result), result);
}
