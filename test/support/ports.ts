// Ports on loopback that nothing listens on, for the servers a test starts.
import net from "node:net";

/** A server listening on a port the system chose; closed by the caller. */
function listening(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

/**
 * `count` distinct free ports. Each is held until all are chosen: a port closed at once may be handed
 * out again by the next request (a hub test once got the same port for its proxy and its hub).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < count; i++) servers.push(await listening());
    return servers.map((srv) => (srv.address() as net.AddressInfo).port);
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((resolve) => srv.close(() => resolve()))));
  }
}

/** A free port. */
export async function freePort(): Promise<number> {
  return (await freePorts(1))[0]!;
}
