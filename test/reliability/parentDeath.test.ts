// A kernel whose server dies without shutting it down (SIGKILL, a crash, the OOM killer) ends itself.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { parentGone, parentPidFrom, ParentProbe } from "../../kernel/parentWatch";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../support/jupyter";

const probe = (over: Partial<ParentProbe>): ParentProbe => ({ namedParent: undefined, startParent: 100, currentParent: () => 100, isAlive: () => true, ...over });

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the parent, resolves with its process and the kernel's pid once the kernel answered. */
function startParent(): Promise<{ parent: ReturnType<typeof spawn>; kernelPid: number }> {
  const parent = spawn(PYTHON, [path.join(REPO_ROOT, "test", "reliability", "parent_of_kernel.py"), "tsdl", "tf.tensor([1, 2]).sum().dataSync()[0]"], { env: testKernelEnv(), stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    parent.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const pid = /^(\d+)\n/.exec(out)?.[1];
      if (pid) resolve({ parent, kernelPid: Number(pid) });
    });
    parent.stderr!.on("data", (d: Buffer) => void (err += d.toString()));
    parent.on("exit", (code) => reject(new Error(`the parent exited (${code}) before its kernel was ready: ${err}`)));
  });
}

describe("the parent watch", () => {
  it("reads JPY_PARENT_PID as ipykernel does, ignoring what is not a pid", () => {
    assert.equal(parentPidFrom({ JPY_PARENT_PID: "4242" }), 4242);
    for (const bad of [undefined, "", "0", "1", "-5", "12abc", "3.5"]) assert.equal(parentPidFrom({ JPY_PARENT_PID: bad }), undefined, String(bad));
  });

  it("says the parent is gone when the named pid has died, or when the kernel was reparented", () => {
    assert.equal(parentGone(probe({})), undefined);
    assert.equal(parentGone(probe({ namedParent: 7, isAlive: (pid) => pid !== 7 })), "its parent process 7 (JPY_PARENT_PID) is gone");
    assert.equal(parentGone(probe({ currentParent: () => 1 })), "its parent process 100 is gone");
    assert.equal(parentGone(probe({ namedParent: 7 })), undefined);
  });

  it("ends an idle kernel within a few seconds of its parent being killed with SIGKILL", async () => {
    const { parent, kernelPid } = await startParent();
    try {
      assert.ok(isRunning(kernelPid), "the kernel runs while its parent lives");
      parent.kill("SIGKILL");
      const killedAt = Date.now();
      while (isRunning(kernelPid) && Date.now() - killedAt < 15_000) await new Promise((r) => setTimeout(r, 100));
      const seconds = (Date.now() - killedAt) / 1000;
      assert.equal(isRunning(kernelPid), false, `the kernel (pid ${kernelPid}) still runs ${seconds.toFixed(1)} s after its parent died`);
      assert.ok(seconds < 5, `the kernel took ${seconds.toFixed(1)} s to notice`);
    } finally {
      if (isRunning(kernelPid)) process.kill(kernelPid, "SIGKILL");
    }
  });
});
