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

interface IdleTask {
  run: () => void;
  delayMs: number;
  repeat: boolean;
  timer?: ReturnType<typeof setTimeout>;
}

export class Dispatcher {
  private inFlight = 0;
  private readonly idleTasks = new Set<IdleTask>();

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
      for (const task of this.idleTasks) this.arm(task);
    }
  }

  /** Runs `task` once no request has been in flight for `delayMs` (the prelude loads in the background so). */
  whenIdle(task: () => void, delayMs = 500): void {
    this.add({ run: task, delayMs, repeat: false });
  }

  /** Runs `task` each time no request has been in flight for `delayMs` after one was. */
  afterEachIdle(task: () => void, delayMs: number): void {
    this.add({ run: task, delayMs, repeat: true });
  }

  private add(task: IdleTask): void {
    this.idleTasks.add(task);
    if (!task.repeat) this.arm(task);
  }

  private arm(task: IdleTask): void {
    if (task.timer) clearTimeout(task.timer);
    task.timer = unrefTimer(
      setTimeout(() => {
        task.timer = undefined;
        if (this.inFlight > 0) return this.arm(task);
        if (!task.repeat) this.idleTasks.delete(task);
        task.run();
      }, task.delayMs),
    );
  }
}
