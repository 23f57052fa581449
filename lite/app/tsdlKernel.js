// The tsdl-lite kernel as JupyterLite sees it: a BaseKernel in the page that hands every request to the
// kernel's Web Worker (lite/kernel/worker.ts) and publishes what the worker sends back under the request's
// Jupyter headers. The worker protocol is typed in lite/kernel/protocol.ts.
import { PageConfig, URLExt } from "@jupyterlab/coreutils";
import { BaseKernel } from "@jupyterlite/services";
import { PromiseDelegate } from "@lumino/coreutils";

/** How long an interrupted cell may take to stop before the worker is replaced (a loop that never yields). */
const INTERRUPT_GRACE_MS = 2000;

export class TsdlLiteKernel extends BaseKernel {
  constructor(options) {
    super(options);
    this._nextRequest = 1;
    /** request → { resolve }: requests the worker has not answered yet. */
    this._requests = new Map();
    /** request → the Jupyter header it came with; kept after the reply for output a cell's timers print later. */
    this._headers = new Map();
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
    this._started = started;
    const worker = new Worker(URLExt.join(PageConfig.getBaseUrl(), "kernel/worker.js"));
    worker.onmessage = (event) => this._fromWorker(event.data, started);
    worker.onerror = (event) => console.error("tsdl-lite worker:", event.message);
    worker.postMessage({ type: "start", siteUrl: PageConfig.getBaseUrl() });
    this._worker = worker;
    void started.promise.then(
      (info) => this._firstStart.resolve(info),
      (e) => this._firstStart.reject(e),
    );
  }

  _fromWorker(message, started) {
    switch (message.type) {
      case "ready":
        this._info = message.info;
        started.resolve(message.info);
        return;
      case "failed":
        console.error(`tsdl-lite: the kernel's worker failed to start:\n${message.message}`);
        started.reject(new Error(message.message));
        return;
      case "reply": {
        const pending = this._requests.get(message.request);
        if (!pending) return;
        this._requests.delete(message.request);
        pending.resolve(message.content);
        return;
      }
      case "iopub":
        this._publish(message);
        return;
    }
  }

  _publish({ request, msgType, content, metadata, buffers }) {
    const header = (request !== undefined && this._headers.get(request)) || this.parentHeader;
    switch (msgType) {
      case "stream":
        return this.stream(content, header);
      case "display_data":
        return this.displayData(content, header);
      case "update_display_data":
        return this.updateDisplayData(content, header);
      case "clear_output":
        return this.clearOutput(content, header);
      case "execute_result":
        return this.publishExecuteResult(content, header);
      case "error":
        return this.publishExecuteError(content, header);
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        return this.handleComm(msgType, content, metadata ?? {}, buffers ?? [], header);
    }
  }

  /** Sends a request to the worker and resolves with its reply's content. */
  _ask(message) {
    const request = this._nextRequest++;
    this._headers.set(request, this.parentHeader);
    // Late output of a cell (from its timers) still finds its header; keep the last few hundred.
    if (this._headers.size > 500) this._headers.delete(this._headers.keys().next().value);
    return new Promise((resolve) => {
      this._requests.set(request, { resolve });
      this._worker.postMessage({ ...message, request });
    });
  }

  async kernelInfoRequest() {
    const info = await this.ready;
    return { status: "ok", protocol_version: "5.3", ...info };
  }

  async executeRequest(content) {
    this._running = true;
    try {
      const reply = await this._ask({
        type: "execute",
        code: content.code,
        silent: Boolean(content.silent),
        storeHistory: content.store_history !== false,
        executionCount: this.executionCount,
      });
      return { ...reply, execution_count: this.executionCount };
    } finally {
      this._running = false;
    }
  }

  async completeRequest(content) {
    return this._ask({ type: "complete", code: content.code, cursorPos: content.cursor_pos });
  }

  async inspectRequest(content) {
    return this._ask({ type: "inspect", code: content.code, cursorPos: content.cursor_pos, detailLevel: content.detail_level ?? 0 });
  }

  async isCompleteRequest() {
    return { status: "complete" };
  }

  async commInfoRequest(content) {
    return this._ask({ type: "comm_info", targetName: content.target_name });
  }

  inputReply() {}

  async commOpen(msg) {
    this._comm("comm_open", msg);
  }

  async commMsg(msg) {
    this._comm("comm_msg", msg);
  }

  async commClose(msg) {
    this._comm("comm_close", msg);
  }

  _comm(msgType, msg) {
    const buffers = (msg.buffers ?? []).map((b) => (b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    this._worker.postMessage({ type: "comm", msgType, content: msg.content, metadata: msg.metadata ?? {}, buffers });
  }

  /**
   * Asks the running cell to stop (an awaited cell stops waiting, `model.fit` stops after its batch). A cell that
   * never yields to the worker's event loop cannot hear that: after a grace period the worker is replaced, the
   * cell ends with an error saying so, and the notebook's variables are gone, as after a restart.
   */
  interrupt() {
    if (!this._worker) return;
    this._worker.postMessage({ type: "interrupt" });
    if (!this._running) return;
    const pending = [...this._requests.entries()];
    setTimeout(() => {
      const stillRunning = pending.filter(([request]) => this._requests.has(request));
      if (!this._running || stillRunning.length === 0) return;
      this._worker.terminate();
      const error = {
        ename: "KernelRestarted",
        evalue: "the cell did not stop within 2 s of the interrupt (a loop that never awaits), so the kernel was restarted: variables defined before are gone",
        traceback: ["KernelRestarted: the cell did not stop within 2 s of the interrupt (a loop that never awaits), so the kernel was restarted: variables defined before are gone"],
      };
      this.publishExecuteError(error, this.parentHeader);
      for (const [request, { resolve }] of stillRunning) {
        this._requests.delete(request);
        resolve({ status: "error", ...error });
      }
      this._startWorker();
    }, INTERRUPT_GRACE_MS);
  }
}
