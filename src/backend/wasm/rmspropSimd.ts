// RMSprop's update as a hand-assembled WebAssembly SIMD loop over the wasm backend's heap.
// In JavaScript the update is bound by float64 division and square root (~5 ns per
// element, 2 ms for Dense(784→512) weights); four float32 lanes at a time it is bound by
// memory. The float32 operations are tfjs's own, in its order, so results match the cpu
// backend's RMSprop exactly.
import { AssembledFunction, F32, forRange, get, I32, i32, instantiateOn, OP, set, V128, WasmMemory } from "./assembler";

/** Byte offsets into the memory, the element count, then the float32 constants. */
export type RmspropSimdFn = (x: number, g: number, ms: number, mom: number, xOut: number, msOut: number, momOut: number, n: number, lr: number, keep: number, take: number, momentum: number, eps: number) => void;

// Parameters 0–6 are byte offsets, 7 the count, 8–12 lr, keep (decay), take (1 − decay), momentum, ε.
const [X, G, MS, MOM, X_OUT, MS_OUT, MOM_OUT, N, LR, KEEP, TAKE, MOMENTUM, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
// Locals: the byte index, its end, the v128 (or f32, in the tail) gradient, mean square and moment, splatted constants.
const [I, END, VG, VM, VV, SG, SM, SV] = [13, 14, 15, 16, 17, 23, 24, 25];
const SPLAT = { [LR]: 18, [KEEP]: 19, [TAKE]: 20, [MOMENTUM]: 21, [EPS]: 22 };

/** Pushes the address base + i. */
const at = (base: number) => [...get(base), ...get(I), ...OP.i32Add];

/** The update from byte `from` to END with ops `v` (4 × f32 in a v128, or one f32), `step` bytes at a time. */
function updateLoop(v: { load: readonly number[]; store: readonly number[]; add: readonly number[]; sub: readonly number[]; mul: readonly number[]; div: readonly number[]; sqrt: readonly number[] }, c: (param: number) => number[], g: number, m: number, mo: number, step: number, from: number[]): number[] {
  return forRange(I, from, get(END), step, [
    ...at(G), ...v.load, ...set(g),
    // ms' = keep·ms + take·g²
    ...c(KEEP), ...at(MS), ...v.load, ...v.mul,
    ...c(TAKE), ...get(g), ...get(g), ...v.mul, ...v.mul, ...v.add, ...set(m),
    ...at(MS_OUT), ...get(m), ...v.store,
    // mom' = momentum·mom + (lr·g) / √(ms' + ε)
    ...c(MOMENTUM), ...at(MOM), ...v.load, ...v.mul,
    ...c(LR), ...get(g), ...v.mul,
    ...get(m), ...c(EPS), ...v.add, ...v.sqrt, ...v.div, ...v.add, ...set(mo),
    ...at(MOM_OUT), ...get(mo), ...v.store,
    // x' = x − mom'
    ...at(X_OUT), ...at(X), ...v.load, ...get(mo), ...v.sub, ...v.store,
  ]);
}

const RMSPROP: AssembledFunction = {
  name: "rmsprop",
  params: [I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32],
  locals: [[2, I32], [8, V128], [3, F32]],
  body: [
    ...[LR, KEEP, TAKE, MOMENTUM, EPS].flatMap((p) => [...get(p), ...OP.f32x4Splat, ...set(SPLAT[p]!)]),
    // Four lanes up to the last multiple of 4 elements, then one at a time.
    ...get(N), ...i32(-4), ...OP.i32And, ...i32(2), ...OP.i32Shl, ...set(END),
    ...updateLoop(
      { load: [...OP.v128Load, 4, 0], store: [...OP.v128Store, 4, 0], add: OP.f32x4Add, sub: OP.f32x4Sub, mul: OP.f32x4Mul, div: OP.f32x4Div, sqrt: OP.f32x4Sqrt },
      (p) => get(SPLAT[p]!),
      VG, VM, VV, 16, i32(0),
    ),
    ...get(N), ...i32(2), ...OP.i32Shl, ...set(END),
    ...updateLoop(
      { load: [...OP.f32Load, 2, 0], store: [...OP.f32Store, 2, 0], add: OP.f32Add, sub: OP.f32Sub, mul: OP.f32Mul, div: OP.f32Div, sqrt: OP.f32Sqrt },
      get,
      SG, SM, SV, 4, get(I),
    ),
  ],
};

/** The update function compiled against `memory`, or undefined when this runtime lacks WebAssembly SIMD. */
export function rmspropSimd(memory: WasmMemory): RmspropSimdFn | undefined {
  return instantiateOn(memory, "rmsprop", () => [RMSPROP])?.rmsprop as RmspropSimdFn | undefined;
}
