// The messages between the page (the JupyterLite kernel object, lite/app/tsdlKernel.js) and the kernel's
// Web Worker. Jupyter messages cross whole, headers and all: the worker runs the Node kernel's own
// dispatcher and publisher, so the page only relays them.

/** A Jupyter message as it crosses postMessage: binary buffers as ArrayBuffers. */
export interface JupyterMessage {
  header: Record<string, unknown> & { msg_id: string; msg_type: string; session: string };
  parent_header: Record<string, unknown>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  buffers: ArrayBuffer[];
}

/** What the page tells the worker. */
export type ToWorker =
  | { type: "start"; siteUrl: string }
  /** A request from a client, on shell or control. */
  | { type: "message"; channel: "shell" | "control"; msg: JupyterMessage }
  /** The notebook's Interrupt (JupyterLite asks the kernel object, not the kernel, so no interrupt_request). */
  | { type: "interrupt" };

/** What the worker tells the page. */
export type FromWorker =
  | { type: "ready" }
  /** A message the kernel sends: a reply on shell or control, or iopub. */
  | { type: "message"; channel: "shell" | "control" | "iopub"; msg: JupyterMessage }
  /** The worker could not start. */
  | { type: "failed"; message: string };
