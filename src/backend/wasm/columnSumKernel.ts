// Sum over leading axes (column sums) for the wasm backend. A Dense layer's bias gradient
// sums its output gradient over the batch axis; the wasm kernel reduces only innermost
// axes, so it first transposes with its own scalar loop (not the registry's): ~0.2 ms for
// 128×512. Adding each row into the sums, four float32 lanes at a time, is one pass.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";
import { WasmKernelOverride } from "./kernelOverride";
import { AssembledFunction, forRange, get, I32, i32, instantiateOn, OP, set, WasmMemory } from "./assembler";

/** columnSums(in, out, rows, cols): out[j] = Σ_i in[i·cols + j] in row order, float32, byte offsets in and out. */
export type ColumnSumsFn = (input: number, output: number, rows: number, cols: number) => void;

const [IN, OUT, ROWS, COLS] = [0, 1, 2, 3];
const [I, J, END4, END, ROW] = [4, 5, 6, 7, 8];
const at = (base: number) => [...get(base), ...get(J), ...OP.i32Add];

const COLUMN_SUMS: AssembledFunction = {
  name: "columnSums",
  params: [I32, I32, I32, I32],
  locals: [[5, I32]],
  body: [
    ...get(COLS), ...i32(2), ...OP.i32Shl, ...set(END),
    ...get(COLS), ...i32(-4), ...OP.i32And, ...i32(2), ...OP.i32Shl, ...set(END4),
    ...forRange(J, i32(0), get(END), 4, [...at(OUT), ...OP.f32Const, 0, 0, 0, 0, ...OP.f32Store, 2, 0]),
    ...forRange(I, i32(0), get(ROWS), 1, [
      ...get(IN), ...get(I), ...get(END), ...OP.i32Mul, ...OP.i32Add, ...set(ROW),
      ...forRange(J, i32(0), get(END4), 16, [...at(OUT), ...at(OUT), ...OP.v128Load, 4, 0, ...at(ROW), ...OP.v128Load, 4, 0, ...OP.f32x4Add, ...OP.v128Store, 4, 0]),
      ...forRange(J, get(END4), get(END), 4, [...at(OUT), ...at(OUT), ...OP.f32Load, 2, 0, ...at(ROW), ...OP.f32Load, 2, 0, ...OP.f32Add, ...OP.f32Store, 2, 0]),
    ]),
  ],
};

/** The column sums compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function columnSumsSimd(memory: WasmMemory): ColumnSumsFn | undefined {
  return instantiateOn(memory, "columnSums", () => [COLUMN_SUMS])?.columnSums as ColumnSumsFn | undefined;
}

/** The number of leading axes `axes` names (0, 1, …, k−1 in any order), or 0 when it names others. */
export function leadingAxes(axes: number[]): number {
  const sorted = [...new Set(axes)].sort((a, b) => a - b);
  return sorted.every((a, i) => a === i) ? sorted.length : 0;
}

/** Wraps the wasm Sum: float32 sums over leading (not all) axes are column sums. */
export function columnSum(fallback: KernelFn): KernelFn {
  const tsdlColumnSum: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const rank = x.shape.length;
    const k = x.dtype === "float32" ? leadingAxes(tf.util.parseAxisParam(args.attrs.axis as number | number[], x.shape)) : 0;
    const memory = heapMemory(args.backend);
    const simd = k > 0 && k < rank && memory ? columnSumsSimd(memory) : undefined;
    if (!simd) return fallback(args);
    const kept = x.shape.slice(k);
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(args.attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept, "float32");
    simd(backend.getMemoryOffset(x.dataId), backend.getMemoryOffset(out.dataId), tf.util.sizeFromShape(x.shape.slice(0, k)), tf.util.sizeFromShape(kept));
    return out;
  };
  return tsdlColumnSum;
}

export const columnSumOverrides: WasmKernelOverride[] = [{ kernelName: "Sum", note: "leading axes", wrap: columnSum }];
