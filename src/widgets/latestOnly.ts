// Runs a task at most once at a time; requests made while it runs collapse into one more run after it, so a
// slider dragged during a slow redraw costs one redraw with its newest value, not one per position passed.

export type Pause = () => Promise<void>;

/** One turn of the event loop: messages that arrived during a run are handled (and request again) before the next. */
export const nextTurn: Pause = () => new Promise((resolve) => setTimeout(resolve, 0));

export class LatestOnly {
  private running = false;
  private pending = false;
  private waiting: (() => void)[] = [];

  /** `task` may return a promise; it reports its own errors (a throw or rejection only ends that run). */
  constructor(
    private readonly task: () => unknown,
    private readonly pause: Pause = nextTurn,
  ) {}

  /** Whether a run is in progress. */
  get busy(): boolean {
    return this.running;
  }

  /**
   * Asks for a run. When idle it starts at once (a synchronous task has run when this returns); while a run
   * is in progress, one more run follows it. Resolves once a run that started after this request has ended.
   */
  request(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.running) this.pending = true;
      else void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      do {
        this.pending = false;
        const served = this.waiting;
        this.waiting = [];
        try {
          const r = this.task();
          if (r && typeof (r as PromiseLike<unknown>).then === "function") await r;
        } catch {
          // The task shows its own errors; a failed run must not stop later ones.
        }
        await this.pause();
        for (const resolve of served) resolve();
      } while (this.pending);
    } finally {
      this.running = false;
    }
  }
}
