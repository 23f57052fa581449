// `tsdl install | uninstall | snapshot | grade | kernel`: the command line, with the same install flags as `tslab install`.
import path from "node:path";
import { InstallScope, installKernelspec, uninstallKernelspec } from "./kernelspec";

const USAGE = `usage:
  tsdl install [--user | --sys-prefix | --prefix DIR]   register the "tsdl" Jupyter kernel (default --user)
  tsdl uninstall                                        remove it
  tsdl snapshot                                         (re)build the startup snapshot (npm run build does)
  tsdl grade SUBMISSIONS_DIR [--source DIR] [--out DIR]  run submitted notebooks and grade their exercises
  tsdl kernel --config-path FILE                        start the kernel (what kernel.json runs)`;

// dist/kernel/cli.js → the repository's kernel/ folder holds the logos.
const ASSETS = path.resolve(__dirname, "..", "..", "kernel");

function parseScope(args: string[]): InstallScope {
  const flags = args.filter((a) => a.startsWith("--"));
  if (flags.length > 1) throw new Error(`tsdl install: choose one of --user, --sys-prefix, --prefix DIR; got ${flags.join(" ")}`);
  const flag = flags[0] ?? "--user";
  if (flag === "--user") return { kind: "user" };
  if (flag === "--sys-prefix") return { kind: "sys-prefix" };
  if (flag === "--prefix" || flag.startsWith("--prefix=")) {
    const dir = flag.includes("=") ? flag.slice("--prefix=".length) : args[args.indexOf(flag) + 1];
    if (!dir || dir.startsWith("--")) throw new Error("tsdl install: --prefix needs a directory, e.g. --prefix ~/.local");
    return { kind: "prefix", dir };
  }
  throw new Error(`tsdl install: unknown option ${flag}\n${USAGE}`);
}

function main(argv: string[]): void {
  const [command, ...args] = argv;
  switch (command) {
    case "install": {
      const where = installKernelspec(parseScope(args), ASSETS, __filename);
      console.log(`Installed the tsdl kernel ("TypeScript (tsdl)") in ${where}`);
      return;
    }
    case "snapshot": {
      // Lazily loaded, like the kernel: the other commands need none of it.
      const built = (require("./startupSnapshot") as typeof import("./startupSnapshot")).buildSnapshot();
      if (built.ok) console.log(`tsdl: startup snapshot built in ${built.seconds.toFixed(1)} s`);
      else console.log(`tsdl: no startup snapshot (${built.why}); the kernel starts without it, only slower`);
      return;
    }
    case "grade": {
      // Loaded lazily, like the kernel: grading needs the course build's code, the other commands none of it.
      const { gradeCommand } = require("../course/grade") as typeof import("../course/grade");
      gradeCommand(args).then(
        (code) => (process.exitCode = code),
        (e: Error) => {
          console.error(e.message);
          process.exitCode = 1;
        },
      );
      return;
    }
    case "uninstall":
      console.log(uninstallKernelspec());
      return;
    case "kernel": {
      const i = args.indexOf("--config-path");
      const configPath = i >= 0 ? args[i + 1] : undefined;
      if (!configPath) throw new Error(`tsdl kernel: --config-path FILE is required\n${USAGE}`);
      // Loaded lazily: install/uninstall need neither TensorFlow.js nor TypeScript.
      void require("./main").startKernel(configPath);
      return;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return;
    default:
      throw new Error(`tsdl: unknown command "${command}"\n${USAGE}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
