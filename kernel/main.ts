// Starts the tsdl kernel: sockets, the prelude and the compute backend.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { errorFromThrown, CellRunner } from "./execution";
import { Kernel } from "./kernel";
import { defaultPreludePaths, preludeSource } from "./prelude";
import { ConnectionInfo, KernelServer } from "./server";
import { stopAllTraining, trackTraining } from "./training";

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

export async function startKernel(configPath: string): Promise<Kernel> {
  const conn = readConnection(configPath);
  const runner = new CellRunner(process.cwd());
  // The library loads tfjs; the backend is chosen while TypeScript warms up.
  const library = require("../src/index") as typeof import("../src/index");
  const backend = library.selectBackend();
  const kernel = new Kernel(runner, {
    implementationVersion: packageVersion(),
    typescriptVersion: require("@tslab/typescript-for-tslab").version as string,
    banner: () => `TypeScript (tsdl ${packageVersion()}) with TensorFlow.js ${tf.version.tfjs}, ${library.backendInfo().toString()}`,
  });
  const log = (line: string) => kernel.output.realStderr(line + "\n");
  const server = new KernelServer(conn, (channel, msg) => kernel.handle(channel, msg), log);
  kernel.attach(server);

  trackTraining();
  kernel.onInterrupt(() => void stopAllTraining());
  process.on("SIGINT", () => kernel.interrupt());
  process.on("uncaughtException", (e) => kernel.output.write("stderr", `Uncaught ${errorFromThrown(e).traceback.join("\n")}\n`));
  process.on("unhandledRejection", (e) => kernel.output.write("stderr", `Unhandled promise rejection: ${errorFromThrown(e).traceback.join("\n")}\n`));

  kernel.setReady(
    (async () => {
      const prelude = preludeSource(defaultPreludePaths(), Object.keys(library));
      const outcome = await runner.run(prelude);
      if (outcome.status === "error") log(`tsdl: the prelude failed; tf and the helpers may be missing: ${outcome.evalue}`);
      try {
        log(`tsdl: ${(await backend).toString()}`);
      } catch (e) {
        log(`tsdl: ${(e as Error).message}`);
      }
    })(),
  );
  kernel.output.captureStdio();
  await server.start();
  return kernel;
}
