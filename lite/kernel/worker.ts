// The tsdl-lite kernel's Web Worker: loads TypeScript and the declarations pack first (modules of the Node
// kernel read ts.sys as they load), then starts the kernel and hands it the page's messages.
import "./polyfills";
import { loadTypeScript } from "./typescriptSystem";
import type { ToWorker } from "./protocol";
import { scope, setSiteUrl } from "./workerScope";

const ts = loadTypeScript();
const early: ToWorker[] = [];
let handle: ((message: ToWorker) => void) | undefined;

scope.addEventListener("message", ({ data }) => {
  if (data.type === "start") void start(data.siteUrl);
  else if (handle) handle(data);
  else early.push(data);
});

async function start(siteUrl: string): Promise<void> {
  try {
    setSiteUrl(siteUrl);
    const { startWorkerKernel } = require("./workerKernel") as typeof import("./workerKernel");
    handle = await startWorkerKernel(ts);
    scope.postMessage({ type: "ready" });
    for (const message of early.splice(0)) handle(message);
  } catch (e) {
    scope.postMessage({ type: "failed", message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}
