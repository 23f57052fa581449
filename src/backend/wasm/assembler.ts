// Just enough of the WebAssembly binary format to hand-assemble small SIMD kernels that
// run on the tfjs wasm backend's own memory (no toolchain, nothing downloaded).

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

/** Opcodes used by tsdl's kernels; SIMD ones are [0xfd, LEB128 index]. */
export const OP = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: [0x05],
  br: [0x0c],
  brIf: [0x0d],
  end: [0x0b],
  drop: [0x1a],
  select: [0x1b],
  localGet: [0x20],
  localSet: [0x21],
  localTee: [0x22],
  f32Load: [0x2a],
  f32Store: [0x38],
  i32Load: [0x28],
  i32Store: [0x36],
  i32Const: [0x41],
  /** Followed by the 4 little-endian bytes of the float. */
  f32Const: [0x43],
  i32LtU: [0x49],
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32GeU: [0x4f],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32GtU: [0x4b],
  f32Eq: [0x5b],
  f32Gt: [0x5e],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Or: [0x72],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f32Sqrt: [0x91],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Max: [0x97],
  v128Load: [0xfd, 0x00],
  v128Load32Splat: [0xfd, 0x09],
  v128Store: [0xfd, 0x0b],
  i8x16Shuffle: [0xfd, 0x0d],
  f32x4Splat: [0xfd, 0x13],
  f32x4Eq: [0xfd, 0x41],
  v128AnyTrue: [0xfd, 0x53],
  i32x4Splat: [0xfd, 0x11],
  i32x4Eq: [0xfd, 0x37],
  f32x4Gt: [0xfd, 0x44],
  v128And: [0xfd, 0x4e],
  v128Bitselect: [0xfd, 0x52],
  i32x4AllTrue: [0xfd, 0xa3, 0x01],
  i32x4Shl: [0xfd, 0xab, 0x01],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Sub: [0xfd, 0xe5, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Div: [0xfd, 0xe7, 0x01],
  f32x4Max: [0xfd, 0xe9, 0x01],
  /** Relaxed SIMD: a·b + c, fused where the hardware can. */
  f32x4RelaxedMadd: [0xfd, 0x85, 0x02],
} as const;

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

export const get = (local: number): number[] => [...OP.localGet, ...uleb(local)];
export const set = (local: number): number[] => [...OP.localSet, ...uleb(local)];
export const i32 = (n: number): number[] => [...OP.i32Const, ...sleb(n)];
/** Pushes the byte address of 4-byte element `index` (instructions pushing an i32) of the array at local `base`. */
export const elementAt = (base: number, index: readonly number[]): number[] => [...get(base), ...index, ...i32(2), ...OP.i32Shl, ...OP.i32Add];

/** `for (i = from; i < end; i += step) body`, with `from` and `end` instructions that push an i32 (unsigned compare). */
export function forRange(i: number, from: number[], end: number[], step: number, body: number[]): number[] {
  return [...from, ...set(i), ...OP.block, ...OP.loop, ...get(i), ...end, ...OP.i32GeU, ...OP.brIf, 1, ...body, ...get(i), ...i32(step), ...OP.i32Add, ...set(i), ...OP.br, 0, ...OP.end, ...OP.end];
}

function name(s: string): number[] {
  const bytes = [...Buffer.from(s, "utf8")];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

export interface AssembledFunction {
  /** The export name. */
  name: string;
  params: number[];
  /** Result types; none when left out. */
  results?: number[];
  /** Extra locals after the parameters, as [count, type] runs. */
  locals: [number, number][];
  /** The instructions, without the closing `end`. */
  body: number[];
}

/**
 * A module that imports its memory as env.memory and exports `functions`.
 * `shared` must match the memory it will be instantiated with: a shared import needs a
 * maximum, and 65536 pages (4 GiB) admits any.
 */
export function assembleModule(functions: AssembledFunction[], memory: { shared: boolean }): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))]);
  const limits = memory.shared ? [0x03, ...uleb(0), ...uleb(65536)] : [0x00, ...uleb(0)];
  const imports = vec([[...name("env"), ...name("memory"), 0x02, ...limits]]);
  const bodies = functions.map((f) => {
    const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body, ...OP.end];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, imports),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

/** The wasm API as used here (the ES2022 lib does not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A WebAssembly.Memory, as far as these modules need it. */
export type WasmMemory = { buffer: ArrayBufferLike };

const instances = new WeakMap<WasmMemory, Map<string, Record<string, unknown> | null>>();

/**
 * The exports of `functions` assembled into one module on `memory`, or undefined when
 * this runtime rejects the module (no WebAssembly SIMD). Compiled once per memory and `key`.
 */
export function instantiateOn(memory: WasmMemory, key: string, functions: () => AssembledFunction[]): Record<string, unknown> | undefined {
  let byKey = instances.get(memory);
  if (!byKey) instances.set(memory, (byKey = new Map()));
  if (!byKey.has(key)) {
    const bytes = assembleModule(functions(), { shared: typeof SharedArrayBuffer !== "undefined" && memory.buffer instanceof SharedArrayBuffer });
    byKey.set(key, WebAssemblyApi.validate(bytes) ? new WebAssemblyApi.Instance(new WebAssemblyApi.Module(bytes), { env: { memory } }).exports : null);
  }
  return byKey.get(key) ?? undefined;
}
