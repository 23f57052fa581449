// What tsdl's wasm kernels share: the kernel-function types, the parts of BackendWasm they use to
// read and write the wasm heap in place, and the transpose they call through the registry.
import * as tf from "@tensorflow/tfjs";
import { WasmMemory } from "./assembler";

export type TensorInfo = tf.TensorInfo;
export type KernelArgs = { inputs: Record<string, TensorInfo>; backend: tf.KernelBackend; attrs: Record<string, unknown> };
export type KernelFn = (args: KernelArgs) => TensorInfo;

/** The parts of BackendWasm the heap-copying kernels use. */
export interface HeapBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  getMemoryOffset(dataId: tf.DataId): number;
  refCount(dataId: tf.DataId): number;
  /** The emscripten module: its memory is `wasmMemory` when threaded, else `asm.memory`. */
  wasm: { wasmMemory?: WasmMemory; asm?: { memory?: WasmMemory } };
}

/** The WebAssembly.Memory of a wasm backend, for tsdl's own SIMD modules. */
export function heapMemory(backend: tf.KernelBackend): WasmMemory | undefined {
  const wasm = (backend as unknown as HeapBackend).wasm;
  return wasm?.wasmMemory ?? wasm?.asm?.memory;
}

/** Swaps the last two axes through the registered wasm Transpose; the caller frees the result. */
export function transposeLastTwo(x: TensorInfo, backend: tf.KernelBackend): TensorInfo {
  const config = tf.getKernel("Transpose", "wasm");
  if (!config) throw new Error("tsdl backend: expected the wasm backend to have a Transpose kernel; it has none");
  const perm = [...x.shape.keys()];
  [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1]!, perm[perm.length - 2]!];
  return (config.kernelFunc as unknown as KernelFn)({ inputs: { x }, backend, attrs: { perm } });
}
