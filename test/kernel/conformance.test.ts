// Runs jupyter_kernel_test, the official conformance suite, against the tsdl kernel.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { it } from "node:test";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../support/jupyter";

it("passes the jupyter_kernel_test conformance suite", () => {
  const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "test", "kernel", "conformance_test.py")], {
    env: testKernelEnv(),
    encoding: "utf8",
    timeout: 180_000,
  });
  const report = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, report);
  assert.match(r.stderr, /\nOK/, report);
  assert.doesNotMatch(r.stderr, /skipped=/, `no test may be skipped:\n${report}`);
});
