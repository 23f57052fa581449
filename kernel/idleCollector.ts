// Gives a busy period's garbage back once the kernel is idle. V8 collects an idle heap only when its memory
// reducer runs, 20-40 s after the last cell (three full collections, --trace-gc shows them as "reduce"), so
// a kernel that has just run chapter 4 held ~40 MiB of garbage for that long: 716 MiB against 674 after.
// A class server counts every student's kernel at its worst, so the kernel collects as soon as it idles.
import v8 from "node:v8";
import vm from "node:vm";

/** How much the V8 heap must have grown since the last collection here to be worth collecting. */
const GROWTH_BYTES = 16 * 2 ** 20;
/** The memory reducer's count: the first frees the garbage, the next ones compact and give pages back. */
const PASSES = 3;

/**
 * V8's full collection, from its gc extension. Loaded into a context of its own, so cells, which run in
 * the main context, get no `gc` global; undefined if this node has no such extension.
 */
export function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("typeof gc === 'function' ? gc : undefined");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

const heapUsed = () => v8.getHeapStatistics().used_heap_size;

export class IdleCollector {
  private usedAfterLast: number;
  /** Collections run so far. */
  collections = 0;

  /** `collect`: fullCollection(), or undefined where there is none (then this does nothing). */
  constructor(
    private readonly collect: (() => void) | undefined,
    private readonly growth = GROWTH_BYTES,
    private readonly used: () => number = heapUsed,
  ) {
    this.usedAfterLast = used();
  }

  /** Collects, if the heap grew by enough since the last time to be worth a collection. */
  run(): void {
    if (!this.collect || this.used() - this.usedAfterLast < this.growth) return;
    for (let i = 0; i < PASSES; i++) this.collect();
    this.collections += 1;
    this.usedAfterLast = this.used();
  }
}
