// The one way out: every message the kernel sends leaves through a Publisher, in the order it was
// published. Replies go to shell or control; status, streams, results, displays and comms go to iopub.
// A message still being built (a display whose Jupyter.display method is async) keeps its place, and
// what is published after it waits for it. Stream text is buffered briefly and leaves before whatever
// is published next. AsyncLocalStorage follows timers and promises, so output written after a cell
// finished is still attributed to that cell.
import { AsyncLocalStorage } from "node:async_hooks";
import type { WireBundle } from "../src/display/bundle";
import type { Frontend } from "../src/frontend";
import { unrefTimer } from "./timers";
import { Message, newMessage, replyTo } from "./wire";

export type Channel = "shell" | "control" | "iopub";
export type StreamName = "stdout" | "stderr";

/** How a message reaches its socket (KernelServer.send). */
export type Send = (channel: Channel, msg: Message<unknown>) => void;

export interface PublishOptions {
  /** The request this message answers or belongs to; by default the one whose code is running. */
  parent?: Message;
  metadata?: Record<string, unknown>;
  /** Binary frames after the content (comm messages). */
  buffers?: Uint8Array[];
}

interface Outgoing {
  channel: Channel;
  msg: Message<unknown>;
}

/** A place in the queue; `settled` once its message is known (or known to be nothing). */
interface Slot {
  out: Outgoing | undefined;
  settled: boolean;
}

const STREAM_FLUSH_MS = 50;

export class Publisher {
  private readonly context = new AsyncLocalStorage<Message>();
  /** Where output with no request behind it goes: the last cell that ran. */
  private lastCell: Message | undefined;
  private readonly queue: Slot[] = [];
  private stream: { parent: Message; name: StreamName; text: string } | undefined;
  private streamTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: Send,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Runs `fn` with everything it publishes, now or later, attributed to `parent`. A cell's run also makes
   * it the home of output that has no request behind it.
   */
  within<T>(parent: Message, fn: () => T, options: { isCell?: boolean } = {}): T {
    if (options.isCell) this.lastCell = parent;
    return this.context.run(parent, fn);
  }

  /** `fn`, run with its output attributed to the request current now, whoever calls it later. */
  bind<F extends (...args: never[]) => unknown>(fn: F): F {
    const parent = this.parent;
    if (!parent) return fn;
    return ((...args: Parameters<F>) => this.context.run(parent, () => fn(...args))) as F;
  }

  /** The request the running code belongs to. */
  get parent(): Message | undefined {
    return this.context.getStore() ?? this.lastCell;
  }

  reply(request: Message, channel: "shell" | "control", msgType: string, content: unknown): void {
    this.enqueue({ channel, msg: replyTo(request, msgType, content) });
  }

  publish(msgType: string, content: unknown, options: PublishOptions = {}): void {
    this.enqueue(this.iopub(msgType, content, options));
  }

  /** Publishes a message whose content is still being computed, in its place; `undefined` publishes nothing. */
  publishLater(content: Promise<{ msgType: string; content: unknown } | undefined>, options: PublishOptions = {}): void {
    const parent = options.parent ?? this.parent;
    this.enqueue(
      content.then(
        (m) => (m ? this.iopub(m.msgType, m.content, { ...options, parent }) : undefined),
        (e: unknown) => this.iopub("stream", { name: "stderr", text: `${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n` }, { parent }),
      ),
    );
  }

  status(parent: Message, state: "busy" | "idle"): void {
    this.publish("status", { execution_state: state }, { parent });
  }

  /** Stream text (a cell's stdout or stderr); without a cell to attribute it to, it goes to the kernel's log. */
  write(name: StreamName, text: string): void {
    const parent = this.parent;
    if (!parent) {
      this.log(text.replace(/\n$/, ""));
      return;
    }
    const s = this.stream;
    if (s && s.parent === parent && s.name === name) s.text += text;
    else {
      this.flushStream();
      this.stream = { parent, name, text };
    }
    this.streamTimer ??= unrefTimer(setTimeout(() => this.flushStream(), STREAM_FLUSH_MS));
  }

  /** Redirects process.stdout and process.stderr into the notebook. */
  captureStdio(): void {
    const hook = (name: StreamName) =>
      ((chunk: string | Uint8Array, encodingOrCb?: unknown, cb?: unknown) => {
        this.write(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        const done = typeof encodingOrCb === "function" ? encodingOrCb : cb;
        if (typeof done === "function") process.nextTick(done as () => void);
        return true;
      }) as typeof process.stdout.write;
    process.stdout.write = hook("stdout");
    process.stderr.write = hook("stderr");
  }

  /** Gives up waiting for messages still being built (an interrupt): what follows them leaves now. */
  abandonPending(): void {
    for (const slot of this.queue) slot.settled = true;
    this.pump();
  }

  /** Resolves once everything published so far has been handed to its socket. */
  async drained(): Promise<void> {
    this.flushStream();
    while (this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
  }

  private iopub(msgType: string, content: unknown, options: PublishOptions): Outgoing {
    const msg = newMessage(msgType, content, options.parent ?? this.parent);
    if (options.metadata) msg.metadata = options.metadata;
    if (options.buffers) msg.buffers = options.buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    return { channel: "iopub", msg };
  }

  /** Sends buffered stream text into the queue; everything else is queued behind it. */
  private flushStream(): void {
    if (this.streamTimer) clearTimeout(this.streamTimer);
    this.streamTimer = undefined;
    const s = this.stream;
    this.stream = undefined;
    if (s?.text) this.append(this.iopub("stream", { name: s.name, text: s.text }, { parent: s.parent }));
  }

  private enqueue(out: Outgoing | Promise<Outgoing | undefined>): void {
    this.flushStream();
    this.append(out);
  }

  private append(out: Outgoing | Promise<Outgoing | undefined>): void {
    if (!(out instanceof Promise)) {
      if (this.queue.length === 0) this.send(out.channel, out.msg);
      else this.queue.push({ out, settled: true });
      return;
    }
    const slot: Slot = { out: undefined, settled: false };
    this.queue.push(slot);
    void out.then((o) => {
      if (slot.settled) return;
      slot.out = o;
      slot.settled = true;
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue[0]?.settled) {
      const { out } = this.queue.shift()!;
      if (out) this.send(out.channel, out.msg);
    }
  }
}

const displayType = (update: boolean) => (update ? "update_display_data" : "display_data");
const displayContent = (data: WireBundle, displayId: string | undefined) => ({ data, metadata: {}, transient: displayId ? { display_id: displayId } : {} });

/** The Frontend (src/frontend) of a kernel that publishes through `publisher`: the library's way out. */
export function publishingFrontend(publisher: Publisher, log: (line: string) => void): Frontend {
  return {
    display: (bundle, displayId, update) => publisher.publish(displayType(update), displayContent(bundle, displayId)),
    displayLater: (bundle, displayId, update) => publisher.publishLater(bundle.then((b) => ({ msgType: displayType(update), content: displayContent(b, displayId) }))),
    clearOutput: (wait) => publisher.publish("clear_output", { wait }),
    sendComm: (msgType, content, metadata, buffers) => publisher.publish(msgType, content, { metadata, buffers }),
    log,
    bindToCell: (fn) => publisher.bind(fn),
  };
}
