// Browser and PDF tests need tools a developer's machine may lack (Chromium, poppler-utils). There they
// are skipped, saying which tool is missing; in CI (CI set, as .ci/run and CI services set it) a missing
// tool is a failing test instead, so CI never passes by skipping.
import assert from "node:assert/strict";
import { it, TestContext } from "node:test";

const inCi = () => Boolean(process.env.CI);
const failure = (tool: string) => `${tool} is not installed, and CI runs every browser and PDF test (it never skips one)`;

/** For a suite's `skip` option: false when `tool` is installed, else why the suite is skipped (and, in CI, a failing test). */
export function unlessInstalled(tool: string, installed: boolean): string | false {
  if (installed) return false;
  if (inCi()) it(`finds ${tool}, which CI needs`, () => assert.fail(failure(tool)));
  return `${tool} is not installed`;
}

/** Inside a test that found `tool` missing: skips it, or in CI fails it. */
export function missingTool(t: TestContext, tool: string): void {
  if (inCi()) assert.fail(failure(tool));
  t.skip(`${tool} is not installed`);
}
