// The few Web Worker globals the kernel uses, typed here: the project's TypeScript has Node's globals, not
// the WebWorker library's, and only this folder runs in a worker.
import type { FromWorker, ToWorker } from "./protocol";

export interface SyncRequest {
  open(method: "GET" | "HEAD", url: string, async: false): void;
  responseType: "" | "arraybuffer" | "text";
  send(): void;
  readonly status: number;
  readonly response: unknown;
  readonly responseText: string;
}

export interface WorkerScope {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (event: { data: ToWorker }) => void): void;
  addEventListener(type: "error", listener: (event: { error?: unknown; message: string }) => void): void;
  addEventListener(type: "unhandledrejection", listener: (event: { reason: unknown; preventDefault(): void }) => void): void;
  importScripts(...urls: string[]): void;
  readonly location: { href: string };
  readonly crossOriginIsolated?: boolean;
  readonly navigator: { hardwareConcurrency?: number; gpu?: { requestAdapter(): Promise<unknown> } };
  XMLHttpRequest: new () => SyncRequest;
  OffscreenCanvas?: new (width: number, height: number) => { getContext(kind: string): unknown };
}

export const scope = globalThis as unknown as WorkerScope;

/** The site's root URL, ending in "/", set once the page says where the site is. */
let site = "";

export function setSiteUrl(url: string): void {
  site = url.endsWith("/") ? url : `${url}/`;
}

export function siteUrl(): string {
  return site;
}

/**
 * A file of the site, read synchronously: a cell's `loadMnist()` is synchronous in Node and must stay so
 * here, and a worker, unlike the page, may wait for a request.
 */
export function fetchSync(relative: string, kind: "arraybuffer" | "text" | "head"): { status: number; body: unknown } {
  const request = new scope.XMLHttpRequest();
  request.open(kind === "head" ? "HEAD" : "GET", new URL(relative, site || scope.location.href).href, false);
  if (kind === "arraybuffer") request.responseType = "arraybuffer";
  request.send();
  return { status: request.status, body: kind === "text" ? request.responseText : request.response };
}
