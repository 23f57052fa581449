// The tsdl kernel: its parts, put together once, and the one table from message type to the code that
// answers it (as ipykernel's shell_handlers). Requests come in through the Dispatcher; every answer leaves
// through the Publisher (README, "How the kernel is built", draws the pipeline).
import { commManager, IncomingCommType } from "../src/comm";
import { errorFromThrown } from "./cellErrors";
import { CellRunner } from "./cellRunner";
import { Dispatcher, Handler, Handlers, Request } from "./dispatcher";
import { ExecuteSession } from "./executeSession";
import type { HistoryRequest } from "./history";
import { InterruptController } from "./interrupt";
import { Introspection, isComplete } from "./introspection";
import { Prelude, PreludeSpec } from "./prelude";
import { Publisher, Send } from "./publisher";
import { PROTOCOL_VERSION } from "./wire";

export interface KernelInfo {
  /** "tsdl" by default; the in-browser kernel says "tsdl-lite". */
  implementation?: string;
  implementationVersion: string;
  typescriptVersion: string;
  banner: () => string;
}

export function kernelInfoReply(info: KernelInfo) {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: info.implementation ?? "tsdl",
    implementation_version: info.implementationVersion,
    language_info: {
      name: "typescript",
      version: info.typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
      pygments_lexer: "typescript",
    },
    banner: info.banner(),
    help_links: [
      { text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" },
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
    ],
  };
}

export interface KernelParts {
  info: KernelInfo;
  session: ExecuteSession;
  introspection: Introspection;
  prelude: Prelude;
  interrupts: InterruptController;
  publisher: Publisher;
  /** Ends the kernel once the shutdown reply left. */
  shutdown: () => void;
}

export interface KernelOptions {
  /** Hands a message to its socket (KernelServer.send, or a test's recorder). */
  send: Send;
  log: (line: string) => void;
  /** The notebook's folder. */
  rootDir: string;
  info: KernelInfo;
  prelude: PreludeSpec;
  interrupts?: InterruptController;
  shutdown: () => void;
}

export interface Kernel {
  dispatcher: Dispatcher;
  publisher: Publisher;
  interrupts: InterruptController;
  runner: CellRunner;
  prelude: Prelude;
}

/** Puts the kernel's parts together: what comes in goes to `dispatcher.dispatch`, what goes out to `send`. */
export function createKernel(options: KernelOptions): Kernel {
  const publisher = new Publisher(options.send, options.log);
  const interrupts = options.interrupts ?? new InterruptController();
  interrupts.onInterrupt(() => publisher.abandonPending());
  const runner = new CellRunner(options.rootDir);
  const prelude = new Prelude(options.prelude, runner);
  const introspection = new Introspection(runner);
  const session = new ExecuteSession(runner, prelude, introspection, interrupts, publisher);
  const handlers = kernelHandlers({ info: options.info, session, introspection, prelude, interrupts, publisher, shutdown: options.shutdown });
  return { dispatcher: new Dispatcher(handlers, publisher, options.log), publisher, interrupts, runner, prelude };
}

/** Replies with `build()`'s content, or with an error reply naming what failed (a bug, never the user's). */
function replyOrError(r: Request, msgType: string, build: () => unknown): void {
  let content: unknown;
  try {
    content = build();
  } catch (e) {
    content = { status: "error", ...errorFromThrown(e) };
  }
  r.reply(msgType, content);
}

/** Comm messages are handled at once, between a running cell's awaits; what their handlers publish has them as parent. */
function commHandler(type: IncomingCommType, publisher: Publisher): Handler {
  return ({ msg }) => publisher.within(msg, () => commManager().receive(type, msg.content, msg.metadata, msg.buffers));
}

export function kernelHandlers(k: KernelParts): Handlers {
  // Completion and inspection need the prelude's types, never TensorFlow.js itself.
  const withTypes =
    (msgType: string, build: (r: Request) => unknown): Handler =>
    async (r) => {
      await k.prelude.types();
      replyOrError(r, msgType, () => build(r));
    };
  return {
    kernel_info_request: (r) => r.reply("kernel_info_reply", kernelInfoReply(k.info)),
    execute_request: (r) => k.session.execute(r),
    is_complete_request: (r) => r.reply("is_complete_reply", isComplete(typeof r.content.code === "string" ? r.content.code : "")),
    complete_request: withTypes("complete_reply", (r) => k.introspection.complete(r.content)),
    inspect_request: withTypes("inspect_reply", (r) => k.introspection.inspect(r.content)),
    history_request: (r) => r.reply("history_reply", k.session.history(r.content as HistoryRequest)),
    comm_info_request: (r) => {
      const target = r.content.target_name;
      r.reply("comm_info_reply", { status: "ok", comms: commManager().info(typeof target === "string" ? target : undefined) });
    },
    comm_open: commHandler("comm_open", k.publisher),
    comm_msg: commHandler("comm_msg", k.publisher),
    comm_close: commHandler("comm_close", k.publisher),
    interrupt_request: (r) => {
      k.interrupts.interrupt();
      r.reply("interrupt_reply", { status: "ok" });
    },
    shutdown_request: (r) => {
      r.reply("shutdown_reply", { status: "ok", restart: r.content.restart === true });
      k.shutdown();
    },
  };
}
