// Element-wise float32 loops in WebAssembly SIMD, on one thread, for the mid-size tensors
// of a training step (a Dense(512) layer's [128,512] bias add, ReLU and ReLU gradient).
// XNNPACK would split each over its thread pool and wait for a worker to wake, which on a
// busy machine costs far more than the few microseconds of work.
import { AssembledFunction, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";

/** binary(a, b, out, rows, cols, bStep): out[r, j] = a[r, j] op b[r, j], b's row advancing bStep bytes (0 repeats one row). Byte offsets. */
export type BinaryRowsFn = (a: number, b: number, out: number, rows: number, cols: number, bStep: number) => void;
/** relu(x, out, n): out[i] = max(0, x[i]) as Math.max computes it (NaN stays NaN, −0 becomes 0). */
export type ReluFn = (x: number, out: number, n: number) => void;

export const BINARY_OPS = { Add: [OP.f32x4Add, OP.f32Add], Sub: [OP.f32x4Sub, OP.f32Sub], Multiply: [OP.f32x4Mul, OP.f32Mul], RealDiv: [OP.f32x4Div, OP.f32Div] } as const;
export type BinaryOp = keyof typeof BINARY_OPS;

const [A, B, OUT, ROWS, COLS, B_STEP] = [0, 1, 2, 3, 4, 5];
const [R, J, END4, END, ROW, B_ROW] = [6, 7, 8, 9, 10, 11];
const loadV = [...OP.v128Load, 4, 0];
const storeV = [...OP.v128Store, 4, 0];
const loadF = [...OP.f32Load, 2, 0];
const storeF = [...OP.f32Store, 2, 0];
/** Pushes base + ROW + J (base + J when row is false). */
const at = (base: number, row = true) => [...get(base), ...(row ? [...get(ROW), ...OP.i32Add] : []), ...get(J), ...OP.i32Add];
/** END = n·4 bytes and END4 = the bytes of the whole 4-lane groups, for the count in local n. */
const ends = (n: number) => [...get(n), ...i32(2), ...OP.i32Shl, ...set(END), ...get(n), ...i32(-4), ...OP.i32And, ...i32(2), ...OP.i32Shl, ...set(END4)];

function binary(name: BinaryOp): AssembledFunction {
  const [vector, scalar] = BINARY_OPS[name];
  return {
    name,
    params: [I32, I32, I32, I32, I32, I32],
    locals: [[6, I32]],
    body: [
      ...ends(COLS),
      ...get(B), ...set(B_ROW),
      ...forRange(R, i32(0), get(ROWS), 1, [
        ...get(R), ...get(END), ...OP.i32Mul, ...set(ROW),
        ...forRange(J, i32(0), get(END4), 16, [...at(OUT), ...at(A), ...loadV, ...at(B_ROW, false), ...loadV, ...vector, ...storeV]),
        ...forRange(J, get(END4), get(END), 4, [...at(OUT), ...at(A), ...loadF, ...at(B_ROW, false), ...loadF, ...scalar, ...storeF]),
        ...get(B_ROW), ...get(B_STEP), ...OP.i32Add, ...set(B_ROW),
      ]),
    ],
  };
}

const [X, X_OUT, N] = [0, 1, 2];
const [ZERO] = [12];
const RELU: AssembledFunction = {
  name: "relu",
  params: [I32, I32, I32],
  locals: [[9, I32], [1, V128]],
  body: [
    ...ends(N),
    ...OP.f32Const, 0, 0, 0, 0, ...OP.f32x4Splat, ...set(ZERO),
    ...i32(0), ...set(ROW),
    ...forRange(J, i32(0), get(END4), 16, [...at(X_OUT), ...get(ZERO), ...at(X), ...loadV, ...OP.f32x4Max, ...storeV]),
    ...forRange(J, get(END4), get(END), 4, [...at(X_OUT), ...OP.f32Const, 0, 0, 0, 0, ...at(X), ...loadF, ...OP.f32Max, ...storeF]),
  ],
};

export interface ElementwiseSimd {
  binary: Record<BinaryOp, BinaryRowsFn>;
  relu: ReluFn;
}

const loops = new WeakMap<WasmMemory, ElementwiseSimd | null>();

/** The loops compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function elementwiseSimd(memory: WasmMemory): ElementwiseSimd | undefined {
  if (!loops.has(memory)) {
    const names = Object.keys(BINARY_OPS) as BinaryOp[];
    const compiled = instantiateOn(memory, "elementwise", () => [...names.map(binary), RELU]);
    const binaries = compiled && (Object.fromEntries(names.map((n) => [n, compiled[n] as BinaryRowsFn])) as Record<BinaryOp, BinaryRowsFn>);
    loops.set(memory, compiled ? { binary: binaries!, relu: compiled.relu as ReluFn } : null);
  }
  return loops.get(memory) ?? undefined;
}
