// The tsdl-lite kernel as JupyterLite sees it: an object in the page that relays Jupyter messages to the
// kernel's Web Worker (lite/kernel/worker.ts) and back. The worker runs the Node kernel's own pipeline, so it
// answers every request itself, status and headers included; the page only keeps the one thing a worker
// cannot do for itself: replacing it when an interrupted cell never yields. The worker protocol is typed in
// lite/kernel/protocol.ts.
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { KernelMessage } from "@jupyterlab/services";
import { BaseKernel } from "@jupyterlite/services";
import { PromiseDelegate } from "@lumino/coreutils";

/** How long an interrupted cell may take to stop before the worker is replaced (a loop that never yields). */
const INTERRUPT_GRACE_MS = 2000;

const RESTARTED =
  "KernelRestarted: the cell did not stop within 2 s of the interrupt (a loop that never awaits), so the kernel was restarted: variables defined before are gone";

/** A message's binary buffers as ArrayBuffers of their own, as they cross postMessage. */
function ownBuffers(buffers) {
  return (buffers ?? []).map((b) => (b instanceof ArrayBuffer ? b.slice(0) : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
}

export class TsdlLiteKernel extends BaseKernel {
  constructor(options) {
    super(options);
    this._send = options.sendMessage;
    /** execute_request msg_id → { request, count }, until the worker's execute_reply to it passes through. */
    this._executing = new Map();
    this._firstStart = new PromiseDelegate();
    this._startWorker();
  }

  get ready() {
    return this._firstStart.promise;
  }

  dispose() {
    if (this.isDisposed) return;
    this._worker?.terminate();
    this._worker = undefined;
    super.dispose();
  }

  _startWorker() {
    const started = new PromiseDelegate();
    const worker = new Worker(URLExt.join(PageConfig.getBaseUrl(), "kernel/worker.js"));
    worker.onmessage = (event) => this._fromWorker(event.data, started);
    worker.onerror = (event) => console.error("tsdl-lite worker:", event.message);
    worker.postMessage({ type: "start", siteUrl: PageConfig.getBaseUrl() });
    this._worker = worker;
    void started.promise.then(
      () => this._firstStart.resolve(),
      (e) => this._firstStart.reject(e),
    );
  }

  _fromWorker(message, started) {
    switch (message.type) {
      case "ready":
        started.resolve();
        return;
      case "failed":
        console.error(`tsdl-lite: the kernel's worker failed to start:\n${message.message}`);
        started.reject(new Error(message.message));
        return;
      case "message": {
        const msg = { ...message.msg, channel: message.channel };
        const type = msg.header.msg_type;
        if (type === "execute_reply") this._executing.delete(msg.parent_header.msg_id);
        // The cell's number, for the reply the page sends if the worker has to be replaced.
        if (type === "execute_input" && this._executing.has(msg.parent_header.msg_id)) this._executing.get(msg.parent_header.msg_id).count = msg.content.execution_count;
        this._send(msg);
        return;
      }
    }
  }

  /**
   * Hands a request to the worker at once, without waiting for its answer: the worker queues cells itself and
   * answers comm messages while a cell runs (a widget's Stop button during model.fit), as the Node kernel does.
   */
  async handleMessage(msg) {
    if (!this._worker || (msg.channel !== "shell" && msg.channel !== "control")) return;
    const { header, parent_header, metadata, content } = msg;
    if (header.msg_type === "execute_request") this._executing.set(header.msg_id, { request: msg, count: null });
    const buffers = ownBuffers(msg.buffers);
    this._worker.postMessage({ type: "message", channel: msg.channel, msg: { header, parent_header, metadata, content, buffers } }, buffers);
  }

  /**
   * Asks the running cell to stop (an awaited cell stops waiting, `model.fit` stops after its batch). A cell that
   * never yields to the worker's event loop cannot hear that: after a grace period the worker is replaced, the
   * cell ends with an error saying so, the cells queued after it are aborted, and the notebook's variables are
   * gone, as after a restart.
   */
  interrupt() {
    if (!this._worker) return;
    this._worker.postMessage({ type: "interrupt" });
    const running = this._executing.keys().next().value;
    if (running === undefined) return;
    setTimeout(() => {
      if (!this._worker || !this._executing.has(running)) return;
      this._worker.terminate();
      const requests = [...this._executing.values()];
      this._executing.clear();
      requests.forEach(({ request, count }, i) => this._answerForDeadWorker(request, count, i === 0));
      this._startWorker();
    }, INTERRUPT_GRACE_MS);
  }

  /** What the replaced worker can no longer send: the running cell's error, every request's reply and idle status. */
  _answerForDeadWorker(request, count, wasRunning) {
    const reply = (channel, msgType, content) =>
      this._send(KernelMessage.createMessage({ channel, session: request.header.session, parentHeader: request.header, msgType, content }));
    const error = { ename: "KernelRestarted", evalue: RESTARTED.slice("KernelRestarted: ".length), traceback: [RESTARTED] };
    if (wasRunning) reply("iopub", "error", error);
    reply("shell", "execute_reply", wasRunning ? { status: "error", execution_count: count, ...error } : { status: "aborted", execution_count: count });
    reply("iopub", "status", { execution_state: "idle" });
  }
}
