// node:async_hooks for the browser build: the AsyncLocalStorage the kernel's Publisher uses to attribute
// output to the request behind it. A browser has no async context, so this one follows what it can:
// - the synchronous part of run(store, fn) sees `store`;
// - while the promise fn returned is pending, code with no store of its own (an awaited continuation) sees
//   the store of the latest such run still pending: a cell's, or a comm message's, or a widget observer's;
// - timers see the store that was current when they were set (lite/kernel/polyfills.ts wraps them).
// Where two runs overlap in time (a slider moved while a cell awaits), the later one wins until it settles.

interface Frame {
  store: unknown;
}

const instances = new Set<AsyncLocalStorage<unknown>>();

export class AsyncLocalStorage<T> {
  private sync: { store: T } | undefined;
  private readonly pending: Frame[] = [];

  constructor() {
    instances.add(this as AsyncLocalStorage<unknown>);
  }

  getStore(): T | undefined {
    if (this.sync) return this.sync.store;
    return this.pending.at(-1)?.store as T | undefined;
  }

  run<R>(store: T, fn: (...args: never[]) => R): R {
    const outer = this.sync;
    this.sync = { store };
    try {
      const result = fn();
      if (result !== null && typeof result === "object" && typeof (result as { then?: unknown }).then === "function") {
        const frame: Frame = { store };
        this.pending.push(frame);
        const done = () => void this.pending.splice(this.pending.indexOf(frame) >>> 0, 1);
        (result as unknown as PromiseLike<unknown>).then(done, done);
      }
      return result;
    } finally {
      this.sync = outer;
    }
  }
}

/** `fn`, made to run with every storage's current store, whenever it is called. */
export function bindToCurrentContext<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const captured = [...instances].map((storage) => ({ storage, store: storage.getStore() })).filter((c) => c.store !== undefined);
  if (captured.length === 0) return fn;
  return (...args: A) => captured.reduce<() => R>((inner, { storage, store }) => () => storage.run(store, inner), () => fn(...args))();
}

export default { AsyncLocalStorage };
