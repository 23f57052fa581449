// The course build: how long `npm run course` takes per chapter (execute, page, PDF) and in all,
// and what --changed-only costs when nothing changed. Uses this working tree's kernel.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildCourse } from "../course/build";
import { parseOptions } from "../course/options";
import { Reporter } from "../course/reporter";
import { REPO_ROOT, testKernelEnv } from "../test/support/jupyter";

const fmt = (s: number | undefined) => (s === undefined ? "—" : `${s.toFixed(1)} s`);

export async function run(): Promise<void> {
  process.env.JUPYTER_PATH = testKernelEnv().JUPYTER_PATH;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-bench-"));
  const silent = new Reporter({ write: () => true });
  const load = os.loadavg()[0]!.toFixed(2);
  const full = await buildCourse(parseOptions(["--out", out], REPO_ROOT), silent);
  console.log(`full build of notebooks/ on ${os.cpus().length} cores (load average ${load} at start), kernel start included per chapter`);
  console.log("chapter                              execute      page       pdf");
  for (const c of full.chapters) {
    console.log(`${c.file.padEnd(36)}${fmt(c.executeSeconds).padStart(8)}${fmt(c.pageSeconds).padStart(10)}${fmt(c.pdfSeconds).padStart(10)}${c.failure ? `  FAILED: ${c.failure.split("\n")[0]}` : ""}`);
  }
  console.log(`${"whole course (wall clock)".padEnd(36)}${fmt(full.seconds).padStart(8)}${full.failures ? `  (${full.failures} failures)` : ""}`);
  const again = await buildCourse(parseOptions(["--out", out, "--changed-only"], REPO_ROOT), silent);
  console.log(`${"--changed-only, nothing changed".padEnd(36)}${fmt(again.seconds).padStart(8)}`);
  fs.rmSync(out, { recursive: true, force: true });
}
