// Starts the tsdl kernel: sockets first, then everything else lazily, so the first cell runs fast.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { errorFromThrown, CellRunner, Prelude } from "./execution";
import { Kernel } from "./kernel";
import { readExportNames } from "./exportsList";
import { defaultPreludePaths, preludeSource } from "./prelude";
import { ConnectionInfo, KernelServer } from "./server";

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

export async function startKernel(configPath: string): Promise<Kernel> {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const conn = readConnection(configPath);
  const runner = new CellRunner(process.cwd());
  let library: Library | undefined;
  const kernel = new Kernel(runner, {
    implementationVersion: packageVersion(),
    typescriptVersion: require("@tslab/typescript-for-tslab").version as string,
    banner: () =>
      `TypeScript (tsdl ${packageVersion()}) with TensorFlow.js` +
      (library ? ` ${require("@tensorflow/tfjs").version.tfjs}, ${library.backendInfo().toString()}` : "; tf loads on first use"),
  });
  const log = (line: string) => kernel.output.realStderr(line + "\n");
  const server = new KernelServer(conn, (channel, msg) => kernel.handle(channel, msg), log);
  kernel.attach(server);

  const paths = defaultPreludePaths();
  const prelude: Prelude = {
    names: new Set(["tf", "tsdl", ...readExportNames()]),
    async load(taken) {
      library = require(paths.library) as Library;
      const training = require("./training") as typeof import("./training");
      training.trackTraining();
      kernel.onInterrupt(() => void training.stopAllTraining());
      try {
        log(`tsdl: ${(await library.selectBackend()).toString()}`);
      } catch (e) {
        log(`tsdl: ${(e as Error).message}`);
      }
      return preludeSource(paths, Object.keys(library).filter((n) => !taken.has(n)));
    },
  };
  runner.setPrelude(prelude);

  process.on("SIGINT", () => kernel.interrupt());
  process.on("uncaughtException", (e) => kernel.output.write("stderr", `Uncaught ${errorFromThrown(e).traceback.join("\n")}\n`));
  process.on("unhandledRejection", (e) => kernel.output.write("stderr", `Unhandled promise rejection: ${errorFromThrown(e).traceback.join("\n")}\n`));

  kernel.output.captureStdio();
  await server.start();
  runner.warmUpLight();
  kernel.whenIdle(() => runner.warmUpFull().catch((e) => log(`tsdl: warm-up failed: ${(e as Error).message}`)));
  return kernel;
}
