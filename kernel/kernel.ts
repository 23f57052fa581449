// The tsdl kernel: answers Jupyter requests, runs cells in order and publishes their results.
import { JupyterHandlerImpl } from "tslab/dist/jupyter";
import * as tslabJupyter from "tslab/dist/jupyter";
import { formatValue, toWireBundle, WireBundle } from "../src/display/bundle";
import { commManager, IncomingCommType } from "../src/comm";
import { cellHooks, installFrontend } from "../src/frontend";
import { CellError, CellRunner, errorFromThrown } from "./execution";
import { inspectTarget } from "./inspectTarget";
import { History, HistoryRequest } from "./history";
import { OutputRouter } from "./output";
import { KernelServer } from "./server";
import { Message, PROTOCOL_VERSION, replyTo } from "./wire";

export interface KernelInfo {
  implementationVersion: string;
  typescriptVersion: string;
  banner: () => string;
}

interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  stop_on_error?: boolean;
}

interface QueuedExecute {
  msg: Message<ExecuteRequest>;
  aborted: boolean;
  /** Publishes the idle status once the request is answered. */
  done: () => void;
}

export class Kernel {
  private executionCount = 0;
  private readonly history = new History();
  private readonly queue: QueuedExecute[] = [];
  private running = false;
  private readonly tools: JupyterHandlerImpl;
  readonly output: OutputRouter;
  private server!: KernelServer;
  /** Resolved once the prelude ran; requests wait for it. */
  private ready: Promise<void> = Promise.resolve();
  private readonly interruptHooks: (() => void)[] = [];

  constructor(
    readonly runner: CellRunner,
    private readonly info: KernelInfo,
  ) {
    // tslab's handler serves is_complete, complete and inspect; it only calls complete/inspect on the runner.
    this.tools = new JupyterHandlerImpl(runner as unknown as ConstructorParameters<typeof JupyterHandlerImpl>[0], false);
    this.output = new OutputRouter((msg) => void this.server.send("iopub", msg));
  }

  attach(server: KernelServer): void {
    this.server = server;
    installFrontend({
      display: (bundle, displayId, update) => this.output.display(bundle, displayId, update),
      clearOutput: (wait) => this.output.clearOutput(wait),
      sendComm: (type, content, metadata, buffers) => this.output.send(type, content, undefined, { metadata, buffers }),
      log: (line) => this.output.realStderr(line + "\n"),
      bindToCell: (fn) => this.output.bind(fn),
    });
    // tslab's own display API (`import * as tslab from "tslab"`) goes through the same router.
    (tslabJupyter as { lastWriteDisplayData: unknown }).lastWriteDisplayData = (data: { data: WireBundle; transient?: { display_id?: string } }, update: boolean) =>
      this.output.display(toWireBundle(data.data), data.transient?.display_id, update);
  }

  /** Requests are held until `ready` settles (the prelude is running). */
  setReady(ready: Promise<void>): void {
    this.ready = ready;
  }

  private idleTimer: NodeJS.Timeout | undefined;
  private idleTask: (() => void) | undefined;

  /** Runs `task` once the kernel has had nothing to do for a moment (used to warm up in the background). */
  whenIdle(task: () => void, delayMs = 500): void {
    this.idleTask = task;
    this.armIdle(delayMs);
  }

