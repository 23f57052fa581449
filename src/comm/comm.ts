// Jupyter comms from the library's side: a Comm is one end of a channel to the frontend, opened by either side.
// https://jupyter-client.readthedocs.io/en/latest/messaging.html#custom-messages
import type { JsonObject } from "../frontend";

/** One comm message as a handler sees it: its data, metadata and binary buffers. */
export interface CommMessage {
  data: JsonObject;
  metadata: JsonObject;
  buffers: Uint8Array[];
}

export interface CommSendOptions {
  metadata?: JsonObject;
  /** Binary data, sent as frames after the message (never JSON-encoded). */
  buffers?: ArrayBufferView[];
}

/** May return anything (a promise is awaited, so its rejection is logged); `comm.onMsg(m => other.onMsg(...))` type-checks. */
export type CommMsgHandler = (msg: CommMessage) => unknown;

/** How a Comm reaches the outside: the manager's send, bound to this comm. */
export type CommSend = (type: "comm_msg" | "comm_close", data: JsonObject, options: CommSendOptions) => void;

export class Comm {
  private readonly msgHandlers = new Set<CommMsgHandler>();
  private readonly closeHandlers = new Set<CommMsgHandler>();
  private isClosed = false;

  constructor(
    readonly commId: string,
    readonly targetName: string,
    private readonly transport: CommSend,
    private readonly forget: (comm: Comm) => void,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  /** Sends `data` (and binary `buffers`) to the frontend's end of this comm. */
  send(data: JsonObject = {}, options: CommSendOptions = {}): void {
    if (this.isClosed) throw new Error(`comm ${this.commId} (${this.targetName}): cannot send, it is closed`);
    this.transport("comm_msg", data, options);
  }

  /** Closes both ends; the frontend gets `data`. Closing twice does nothing. */
  close(data: JsonObject = {}, options: CommSendOptions = {}): void {
    if (this.isClosed) return;
    this.transport("comm_close", data, options);
    this.closedBy({ data, metadata: options.metadata ?? {}, buffers: [] });
  }

  /** Calls `handler` for every message from the frontend; returns a function that removes it. */
  onMsg(handler: CommMsgHandler): () => void {
    this.msgHandlers.add(handler);
    return () => this.msgHandlers.delete(handler);
  }

  /** Calls `handler` once the comm closes, from either side; returns a function that removes it. */
  onClose(handler: CommMsgHandler): () => void {
    this.closeHandlers.add(handler);
    return () => this.closeHandlers.delete(handler);
  }

  /** @internal The manager delivers a frontend message; returns the handlers' results. */
  deliver(msg: CommMessage): unknown[] {
    return [...this.msgHandlers].map((h) => h(msg));
  }

  /** @internal Marks the comm closed and runs the close handlers once. */
  closedBy(msg: CommMessage): unknown[] {
    if (this.isClosed) return [];
    this.isClosed = true;
    this.forget(this);
    const handlers = [...this.closeHandlers];
    this.msgHandlers.clear();
    this.closeHandlers.clear();
    return handlers.map((h) => h(msg));
  }
}
