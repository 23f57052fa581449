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

async function measure(label: string, args: string[]): Promise<void> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-bench-"));
  const silent = new Reporter({ write: () => true });
  const load = os.loadavg()[0]!.toFixed(2);
  const full = await buildCourse(parseOptions([...args, "--out", out], REPO_ROOT), silent);
  console.log(`\n${label} on ${os.cpus().length} cores (load average ${load} at start)`);
  console.log("chapter                             kernel ready   cells      page       pdf");
  for (const c of full.chapters) {
    const cols = [c.kernelSeconds, c.executeSeconds, c.pageSeconds, c.pdfSeconds].map((s, i) => fmt(s).padStart(i === 0 ? 10 : 10)).join("");
    console.log(`${c.file.padEnd(36)}${cols}${c.failure ? `  FAILED: ${c.failure.split("\n")[0]}` : ""}`);
  }
  console.log(`${"whole build (wall clock)".padEnd(36)}${fmt(full.seconds).padStart(10)}${full.failures ? `  (${full.failures} failures)` : ""}`);
  const again = await buildCourse(parseOptions([...args, "--out", out, "--changed-only"], REPO_ROOT), silent);
  console.log(`${"again with --changed-only".padEnd(36)}${fmt(again.seconds).padStart(10)}`);
  fs.rmSync(out, { recursive: true, force: true });
}

export async function run(): Promise<void> {
  process.env.JUPYTER_PATH = testKernelEnv().JUPYTER_PATH;
  console.log("(kernel ready counts from the kernel's launch, which for every chapter but the first overlaps the previous one)");
  await measure("npm run course: notebooks/", []);
  await measure("the test fixtures (charts, math)", ["--notebooks", path.join(REPO_ROOT, "test", "course", "fixtures")]);
}
