// Jupyter's interrupt (SIGINT, or interrupt_request on control) and everything it stops. A cell's code in
// a synchronous loop is broken by SIGINT itself (vm's breakOnSigint); the rest is here: a cell still
// waiting or compiling must not start, an awaited cell stops waiting, and a running model.fit stops
// after its current batch (interrupting only the wait would leave it training in the background).
import type * as tfjs from "@tensorflow/tfjs";

export class InterruptedError extends Error {
  /** `how` names what interrupted the cell, as the student knows it: SIGINT in Node, the page's Interrupt in a browser. */
  constructor(how = "SIGINT") {
    super(`the cell was interrupted (${how}); variables defined before are kept`);
    this.name = "Interrupted";
  }
}

/** One cell's view of interrupts, from the moment the session takes it up until it is answered. */
export class CellInterrupt {
  private stopped = false;
  private readonly waiting = new Set<(e: Error) => void>();

  constructor(private readonly how?: string) {}

  get interrupted(): boolean {
    return this.stopped;
  }

  /** Throws if the cell was interrupted: called where it would start running. */
  check(): void {
    if (this.stopped) throw new InterruptedError(this.how);
  }

  /** `promise`, or an InterruptedError as soon as the cell is interrupted. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new InterruptedError(this.how));
    let reject!: (e: Error) => void;
    const interrupted = new Promise<never>((_, r) => (reject = r));
    this.waiting.add(reject);
    return Promise.race([promise, interrupted]).finally(() => this.waiting.delete(reject));
  }

  /** @internal Called by the controller. */
  stop(): void {
    this.stopped = true;
    for (const reject of this.waiting) reject(new InterruptedError(this.how));
    this.waiting.clear();
  }
}

export class InterruptController {
  private current: CellInterrupt | undefined;
  /** Models inside fit() or fitDataset(), so an interrupt can stop their training. */
  private readonly training = new Set<tfjs.LayersModel>();
  private trackedTf: typeof tfjs | undefined;
  private readonly hooks: (() => void)[] = [];

  /** `how`: what interrupts a cell, named in its error (the default, SIGINT, is the Node kernel's). */
  constructor(private readonly how?: string) {}

  /** Starts watching for an interrupt of the cell the session takes up; `end()` when it is answered. */
  begin(): { cell: CellInterrupt; end: () => void } {
    const cell = new CellInterrupt(this.how);
    this.current = cell;
    return { cell, end: () => void (this.current === cell && (this.current = undefined)) };
  }

  /** Something else an interrupt stops (the publisher's wait for a display still being built). */
  onInterrupt(hook: () => void): void {
    this.hooks.push(hook);
  }

  interrupt(): void {
    this.current?.stop();
    for (const model of this.training) model.stopTraining = true;
    this.training.clear();
    for (const hook of this.hooks) hook();
  }

  /**
   * Tracks every fit of `tf`'s models through tfjs's callback registry (a callback every fit creates), so
   * that an interrupt can set their stopTraining flag.
   */
  trackTraining(tf: typeof tfjs): void {
    if (this.trackedTf === tf) return;
    this.trackedTf = tf;
    const training = this.training;
    class TrainingTracker extends tf.Callback {
      override async onTrainBegin(): Promise<void> {
        training.add(this.model);
      }
      override async onTrainEnd(): Promise<void> {
        training.delete(this.model);
      }
    }
    tf.registerCallbackConstructor(0, TrainingTracker);
  }
}