  private armIdle(delayMs = 500): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (!this.idleTask) return;
    this.idleTimer = setTimeout(() => {
      if (this.running || this.queue.length > 0) return this.armIdle(delayMs);
      const task = this.idleTask;
      this.idleTask = undefined;
      task?.();
    }, delayMs).unref();
  }

  onInterrupt(hook: () => void): void {
    this.interruptHooks.push(hook);
  }

  interrupt(): void {
    this.runner.interrupt();
    for (const hook of this.interruptHooks) hook();
  }

  handle(channel: "shell" | "control", msg: Message): void {
    const status = (state: "busy" | "idle") => this.server.send("iopub", replyTo(msg, "status", { execution_state: state }, []));
    const reply = (type: string, content: unknown) => this.server.send(channel, replyTo(msg, type, content));
    status("busy");
    this.armIdle();
    const done = () => {
      this.output.flush();
      status("idle");
    };
    const type = msg.header.msg_type;
    switch (type) {
      case "execute_request":
        this.enqueue(msg as Message<ExecuteRequest>, done);
        return;
      case "kernel_info_request":
        reply("kernel_info_reply", this.kernelInfo());
        break;
      case "is_complete_request":
        reply("is_complete_reply", this.tools.handleIsComplete(msg.content as never));
        break;
      case "complete_request":
      case "inspect_request":
        void this.ready.then(() => this.runner.typesReady().catch(() => undefined)).then(() => {
          try {
            if (type === "complete_request") reply("complete_reply", this.tools.handleComplete(msg.content as never));
            else {
              const req = msg.content as { code: string; cursor_pos: number; detail_level?: number };
              reply("inspect_reply", this.tools.handleInspect({ ...req, cursor_pos: inspectTarget(req.code, req.cursor_pos) } as never));
            }
          } catch (e) {
            reply(type.replace("_request", "_reply"), { status: "error", ...errorFromThrown(e) });
          }
          done();
        });
        return;
      case "history_request":
        reply("history_reply", { status: "ok", history: this.history.query(msg.content as HistoryRequest) });
        break;
      case "comm_info_request": {
        const target = (msg.content as { target_name?: unknown }).target_name;
        reply("comm_info_reply", { status: "ok", comms: commManager().info(typeof target === "string" ? target : undefined) });
        break;
      }
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        // Handled at once, between a running cell's awaits; whatever the handlers publish has this message as parent.
        void this.output.run(msg, () => commManager().receive(type as IncomingCommType, msg.content, msg.metadata, msg.buffers)).finally(done);
        return;
      case "interrupt_request":
        this.interrupt();
        reply("interrupt_reply", { status: "ok" });
        break;
      case "shutdown_request": {
        const restart = Boolean((msg.content as { restart?: boolean }).restart);
        reply("shutdown_reply", { status: "ok", restart });
        done();
        void this.shutdown();
        return;
      }
      default:
        this.output.realStderr(`tsdl: ignored unknown request ${type}\n`);
    }
    done();
  }

  private kernelInfo() {
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "tsdl",
      implementation_version: this.info.implementationVersion,
      language_info: {
        name: "typescript",
        version: this.info.typescriptVersion,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
        pygments_lexer: "typescript",
      },
      banner: this.info.banner(),
      help_links: [
        { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
        { text: "tslab", url: "https://github.com/yunabe/tslab" },
      ],
    };
  }

  private enqueue(msg: Message<ExecuteRequest>, done: () => void): void {
    this.queue.push({ msg, aborted: false, done });
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const item = this.queue.shift()!;
      try {
        if (item.aborted) this.replyAborted(item.msg);
        else await this.execute(item.msg);
      } catch (e) {
        this.output.realStderr(`tsdl: internal error while executing: ${String(e)}\n`);
      } finally {
        item.done();
      }
    }
    this.running = false;
  }

  private replyAborted(msg: Message<ExecuteRequest>): void {
    void this.server.send("shell", replyTo(msg, "execute_reply", { status: "aborted", execution_count: this.executionCount }));
  }

  /** `name?` or `?name` pages the name's signature and docs, as IPython does. */
  private pagerPayload(code: string): unknown[] | undefined {
    const m = /^\s*\?\s*([\w$.]+)\s*$|^\s*([\w$.]+)\s*\?\s*$/.exec(code);
    const expr = m?.[1] ?? m?.[2];
    if (!expr) return undefined;
    const found = this.tools.handleInspect({ code: expr, cursor_pos: expr.length, detail_level: 0 } as never) as { found: boolean; data: Record<string, string> };
    const text = found.found ? found.data["text/plain"]! : `${expr}: no type information found`;
    return [{ source: "page", data: { "text/plain": text }, start: 0 }];
  }

  private async execute(msg: Message<ExecuteRequest>): Promise<void> {
    await this.ready;
    const { code, silent = false, stop_on_error = true } = msg.content;
    if (/\?\s*$|^\s*\?/.test(code)) await this.runner.typesReady().catch(() => undefined);
    const page = this.pagerPayload(code);
    if (page) {
      void this.server.send("shell", replyTo(msg, "execute_reply", { status: "ok", execution_count: this.executionCount, user_expressions: {}, payload: page }));
      return;
    }
    const storeHistory = !silent && msg.content.store_history !== false;
    if (storeHistory) {
      this.executionCount += 1;
      this.history.add(this.executionCount, code);
    }
    const count = this.executionCount;
    if (!silent) this.output.send("execute_input", { code, execution_count: count }, msg);

    const hooks = silent ? [] : cellHooks();
    for (const hook of hooks) hook.before();
    const outcome = await this.output.run(msg, () => this.runner.run(code));
    let error: CellError | undefined = outcome.status === "error" ? outcome : undefined;
    if (outcome.status === "ok" && !silent) {
      try {
        let value = outcome.value;
        if (value instanceof Promise) value = await value;
        const bundle = formatValue(value);
        // An empty bundle (e.g. a display handle) means: show nothing.
        if (bundle && Object.keys(bundle).length > 0) {
          const data = toWireBundle(bundle);
          this.output.send("execute_result", { execution_count: count, data, metadata: {} }, msg);
          if (storeHistory) this.history.setOutput(count, data["text/plain"]);
        }
      } catch (e) {
        error = errorFromThrown(e);
      }
    }
    for (const hook of hooks) {
      const note = hook.after();
      if (note) this.output.send("display_data", { data: note, metadata: {}, transient: {} }, msg);
    }
    if (error) {
      if (!silent) this.output.send("error", error, msg);
      // As ipykernel: abort only what was already queued, and only with stop_on_error.
      if (stop_on_error) for (const q of this.queue) q.aborted = true;
      void this.server.send("shell", replyTo(msg, "execute_reply", { status: "error", execution_count: count, ...error }));
      return;
    }
    this.output.flush();
    void this.server.send("shell", replyTo(msg, "execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload: [] }));
  }

  private async shutdown(): Promise<void> {
    this.output.flush();
    await this.server.close();
    this.runner.close();
    process.exit(0);
  }
}
