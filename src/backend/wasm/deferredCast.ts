// A large int32 (or bool) → float32 Cast on the wasm backend, deferred: the float32 copy is made when
// something first reads it, and never when an arithmetic op with a single number consumes it
// (`images.toFloat().div(255)`), which converts and computes in one pass. Preprocessing then holds the
// raw tensor and the result, not a third, in-between copy, on a heap that never gives memory back.
// The wasm heap of chapter 4 (MNIST as float32) peaked 130 MiB above the data it kept for that copy.
import * as tf from "@tensorflow/tfjs";

import { HeapBackend, heapMemory, KernelFn, TensorInfo } from "./heap";

/** Casts of at least this many elements are deferred (1 MiB as float32); smaller ones are not worth it. */
export const DEFER_MIN_SIZE = 1 << 18;

/** One tensor's record in the wasm backend's data storage; a deferred cast has no memory yet. */
interface TensorData {
  id: number;
  memoryOffset: number | null;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

/** The parts of BackendWasm a deferred cast needs beyond HeapBackend's. */
interface CastingBackend extends HeapBackend {
  dataIdMap: { get(dataId: tf.DataId): TensorData; set(dataId: tf.DataId, data: TensorData): void; delete(dataId: tf.DataId): boolean };
  dataIdNextNumber: number;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  incRef(dataId: tf.DataId): void;
  wasm: HeapBackend["wasm"] & { _malloc(bytes: number): number; tfjs: { registerTensor(id: number, size: number, memoryOffset: number): void } };
}

/** The int32 or bool tensor each deferred cast converts, by the cast's data id; it holds a reference to it. */
const sources = new WeakMap<tf.DataId, TensorInfo>();

/** Backends whose storage makes deferred casts on first read. */
const patched = new WeakSet<object>();

/** The tensor a deferred cast `t` will convert, or undefined when `t` is an ordinary tensor. */
export function deferredSource(t: TensorInfo): TensorInfo | undefined {
  return sources.get(t.dataId);
}

/** Makes the float32 copy of a deferred cast, and lets go of its source. */
function materialize(backend: CastingBackend, dataId: tf.DataId, data: TensorData): void {
  const source = sources.get(dataId)!;
  sources.delete(dataId);
  const size = tf.util.sizeFromShape(data.shape);
  data.memoryOffset = backend.wasm._malloc(size * 4) >>> 0;
  backend.wasm.tfjs.registerTensor(data.id, size, data.memoryOffset);
  // Views after the allocation: growing the heap replaces its buffer. Float32Array.set converts as Cast does.
  (backend.typedArrayFromHeap({ dataId, shape: data.shape, dtype: "float32" }) as Float32Array).set(backend.typedArrayFromHeap(source));
  backend.disposeData(source.dataId);
}

/**
 * Every read of a backend's tensor goes through its storage's `get` (kernels, readSync, typedArrayFromHeap),
 * so a deferred cast is made there. Reference counting and disposal must not make it: a reshape shares it,
 * and a cast disposed before anyone read it never takes memory.
 */
function patchBackend(backend: CastingBackend): void {
  if (patched.has(backend)) return;
  patched.add(backend);
  const storage = backend.dataIdMap;
  const get = storage.get.bind(storage);
  storage.get = (dataId) => {
    const data = get(dataId);
    if (sources.has(dataId)) materialize(backend, dataId, data);
    return data;
  };
  const [disposeData, refCount, incRef] = [backend.disposeData.bind(backend), backend.refCount.bind(backend), backend.incRef.bind(backend)];
  backend.disposeData = (dataId, force = false) => {
    const source = sources.get(dataId);
    if (!source) return disposeData(dataId, force);
    const data = get(dataId);
    data.refCount--;
    if (!force && data.refCount > 0) return false;
    sources.delete(dataId);
    storage.delete(dataId);
    disposeData(source.dataId);
    return true;
  };
  backend.refCount = (dataId) => (sources.has(dataId) ? get(dataId).refCount : refCount(dataId));
  backend.incRef = (dataId) => {
    if (sources.has(dataId)) get(dataId).refCount++;
    else incRef(dataId);
  };
}

/**
 * Wraps the wasm Cast: a large int32 or bool tensor cast to float32 becomes a deferred cast. Only on a
 * shared (threaded) heap, whose growth leaves the views a kernel already holds valid: a deferred cast
 * may be made, and the heap grow, in the middle of another kernel.
 */
export function deferringCast(fallback: KernelFn): KernelFn {
  const tsdlDeferringCast: KernelFn = (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const backend = args.backend as unknown as CastingBackend;
    const defer =
      args.attrs.dtype === "float32" && (x.dtype === "int32" || x.dtype === "bool") && tf.util.sizeFromShape(x.shape) >= DEFER_MIN_SIZE && heapMemory(args.backend)?.buffer instanceof SharedArrayBuffer;
    if (!defer) return fallback(args);
    patchBackend(backend);
    const id = backend.dataIdNextNumber++;
    const dataId = { id };
    backend.dataIdMap.set(dataId, { id, memoryOffset: null, shape: [...x.shape], dtype: "float32", refCount: 1 });
    backend.incRef(x.dataId);
    sources.set(dataId, { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype });
    return { dataId, shape: [...x.shape], dtype: "float32" };
  };
  return tsdlDeferringCast;
}
