// Element-wise float32 loops in WebAssembly SIMD, on one thread, for the larger tensors of a
// training step (a Dense(512) layer's [128,512] bias add, ReLU and ReLU gradient; a convolution's).
import { AssembledFunction, F32, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";

/** binary(a, b, out, rows, cols, bStep): out[r, j] = a[r, j] op b[r, j], b's row advancing bStep bytes (0 repeats one row). Byte offsets. */
export type BinaryRowsFn = (a: number, b: number, out: number, rows: number, cols: number, bStep: number) => void;
/** relu(x, out, n): out[i] = max(0, x[i]) as Math.max computes it (NaN stays NaN, −0 becomes 0). */
export type ReluFn = (x: number, out: number, n: number) => void;
/** reluGrad(dy, x, out, n): out[i] = dy[i] · step(x[i]), step 1 above 0, NaN at NaN, else 0: tfjs's dy·step(x), in one pass. */
export type ReluGradFn = (dy: number, x: number, out: number, n: number) => void;

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

const [DY, G_X, G_OUT, G_N] = [0, 1, 2, 3];
const [G_J, G_END4, G_END] = [4, 5, 6];
const [V, ONE, V_ZERO, SV] = [7, 8, 9, 10];
/** step(v) for the v128 at local V or the f32 at SV: 1 where v > 0, v itself where v is NaN, else 0. */
const stepOf = (vector: boolean) =>
  vector
    ? [...get(ONE), ...get(V_ZERO), ...get(V), ...get(V_ZERO), ...OP.f32x4Gt, ...OP.v128Bitselect, ...get(V), ...get(V), ...get(V), ...OP.f32x4Eq, ...OP.v128Bitselect]
    : [...OP.f32Const, 0, 0, 0x80, 0x3f, ...OP.f32Const, 0, 0, 0, 0, ...get(SV), ...OP.f32Const, 0, 0, 0, 0, ...OP.f32Gt, ...OP.select, ...get(SV), ...get(SV), ...get(SV), ...OP.f32Eq, ...OP.select];
const gAt = (base: number) => [...get(base), ...get(G_J), ...OP.i32Add];
const RELU_GRAD: AssembledFunction = {
  name: "reluGrad",
  params: [I32, I32, I32, I32],
  locals: [[3, I32], [3, V128], [1, F32]],
  body: [
    ...get(G_N), ...i32(2), ...OP.i32Shl, ...set(G_END), ...get(G_N), ...i32(-4), ...OP.i32And, ...i32(2), ...OP.i32Shl, ...set(G_END4),
    ...OP.f32Const, 0, 0, 0x80, 0x3f, ...OP.f32x4Splat, ...set(ONE),
    ...OP.f32Const, 0, 0, 0, 0, ...OP.f32x4Splat, ...set(V_ZERO),
    ...forRange(G_J, i32(0), get(G_END4), 16, [...gAt(G_OUT), ...gAt(G_X), ...loadV, ...set(V), ...gAt(DY), ...loadV, ...stepOf(true), ...OP.f32x4Mul, ...storeV]),
    ...forRange(G_J, get(G_END4), get(G_END), 4, [...gAt(G_X), ...loadF, ...set(SV), ...gAt(G_OUT), ...gAt(DY), ...loadF, ...stepOf(false), ...OP.f32Mul, ...storeF]),
  ],
};

export interface ElementwiseSimd {
  binary: Record<BinaryOp, BinaryRowsFn>;
  relu: ReluFn;
  reluGrad: ReluGradFn;
}

const loops = new WeakMap<WasmMemory, ElementwiseSimd | null>();

/** The loops compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function elementwiseSimd(memory: WasmMemory): ElementwiseSimd | undefined {
  if (!loops.has(memory)) {
    const names = Object.keys(BINARY_OPS) as BinaryOp[];
    const compiled = instantiateOn(memory, "elementwise", () => [...names.map(binary), RELU, RELU_GRAD]);
    const binaries = compiled && (Object.fromEntries(names.map((n) => [n, compiled[n] as BinaryRowsFn])) as Record<BinaryOp, BinaryRowsFn>);
    loops.set(memory, compiled ? { binary: binaries!, relu: compiled.relu as ReluFn, reluGrad: compiled.reluGrad as ReluGradFn } : null);
  }
  return loops.get(memory) ?? undefined;
}
