// The one way in: each request from shell or control goes to the handler its message type names in one
// table (kernel.ts builds it), between a busy and an idle status. Handlers run at once, so a comm message
// is answered while a cell awaits; execute requests wait in the execute session's queue instead.
import type { Publisher } from "./publisher";
import { unrefTimer } from "./timers";
import type { Message } from "./wire";

export interface Request<C = Record<string, unknown>> {
  msg: Message<C>;
  content: C;
  /** Answers on the channel the request came from. */
  reply(msgType: string, content: unknown): void;
}

/** Answers one request; the idle status follows once the returned promise settles. */
export type Handler = (request: Request) => void | Promise<void>;

export type Handlers = Readonly<Record<string, Handler>>;

export class Dispatcher {
  private inFlight = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private idleTask: { run: () => void; delayMs: number } | undefined;

  constructor(
    private readonly handlers: Handlers,
    private readonly publisher: Publisher,
    private readonly log: (line: string) => void,
  ) {}

  async dispatch(channel: "shell" | "control", msg: Message): Promise<void> {
    const type = msg.header.msg_type;
    this.publisher.status(msg, "busy");
    this.inFlight += 1;
    try {
      const handler = Object.hasOwn(this.handlers, type) ? this.handlers[type] : undefined;
      if (!handler) this.log(`tsdl: ignored a request of unknown type ${type}`);
      else await handler({ msg: msg as Message<Record<string, unknown>>, content: (msg.content ?? {}) as Record<string, unknown>, reply: (t, c) => this.publisher.reply(msg, channel, t, c) });
    } catch (e) {
      this.log(`tsdl: ${type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.inFlight -= 1;
      this.publisher.status(msg, "idle");
      this.armIdle();
    }
  }

  /** Runs `task` once no request has been in flight for `delayMs` (the prelude loads in the background so). */
  whenIdle(task: () => void, delayMs = 500): void {
    this.idleTask = { run: task, delayMs };
    this.armIdle();
  }

  private armIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const task = this.idleTask;
    if (!task) return;
    this.idleTimer = unrefTimer(
      setTimeout(() => {
        if (this.inFlight > 0) return this.armIdle();
        this.idleTask = undefined;
        task.run();
      }, task.delayMs),
    );
  }
}
