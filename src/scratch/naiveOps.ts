// Chollet's naive tensor operations (chapter 2) as plain loops over nested arrays, to compare with tf ops.
import { assertMatrix } from "../args/values";

/** max(x, 0) entry by entry, with two loops. Introduced in chapter 02-tensor-operations. */
export function naiveRelu(x: number[][]): number[][] {
  assertMatrix("naiveRelu", "x", x);
  const out = x.map((row) => [...row]);
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out[i]!.length; j++) out[i]![j] = Math.max(out[i]![j]!, 0);
  }
  return out;
}

/** x + y entry by entry, for matrices of the same shape. Introduced in chapter 02-tensor-operations. */
export function naiveAdd(x: number[][], y: number[][]): number[][] {
  assertMatrix("naiveAdd", "x", x);
  assertMatrix("naiveAdd", "y", y);
  if (x.length !== y.length || x[0]?.length !== y[0]?.length) {
    throw new Error(`naiveAdd: expected x and y of the same shape; got [${x.length},${x[0]?.length}] and [${y.length},${y[0]?.length}]`);
  }
  const out = x.map((row) => [...row]);
  for (let i = 0; i < out.length; i++) {
    for (let j = 0; j < out[i]!.length; j++) out[i]![j]! += y[i]![j]!;
  }
  return out;
}

/** The dot product of two matrices, three loops: z[i][j] = Σk x[i][k]·y[k][j]. Introduced in chapter 02-tensor-operations. */
export function naiveMatrixDot(x: number[][], y: number[][]): number[][] {
  assertMatrix("naiveMatrixDot", "x", x);
  assertMatrix("naiveMatrixDot", "y", y);
  const inner = x[0]?.length ?? 0;
  if (inner !== y.length) throw new Error(`naiveMatrixDot: expected x's columns (${inner}) to equal y's rows (${y.length})`);
  const cols = y[0]?.length ?? 0;
  const z = x.map(() => new Array<number>(cols).fill(0));
  for (let i = 0; i < x.length; i++) {
    for (let j = 0; j < cols; j++) {
      for (let k = 0; k < inner; k++) z[i]![j]! += x[i]![k]! * y[k]![j]!;
    }
  }
  return z;
}
