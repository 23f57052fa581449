// Rate-limits a side effect (sending a display update) without losing the last call:
// a request inside the interval is deferred to its end, so the final state always goes out.

export class Throttle {
  private last = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Least time between two runs; may be changed between runs. */
    public intervalMs: number,
    private readonly run: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs now if the interval has passed since the last run, else once at its end. */
  request(): void {
    const wait = this.last + this.intervalMs - this.now();
    if (wait <= 0) {
      this.flush();
      return;
    }
    // unref: a pending update never keeps a plain Node process alive (a browser's timers are plain numbers).
    this.timer ??= setTimeout(() => this.flush(), wait);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Runs now, cancelling any deferred run. */
  flush(): void {
    this.cancel();
    this.last = this.now();
    this.run();
  }

  /** Drops a deferred run, if any. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pending(): boolean {
    return this.timer !== undefined;
  }
}
