// freePorts gives distinct ports a test's servers can listen on.
import assert from "node:assert/strict";
import net from "node:net";
import { describe, it } from "node:test";
import { freePort, freePorts } from "../support/ports";

describe("freePorts", () => {
  it("gives distinct ports, each free to listen on", async () => {
    for (let round = 0; round < 20; round++) {
      const ports = await freePorts(3);
      assert.equal(new Set(ports).size, 3, `round ${round}: ${ports.join(", ")}`);
      const servers = await Promise.all(ports.map((port) => new Promise<net.Server>((resolve, reject) => {
        const srv = net.createServer().once("error", reject);
        srv.listen(port, "127.0.0.1", () => resolve(srv));
      })));
      await Promise.all(servers.map((srv) => new Promise((resolve) => srv.close(resolve))));
    }
    assert.ok((await freePort()) > 0);
  });
});
