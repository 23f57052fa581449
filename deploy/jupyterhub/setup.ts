// `npm run setup:hub [-- --prefix DIR]`: prepares this checkout to serve a class with JupyterHub
// (deploy/jupyterhub/jupyterhub_config.py). Run it as root after `npm ci`, and again after an update.
//   1. builds the students' JupyterLab (test/e2e/jupyterlab, reused while its inputs are unchanged);
//   2. installs the hub's proxy, configurable-http-proxy, from npm (deploy/jupyterhub/proxy);
//   3. registers the tsdl kernel for every user: `--sys-prefix` (default; /usr/share/jupyter/kernels with
//      Debian's Jupyter) or `--prefix DIR` (DIR/share/jupyter/kernels);
//   4. makes what students load readable by them, and says if a folder above the checkout shuts them out.
import path from "node:path";
import { InstallScope, installKernelspec } from "../../kernel/kernelspec";
import { ensureLabBuilt } from "../../test/e2e/support/labBuild";
import { ensureProxyInstalled } from "./proxy";
import { checkoutProblem, makeReadable, STUDENT_READ, unreadableByOthers } from "./readable";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const USAGE = "usage: npm run setup:hub [-- --sys-prefix | --prefix DIR]";

/** Where the kernel goes: every user must see it, so --user is not offered. */
export function parseHubScope(args: string[]): Extract<InstallScope, { kind: "sys-prefix" | "prefix" }> {
  if (args.length === 0 || (args.length === 1 && args[0] === "--sys-prefix")) return { kind: "sys-prefix" };
  if (args[0] === "--prefix" && args.length === 2 && !args[1]!.startsWith("--")) return { kind: "prefix", dir: path.resolve(args[1]!) };
  if (args.length === 1 && args[0]!.startsWith("--prefix=")) return { kind: "prefix", dir: path.resolve(args[0]!.slice("--prefix=".length)) };
  throw new Error(`setup:hub: expected --sys-prefix or --prefix DIR (a kernel every user sees); got ${args.join(" ") || "nothing"}\n${USAGE}`);
}

function main(): void {
  const scope = parseHubScope(process.argv.slice(2));

  const lab = ensureLabBuilt();
  const took = lab.source === "built" ? ` (npm ci ${lab.installSeconds.toFixed(0)} s, webpack ${lab.buildSeconds.toFixed(0)} s)` : "";
  console.log(`1. JupyterLab for the students: from ${lab.source}${took}`);

  const proxy = ensureProxyInstalled();
  console.log(`2. configurable-http-proxy ${proxy.version}: ${proxy.installed ? `installed in ${proxy.seconds.toFixed(0)} s` : "already installed"}`);

  const cli = path.join(ROOT, "dist", "kernel", "cli.js");
  const where = installKernelspec(scope, path.join(ROOT, "kernel"), cli);
  console.log(`3. the tsdl kernel, for every user: ${where}`);

  const lacking = unreadableByOthers(STUDENT_READ.map((f) => path.join(ROOT, f)));
  makeReadable(lacking);
  console.log(`4. readable by students: ${lacking.length === 0 ? "already" : `${lacking.length} files and folders made readable (a+rX)`}`);
  const problem = checkoutProblem(ROOT);
  if (problem) throw new Error(problem);
  console.log(`ready: start the hub with  jupyterhub -f ${path.join(ROOT, "deploy", "jupyterhub", "jupyterhub_config.py")}`);
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
}
