// The kernel in the worker: the Node kernel's cell runner (kernel/execution.ts: the same compiler, the same
// cell semantics) behind the page's requests, with the library's displays and comms going to the page.
import * as tf from "@tensorflow/tfjs";
import { CellError, CellRunner, errorFromThrown, Prelude } from "../../kernel/execution";
import { inspectTarget } from "../../kernel/inspectTarget";
import { preludeSource } from "../../kernel/prelude";
import { stopAllTraining, trackTraining } from "../../kernel/training";
import { commManager } from "../../src/comm";
import { formatValue, toWireBundle } from "../../src/display/bundle";
import { cellHooks, installFrontend } from "../../src/frontend";
import { PRELUDE_PATHS } from "./modules";
import { WorkerOutput } from "./output";
import { preparePlatform } from "./platform";
import type { KernelInfo, ToWorker } from "./protocol";
import { NOTEBOOK_DIR } from "./typescriptSystem";
import type * as TS from "@tslab/typescript-for-tslab";

type Library = typeof import("../../src/index");
type Request<T extends ToWorker["type"]> = Extract<ToWorker, { type: T }>;

const VERSION = (require("../../../package.json") as { version: string }).version;

export class WorkerSession {
  private readonly output = new WorkerOutput();
  private readonly runner = new CellRunner(NOTEBOOK_DIR);
  private library: Library | undefined;
  /** Cells run one at a time, in the order they came. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ts: typeof TS) {}

  async start(): Promise<KernelInfo> {
    installFrontend({
      display: (bundle, displayId, update) => this.output.display(bundle, displayId, update),
      clearOutput: (wait) => this.output.send("clear_output", { wait }),
      sendComm: (type, content, metadata, buffers) => this.output.send(type, content, { metadata, buffers }),
      log: (line) => this.output.log(line),
    });
    this.output.captureConsole();
    // The library's own names, as the build recorded them from src/index (kernel/exportsList.ts).
    const exportNames = require("../../src/exports.json") as string[];
    const prelude: Prelude = {
      names: new Set(["tf", "tsdl", ...exportNames]),
      source: (taken) => preludeSource(PRELUDE_PATHS, exportNames.filter((n) => !taken.has(n))),
      loadRuntime: async () => {
        this.library = require("../../src/index") as Library;
        trackTraining();
        try {
          this.output.log(`tsdl-lite: ${(await this.library.selectBackend()).toString()}`);
        } catch (e) {
          this.output.log(`tsdl-lite: ${(e as Error).message}`);
        }
      },
    };
    this.runner.setPrelude(prelude);
    await preparePlatform();
    this.runner.warmUpLight();
    // As the Node kernel does once idle: types and tf ahead of the first cell that needs them.
    setTimeout(() => void this.runner.warmUpFull().catch((e) => this.output.log(`tsdl-lite: warm-up failed: ${(e as Error).message}`)), 0);
    return this.info();
  }

  private info(): KernelInfo {
    return {
      implementation: "tsdl-lite",
      implementation_version: VERSION,
      language_info: {
        name: "typescript",
        version: this.ts.version,
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "javascript", typescript: true, mode: "typescript" },
        pygments_lexer: "typescript",
      },
      banner: `TypeScript (tsdl-lite ${VERSION}) with TensorFlow.js ${tf.version.tfjs} in a Web Worker of this page`,
      help_links: [{ text: "TensorFlow.js API", url: "https://js.tensorflow.org/api/latest/" }],
    };
  }

  handle(message: ToWorker): void {
    switch (message.type) {
      case "execute":
        this.queue = this.queue.then(() => this.execute(message));
        return;
      case "complete":
        void this.afterTypes(message.request, () => {
          const info = this.runner.complete(message.code, message.cursorPos);
          return { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
        });
        return;
      case "inspect":
        void this.afterTypes(message.request, () => {
          const info = this.runner.inspect(message.code, inspectTarget(message.code, message.cursorPos));
          if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
          const { printQuickInfo } = require("tslab/dist/inspect") as { printQuickInfo(info: TS.QuickInfo): string };
          return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
        });
        return;
      case "comm_info":
        this.reply(message.request, { status: "ok", comms: commManager().info(message.targetName) });
        return;
      case "comm": {
        const buffers = message.buffers.map((b) => new Uint8Array(b));
        void commManager().receive(message.msgType, message.content, message.metadata, buffers as never);
        return;
      }
      case "interrupt":
        this.runner.interrupt();
        stopAllTraining();
        return;
      case "start":
        return;
    }
  }

  private async afterTypes(request: number, answer: () => Record<string, unknown>): Promise<void> {
    await this.runner.typesReady().catch(() => undefined);
    try {
      this.reply(request, answer());
    } catch (e) {
      this.reply(request, { status: "error", ...errorFromThrown(e) });
    }
  }

  private reply(request: number, content: Record<string, unknown>): void {
    this.output.post({ type: "reply", request, content });
  }

  private async execute(message: Request<"execute">): Promise<void> {
    const { request, code, silent, executionCount } = message;
    this.output.current = request;
    const hooks = silent ? [] : cellHooks();
    for (const hook of hooks) hook.before();
    const outcome = await this.runner.run(code);
    let error: CellError | undefined = outcome.status === "error" ? outcome : undefined;
    if (outcome.status === "ok" && !silent) {
      try {
        let value = outcome.value;
        if (value instanceof Promise) value = await value;
        // Awaited whether formatValue returns a bundle or a promise of one.
        const bundle = await formatValue(value);
        if (bundle && Object.keys(bundle).length > 0) this.output.send("execute_result", { execution_count: executionCount, data: toWireBundle(bundle), metadata: {} });
      } catch (e) {
        error = errorFromThrown(e);
      }
    }
    for (const hook of hooks) {
      const note = hook.after();
      if (note) this.output.send("display_data", { data: note, metadata: {}, transient: {} });
    }
    if (error) {
      if (!silent) this.output.send("error", { ...error });
      this.reply(request, { status: "error", ...error });
      return;
    }
    this.output.flush();
    this.reply(request, { status: "ok", user_expressions: {}, payload: [] });
  }
}
