// Starts the tsdl kernel: sockets first, the answer to kernel_info, then the compiler; TensorFlow.js loads
// in the background after the first cell, so the first cell runs fast and the first tf cell finds it loaded.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { installFrontend } from "../src/frontend";
import { errorFromThrown } from "./cellErrors";
import { readExportNames } from "./exportsList";
import { fullCollection, IdleCollector } from "./idleCollector";
import { InterruptController } from "./interrupt";
import { createKernel } from "./kernel";
import { defaultPreludePaths } from "./prelude";
import { watchParent } from "./parentWatch";
import { publishingFrontend } from "./publisher";
import { ConnectionInfo, KernelServer } from "./server";
import { snapshotPaths, snapshotProblem } from "./startupSnapshot";

type Library = typeof import("../src/index");

function packageVersion(): string {
  const pkg = path.resolve(__dirname, "..", "..", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

function readConnection(configPath: string): ConnectionInfo {
  try {
    return JSON.parse(fs.readFileSync(configPath, "utf8")) as ConnectionInfo;
  } catch (e) {
    throw new Error(`tsdl kernel: cannot read the connection file ${configPath}: ${(e as Error).message}`);
  }
}

/**
 * Type-checking a cell against tf's declarations leaves 6–12 MB in V8's old generation that is garbage by
 * the next cell. V8 lets that generation reach 4× the live heap before collecting it, and gives the pages
 * back only after seconds of idleness, so a kernel running cells back to back climbed to ~900 MB RSS.
 * Collecting at 1.5× keeps it under ~450 MB for the same total GC time (--trace-gc over 300 soak cells).
 */
const HEAP_GROWING_PERCENT = 50;

/** Time for libzmq's own thread to take a reply before a long synchronous step blocks this one. */
const REPLY_LEAVES_MS = 10;
/** How long the kernel idles before it gives the garbage of its last busy period back (idleCollector.ts). */
const COLLECT_WHEN_IDLE_MS = 2000;
/** The compiler warms up after the first kernel_info reply, or this long after start if none came. */
const WARM_UP_BY_MS = 200;

function once(task: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    task();
  };
}

export async function startKernel(configPath: string): Promise<void> {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const conn = readConnection(configPath);
  // The kernel's log is its stderr, taken before cells' output is redirected to the notebook.
  const stderr = process.stderr.write.bind(process.stderr);
  const log = (line: string) => void stderr(line + "\n");

  let server: KernelServer | undefined;
  let library: Library | undefined;
  const paths = defaultPreludePaths();
  const interrupts = new InterruptController();
  const kernel = createKernel({
    send: (channel, msg) => void server?.send(channel, msg),
    log,
    rootDir: process.cwd(),
    info: {
      implementationVersion: packageVersion(),
      typescriptVersion: require("@tslab/typescript-for-tslab").version as string,
      banner: () =>
        `TypeScript (tsdl ${packageVersion()}) with TensorFlow.js` +
        (library ? ` ${require("@tensorflow/tfjs").version.tfjs}, ${library.backendInfo().toString()}` : "; tf loads on first use"),
    },
    prelude: {
      paths,
      exportNames: readExportNames(undefined, log),
      async loadRuntime() {
        library = require(paths.library) as Library;
        interrupts.trackTraining(require("@tensorflow/tfjs"));
        try {
          log(`tsdl: ${(await library.selectBackend()).toString()}`);
        } catch (e) {
          log(`tsdl: ${(e as Error).message}`);
        }
      },
    },
    interrupts,
    shutdown: () => {
      // Displays still being built will not be shown: the reply and the last status leave now.
      kernel.publisher.abandonPending();
      void kernel.publisher
        .drained()
        .then(() => server?.close())
        .finally(() => {
          kernel.runner.close();
          process.exit(0);
        });
    },
  });
  const { dispatcher, publisher, prelude, runner } = kernel;
  const warmUp = once(() => runner.warmUp());
  const loadPrelude = once(() => void prelude.runtime().catch((e) => log(`tsdl: loading the prelude failed: ${(e as Error).message}`)));
  server = new KernelServer(
    conn,
    (channel, msg) =>
      void dispatcher.dispatch(channel, msg).then(() => {
        const type = msg.header.msg_type;
        // The client waits for this reply before it sends a cell: let it leave before the compiler warms up.
        if (type === "kernel_info_request") void publisher.drained().then(() => setTimeout(warmUp, REPLY_LEAVES_MS));
        // A notebook's next cell likely uses tf: load it now, between cells, rather than when one needs it.
        else if (type === "execute_request") setImmediate(loadPrelude);
      }),
    log,
  );
  installFrontend(publishingFrontend(publisher, log));

  process.on("SIGINT", () => interrupts.interrupt());
  process.on("uncaughtException", (e) => publisher.write("stderr", `Uncaught ${errorFromThrown(e).traceback.join("\n")}\n`));
  process.on("unhandledRejection", (e) => publisher.write("stderr", `Unhandled promise rejection: ${errorFromThrown(e).traceback.join("\n")}\n`));

  if (process.env.TSDL_STARTUP === "snapshot") log("tsdl: started from the startup snapshot");
  else {
    const problem = snapshotProblem(snapshotPaths());
    const fix = process.env.TSDL_SNAPSHOT === "off" ? "" : "; `npx tsdl snapshot` rebuilds it";
    log(`tsdl: started without the startup snapshot${problem ? ` (${problem}${fix})` : ""}`);
  }
  publisher.captureStdio();
  await server.start();
  watchParent((why) => {
    log(`tsdl: exiting: ${why}`);
    kernel.runner.close();
    process.exit(0);
  });
  setTimeout(warmUp, WARM_UP_BY_MS);
  dispatcher.whenIdle(loadPrelude);
  const collector = new IdleCollector(fullCollection());
  dispatcher.afterEachIdle(() => collector.run(), COLLECT_WHEN_IDLE_MS);
}
