// The messages between the page (the JupyterLite kernel object, lite/app/tsdlKernel.js) and the kernel's
// Web Worker. The page keeps the Jupyter headers; the worker names requests by number.

/** What the page asks the worker. */
export type ToWorker =
  | { type: "start"; siteUrl: string }
  | { type: "execute"; request: number; code: string; silent: boolean; storeHistory: boolean; executionCount: number }
  | { type: "complete"; request: number; code: string; cursorPos: number }
  | { type: "inspect"; request: number; code: string; cursorPos: number; detailLevel: number }
  | { type: "comm_info"; request: number; targetName?: string }
  | { type: "comm"; msgType: "comm_open" | "comm_msg" | "comm_close"; content: Record<string, unknown>; metadata: Record<string, unknown>; buffers: ArrayBuffer[] }
  | { type: "interrupt" };

/** What the worker tells the page. */
export type FromWorker =
  | { type: "ready"; info: KernelInfo }
  /** An iopub message; `request` names the cell or comm message it belongs to. */
  | { type: "iopub"; request: number | undefined; msgType: string; content: Record<string, unknown>; metadata?: Record<string, unknown>; buffers?: ArrayBuffer[] }
  | { type: "reply"; request: number; content: Record<string, unknown> }
  /** The worker could not start. */
  | { type: "failed"; message: string };

export interface KernelInfo {
  implementation: string;
  implementation_version: string;
  language_info: Record<string, unknown>;
  banner: string;
  help_links: { text: string; url: string }[];
}
