// Routes a cell's output (streams, displays) to the request that caused it.
// AsyncLocalStorage follows timers and promises, so output written after a cell
// finished still goes to that cell, never to whichever cell runs next.
import { AsyncLocalStorage } from "node:async_hooks";
import type { WireBundle } from "../src/display/bundle";
import { Message, replyTo } from "./wire";

export type Publish = (msg: Message<unknown>) => void;
type StreamName = "stdout" | "stderr";

export interface CellContext {
  parent: Message;
}

const FLUSH_MS = 50;

export class OutputRouter {
  private readonly als = new AsyncLocalStorage<CellContext>();
  private lastCell: CellContext | undefined;
  private pending: { cell: CellContext; name: StreamName; text: string } | undefined;
  private timer: NodeJS.Timeout | undefined;
  readonly realStdout: (text: string) => void;
  readonly realStderr: (text: string) => void;

  constructor(private readonly publish: Publish) {
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    this.realStdout = (t) => void out(t);
    this.realStderr = (t) => void err(t);
  }

  /** Redirects process.stdout/stderr into the notebook. */
  captureStdio(): void {
    const hook = (name: StreamName) =>
      ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown) => {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        this.write(name, text);
        const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = hook("stdout");
    process.stderr.write = hook("stderr");
  }

  /** Runs `fn` with every output it causes, now or later, attributed to `parent`. */
  run<T>(parent: Message, fn: () => T): T {
    const cell = { parent };
    this.lastCell = cell;
    return this.als.run(cell, fn);
  }

  /** `fn`, run with its output attributed to the cell current now, whoever calls it later. */
  bind<F extends (...args: never[]) => unknown>(fn: F): F {
    const cell = this.cell();
    if (!cell) return fn;
    return ((...args: Parameters<F>) => this.als.run(cell, () => fn(...args))) as F;
  }

  private cell(): CellContext | undefined {
    return this.als.getStore() ?? this.lastCell;
  }

  write(name: StreamName, text: string): void {
    const cell = this.cell();
    if (!cell) {
      (name === "stdout" ? this.realStdout : this.realStderr)(text);
      return;
    }
    if (this.pending && (this.pending.cell !== cell || this.pending.name !== name)) this.flush();
    if (this.pending) this.pending.text += text;
    else this.pending = { cell, name, text };
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Sends buffered stream text now; call before any other output to keep order. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p && p.text) this.publish(replyTo(p.cell.parent, "stream", { name: p.name, text: p.text }, []));
  }

  /** Publishes a message caused by the current cell, after its pending stream text. */
  send(msgType: string, content: unknown, parent?: Message, extra: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] } = {}): void {
    const cell = parent ? { parent } : this.cell();
    if (!cell) return;
    this.flush();
    const msg = replyTo(cell.parent, msgType, content, []);
    if (extra.metadata) msg.metadata = extra.metadata;
    if (extra.buffers) msg.buffers = extra.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    this.publish(msg);
  }

  display(bundle: WireBundle, displayId: string | undefined, update: boolean): void {
    this.send(update ? "update_display_data" : "display_data", {
      data: bundle,
      metadata: {},
      transient: displayId ? { display_id: displayId } : {},
    });
  }

  clearOutput(wait: boolean): void {
    this.send("clear_output", { wait });
  }
}
