// Builds the fixture chapters of test/course/fixtures with the real `npm run course` code, through the
// real kernel, once for all the test files that look at the result.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { REPO_ROOT, testKernelEnv } from "../support/jupyter";

export const FIXTURES = path.join(REPO_ROOT, "test", "course", "fixtures");
export const BUILD = path.join(REPO_ROOT, "dist", "course", "build.js");
export const ARTIFACTS = path.join(REPO_ROOT, "test-artifacts", "course");

export interface BuildRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the course build with these arguments and the test kernelspec. */
export function runBuild(args: string[], env: NodeJS.ProcessEnv = testKernelEnv()): BuildRun {
  const r = spawnSync(process.execPath, [BUILD, ...args], { env, encoding: "utf8", timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The fixture course built with PDFs into dist/test-course. Test files share it through --changed-only:
 * its manifest hashes the notebooks and the built library, kernel and course build, so any change to
 * them executes the chapters again. A lock keeps test files that run in parallel from building at once.
 */
export function fixtureCourse(): { outDir: string; run: BuildRun } {
  const outDir = path.join(REPO_ROOT, "dist", "test-course");
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const lock = `${outDir}.lock`;
  acquire(lock);
  try {
    const run = runBuild(["--notebooks", FIXTURES, "--out", outDir, "--changed-only"]);
    if (run.status !== 0) throw new Error(`the fixture course failed to build (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    return { outDir, run };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function acquire(lock: string): void {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch {
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 600_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`fixtureCourse: ${lock} stayed locked for 10 minutes`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** The chart bundles of an executed notebook, by kind, as the page should render them. */
export function chartKinds(ipynb: string): string[] {
  const nb = JSON.parse(fs.readFileSync(ipynb, "utf8")) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
  return nb.cells.flatMap((c) =>
    (c.outputs ?? []).flatMap((o) => {
      const mimes = Object.keys(o.data ?? {});
      if (mimes.some((m) => m.startsWith("application/vnd.vegalite."))) return ["vega-lite"];
      if (mimes.some((m) => m.startsWith("application/vnd.vega."))) return ["vega"];
      if (mimes.includes("application/vnd.plotly.v1+json")) return ["plotly"];
      return [];
    }),
  );
}
