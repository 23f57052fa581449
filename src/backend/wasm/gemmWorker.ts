// The worker side of gemmThreads.ts: computes the part of a product it is told to, on the shared wasm
// memory, then reports back. It blocks in Atomics.wait between products, so it costs nothing idle.
import { workerData } from "node:worker_threads";
import { ARGS, runPart, SLOT, STOP, WasmMemory } from "./gemmControl";
import { gemmOn } from "./gemmSimd";

const { memory, control, fma } = workerData as { memory: WasmMemory; control: SharedArrayBuffer; fma: boolean };
const slots = new Int32Array(control);
const gemm = gemmOn(memory, fma);
let seen = 0;
for (;;) {
  Atomics.wait(slots, SLOT.request, seen);
  seen = Atomics.load(slots, SLOT.request);
  if (seen === STOP) break;
  // A trap must still be reported, or the main thread would wait for this request forever.
  try {
    if (!gemm) throw new Error("this worker could not compile the products");
    runPart(gemm, slots.subarray(SLOT.args, SLOT.args + ARGS));
    Atomics.store(slots, SLOT.failed, 0);
  } catch {
    Atomics.store(slots, SLOT.failed, 1);
  }
  Atomics.store(slots, SLOT.done, seen);
  Atomics.notify(slots, SLOT.done);
}
