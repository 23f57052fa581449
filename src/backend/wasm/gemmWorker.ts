// The worker side of gemmThreads.ts: when a product is posted and still unclaimed, takes chunks of it
// from the shared queue on the shared wasm memory, then reports back. It blocks in Atomics.wait
// between products, so it costs nothing idle.
import { workerData } from "node:worker_threads";
import { ARGS, runChunks, SLOT, STATE, STOP, WasmMemory } from "./gemmControl";
import { gemmOn } from "./gemmSimd";

const { memory, control, queue, fma } = workerData as { memory: WasmMemory; control: SharedArrayBuffer; queue: SharedArrayBuffer; fma: boolean };
const slots = new Int32Array(control);
const chunks = new Int32Array(queue);
const gemm = gemmOn(memory, fma);
let seen = 0;
for (;;) {
  Atomics.wait(slots, SLOT.request, seen);
  // Withdrawn while this thread waited for a core: the main thread computed it all and does not wait.
  if (Atomics.compareExchange(slots, SLOT.state, STATE.posted, STATE.claimed) !== STATE.posted) {
    seen = Atomics.load(slots, SLOT.request);
    if (seen === STOP) break;
    continue;
  }
  // Read after the claim: the request and arguments the main thread posted before it set the state.
  seen = Atomics.load(slots, SLOT.request);
  if (seen === STOP) break;
  // A trap must still be reported, or the main thread would wait for this request forever.
  try {
    if (!gemm) throw new Error("this worker could not compile the products");
    runChunks(gemm, slots.subarray(SLOT.args, SLOT.args + ARGS), chunks);
    Atomics.store(slots, SLOT.failed, 0);
  } catch {
    Atomics.store(slots, SLOT.failed, 1);
  }
  Atomics.store(slots, SLOT.done, seen);
  Atomics.notify(slots, SLOT.done);
}
