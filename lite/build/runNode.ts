// Runs a Node script of the site build in a folder, failing with the end of its output when it fails.
import { spawnSync } from "node:child_process";

/** Returns the seconds it took. */
export function runNode(cwd: string, step: string, args: string[]): number {
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`tsdl-lite site: ${step} could not start: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stdout}\n${r.stderr}`.trim().split("\n").slice(-40).join("\n");
    throw new Error(`tsdl-lite site: ${step} (node ${args.join(" ")}) exited ${r.status}:\n${tail}`);
  }
  return (Date.now() - started) / 1000;
}
