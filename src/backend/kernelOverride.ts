// Replaces one wasm kernel through tfjs's kernel registry, keeping the original to fall back on
// and to restore (never an edit of node_modules).
import * as tf from "@tensorflow/tfjs";
import { WasmMemory } from "./wasmAssembler";

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

export class WasmKernelOverride {
  private original: tf.KernelConfig | undefined;

  /** `wrap` gets the original kernel function to fall back on and returns the replacement. */
  constructor(
    readonly kernelName: string,
    private readonly wrap: (fallback: KernelFn) => KernelFn,
  ) {}

  get installed(): boolean {
    return this.original !== undefined;
  }

  /** Idempotent. */
  install(): void {
    if (this.original) return;
    const config = tf.getKernel(this.kernelName, "wasm");
    if (!config) throw new Error(`install ${this.kernelName}: expected the wasm backend to register ${this.kernelName}; it did not (import @tensorflow/tfjs-backend-wasm first)`);
    this.original = config;
    tf.unregisterKernel(this.kernelName, "wasm");
    tf.registerKernel({ ...config, kernelFunc: this.wrap(config.kernelFunc as unknown as KernelFn) as unknown as tf.KernelFunc });
  }

  uninstall(): void {
    if (!this.original) return;
    tf.unregisterKernel(this.kernelName, "wasm");
    tf.registerKernel(this.original);
    this.original = undefined;
  }
}
