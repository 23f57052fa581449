// The tsdl kernel's handlers: one table from message type to the code that answers it, as ipykernel's
// shell_handlers. Requests come in through the Dispatcher and every answer leaves through the Publisher.
import { commManager, IncomingCommType } from "../src/comm";
import { errorFromThrown } from "./cellErrors";
import type { Handler, Handlers, Request } from "./dispatcher";
import type { ExecuteSession } from "./executeSession";
import type { HistoryRequest } from "./history";
import type { InterruptController } from "./interrupt";
import { Introspection, isComplete } from "./introspection";
import type { Prelude } from "./prelude";
import type { Publisher } from "./publisher";
import { PROTOCOL_VERSION } from "./wire";

export interface KernelInfo {
  implementationVersion: string;
  typescriptVersion: string;
  banner: () => string;
}

export function kernelInfoReply(info: KernelInfo) {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tsdl",
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
  /** Closes the sockets and ends the process, once the reply left. */
  shutdown: () => void;
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
  // Completion and inspection need the prelude's types, never TensorFlow.js itself; a broken prelude is
  // reported by the cells that use it.
  const withTypes =
    (msgType: string, build: (r: Request) => unknown): Handler =>
    async (r) => {
      await k.prelude.types().catch(() => undefined);
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
