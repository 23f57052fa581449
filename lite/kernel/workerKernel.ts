// The tsdl-lite kernel in its Web Worker: the Node kernel's own pipeline (kernel/kernel.ts: one dispatcher and
// handler table in, one publisher out, the execute session, cell runner, prelude and interrupts) and the same
// Frontend for the library. What differs in a browser is only at the edges: Jupyter messages arrive and leave
// over postMessage instead of ZeroMQ, console output is captured from the console instead of stdout,
// TypeScript reads the declarations pack, and the library runs on the browser's platform and backends.
import type * as TS from "@tslab/typescript-for-tslab";
import { errorFromThrown } from "../../kernel/cellErrors";
import { InterruptController } from "../../kernel/interrupt";
import { createKernel } from "../../kernel/kernel";
import { publishingFrontend } from "../../kernel/publisher";
import type { Message } from "../../kernel/wire";
import { installFrontend } from "../../src/frontend";
import { captureConsole } from "./console";
import { PRELUDE_PATHS } from "./modules";
import { preparePlatform } from "./platform";
import type { FromWorker, JupyterMessage, ToWorker } from "./protocol";
import { NOTEBOOK_DIR } from "./typescriptSystem";
import { scope } from "./workerScope";

type Library = typeof import("../../src/index");

/** What interrupts a cell here, as its error names it: no signal reaches a worker, the notebook asks. */
export const INTERRUPTED_BY = "Interrupt from the notebook";

const VERSION = (require("../../../package.json") as { version: string }).version;

function toPage(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  scope.postMessage(message, transfer);
}

/** A buffer's bytes as an ArrayBuffer of their own (what postMessage may transfer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function fromPage(msg: JupyterMessage): Message {
  const { header, parent_header, metadata, content, buffers } = msg;
  return { identities: [], header: header as unknown as Message["header"], parent_header, metadata, content, buffers: buffers.map((b) => Buffer.from(b)) };
}

/** Starts the kernel; returns what handles the page's messages from then on. */
export async function startWorkerKernel(ts: typeof TS): Promise<(message: ToWorker) => void> {
  let log = console.log.bind(console);
  let library: Library | undefined;
  const tfVersion = () => (require("@tensorflow/tfjs") as typeof import("@tensorflow/tfjs")).version.tfjs;
  const interrupts = new InterruptController(INTERRUPTED_BY);
  const kernel = createKernel({
    send: (channel, msg) => {
      const buffers = msg.buffers.map(ownBuffer);
      const { header, parent_header, metadata, content } = msg;
      toPage({ type: "message", channel, msg: { header, parent_header, metadata, content, buffers } as unknown as JupyterMessage }, buffers);
    },
    log: (line) => log(line),
    rootDir: NOTEBOOK_DIR,
    info: {
      implementation: "tsdl-lite",
      implementationVersion: VERSION,
      typescriptVersion: ts.version,
      banner: () =>
        `TypeScript (tsdl-lite ${VERSION}) in a Web Worker of this page, with TensorFlow.js ${tfVersion()}` +
        (library ? `, ${library.backendInfo().toString()}` : "; tf loads on first use"),
    },
    prelude: {
      paths: PRELUDE_PATHS,
      // The library's own names, as the build recorded them from src/index (kernel/exportsList.ts).
      exportNames: require("../../src/exports.json") as string[],
      async loadRuntime() {
        library = require("../../src/index") as Library;
        interrupts.trackTraining(require("@tensorflow/tfjs"));
        try {
          log(`tsdl-lite: ${(await library.selectBackend()).toString()}`);
        } catch (e) {
          log(`tsdl-lite: ${(e as Error).message}`);
        }
      },
    },
    interrupts,
    // JupyterLite ends the kernel by ending its worker; what is still being built will not be shown.
    shutdown: () => kernel.publisher.abandonPending(),
  });
  const { dispatcher, publisher, prelude, runner } = kernel;
  log = captureConsole(publisher);
  installFrontend(publishingFrontend(publisher, (line) => log(line)));
  scope.addEventListener("error", (event) => publisher.write("stderr", `Uncaught ${errorFromThrown(event.error ?? event.message).traceback.join("\n")}\n`));
  scope.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    publisher.write("stderr", `Unhandled promise rejection: ${errorFromThrown(event.reason).traceback.join("\n")}\n`);
  });

  await preparePlatform();
  runner.warmUp();
  dispatcher.whenIdle(() => void prelude.runtime().catch((e) => log(`tsdl-lite: loading the prelude failed: ${(e as Error).message}`)));
  return (message) => {
    if (message.type === "message") void dispatcher.dispatch(message.channel, fromPage(message.msg));
    else if (message.type === "interrupt") interrupts.interrupt();
  };
}
