// A hub that cannot start (here: its port is taken) fails the test that started it at once, with its log,
// and leaves no proxy behind: before, the proxy it had started kept the hub's output pipes, and with them
// the test process, open for good.
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { freePorts } from "../support/ports";
import { installKernelForStudents, prepareHubMachine, startHub } from "./support/hub";
import { Class, createClass } from "./support/students";

/** Whether something listens on `port` of loopback. */
function listened(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

describe("a JupyterHub that cannot start", { timeout: 20 * 60_000 }, () => {
  let cls: Class;
  let kernelspec: { jupyterPath: string; remove(): void };

  before(async () => {
    prepareHubMachine();
    kernelspec = installKernelForStudents();
    cls = await createClass(1, "startfail");
  });

  after(async () => {
    await cls?.remove();
    kernelspec?.remove();
  });

  it("fails with the hub's log and stops the proxy it had started", async () => {
    const ports = (await freePorts(3)) as [number, number, number];
    // The hub's own port taken: the hub starts its proxy, then fails to bind.
    const blocker = http.createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((resolve) => blocker.listen(ports[1], "127.0.0.1", resolve));
    try {
      await assert.rejects(startHub({ group: cls.group, jupyterPath: kernelspec.jupyterPath, ports }), /JupyterHub exited with 1:[\s\S]*Address already in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
    assert.equal(await listened(ports[0]), false, "the proxy's public port is free again");
    assert.equal(await listened(ports[2]), false, "the proxy's API port is free again");
  });
});
