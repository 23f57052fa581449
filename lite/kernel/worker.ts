// The tsdl-lite kernel's Web Worker: loads TypeScript and the declarations pack first (modules of the Node
// kernel read ts.sys as they load), then runs the session, answering the page's messages.
import "./polyfills";
import { loadTypeScript } from "./typescriptSystem";
import type { ToWorker } from "./protocol";
import { scope, setSiteUrl } from "./workerScope";

const ts = loadTypeScript();
const early: ToWorker[] = [];
let session: import("./session").WorkerSession | undefined;

scope.addEventListener("message", ({ data }) => {
  if (data.type === "start") void start(data.siteUrl);
  else if (session) session.handle(data);
  else early.push(data);
});

async function start(siteUrl: string): Promise<void> {
  try {
    setSiteUrl(siteUrl);
    const { WorkerSession } = require("./session") as typeof import("./session");
    const ready = new WorkerSession(ts);
    const info = await ready.start();
    session = ready;
    scope.postMessage({ type: "ready", info });
    for (const message of early.splice(0)) session.handle(message);
  } catch (e) {
    scope.postMessage({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
