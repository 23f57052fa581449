// The Jupyter widgets message protocol 2.1 as data: the comm messages ipywidgets 8 sends, binary state split
// into buffers by path, the view MIME bundle and the saved "widget state" of a notebook. Pure: nothing here sends.
// https://github.com/jupyter-widgets/ipywidgets/blob/main/packages/schema/messages.md
import type { JsonObject } from "../frontend";

/** The comm target of widget models. */
export const WIDGET_TARGET = "jupyter.widget";
/** The comm target a frontend opens to fetch every model's state at once (control protocol 1.0). */
export const CONTROL_TARGET = "jupyter.widget.control";
export const PROTOCOL_VERSION = "2.1.0";
export const CONTROL_PROTOCOL_VERSION = "1.0.0";
export const VIEW_MIME = "application/vnd.jupyter.widget-view+json";
export const STATE_MIME = "application/vnd.jupyter.widget-state+json";
/** How a model refers to another in its state (a box's children, a control's layout). */
export const MODEL_REFERENCE_PREFIX = "IPY_MODEL_";

/** A model's state: JSON values, with bytes anywhere inside (sent as binary buffers). */
export type WidgetState = { [key: string]: unknown };

/** A path into a state object: keys of objects and indices of arrays. */
export type BufferPath = (string | number)[];

/** A state with its binary parts taken out, and where each one was. */
export interface SplitState {
  state: JsonObject;
  bufferPaths: BufferPath[];
  buffers: Uint8Array[];
}

/** Whether a value travels as a binary buffer (bytes, any typed array or DataView, an ArrayBuffer). */
export function isBinary(value: unknown): value is ArrayBufferView | ArrayBuffer {
  return ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

export function bytesOf(value: ArrayBufferView | ArrayBuffer): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function separate(value: unknown, path: BufferPath, paths: BufferPath[], buffers: Uint8Array[]): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((v, i) => {
      const replaced = isBinary(v) ? (paths.push([...path, i]), buffers.push(bytesOf(v)), null) : v !== null && typeof v === "object" ? separate(v, [...path, i], paths, buffers) : v;
      if (replaced !== v) (out ??= [...value])[i] = replaced;
    });
    return out ?? value;
  }
  if (value !== null && typeof value === "object") {
    let out: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      if (isBinary(v)) {
        out ??= { ...value };
        delete out[k];
        paths.push([...path, k]);
        buffers.push(bytesOf(v));
      } else if (v !== null && typeof v === "object") {
        const replaced = separate(v, [...path, k], paths, buffers);
        if (replaced !== v) (out ??= { ...value })[k] = replaced;
      }
    }
    return out ?? value;
  }
  return value;
}

/**
 * Takes the binary values out of a state, as ipywidgets' `_remove_buffers` does: a value in an object is
 * removed, one in an array becomes null, and its path and bytes are listed. The input is not changed.
 */
export function removeBuffers(state: WidgetState): SplitState {
  const bufferPaths: BufferPath[] = [];
  const buffers: Uint8Array[] = [];
  const out = separate(state, [], bufferPaths, buffers) as JsonObject;
  return { state: out, bufferPaths, buffers };
}

/** Puts binary buffers back into a state at their paths (the inverse of removeBuffers); changes `state`. */
export function putBuffers(state: JsonObject, bufferPaths: unknown, buffers: readonly Uint8Array[]): void {
  if (!Array.isArray(bufferPaths)) return;
  bufferPaths.forEach((path, i) => {
    const buffer = buffers[i];
    if (!Array.isArray(path) || path.length === 0 || buffer === undefined) return;
    let target: unknown = state;
    for (const key of path.slice(0, -1)) {
      target = (target as Record<string | number, unknown> | null)?.[key as string];
      if (target === null || typeof target !== "object") return;
    }
    (target as Record<string | number, unknown>)[path[path.length - 1] as string] = buffer;
  });
}

/** A comm message: its `data`, and the binary buffers that travel after it. */
export interface WidgetMessage {
  data: JsonObject;
  buffers: Uint8Array[];
}

/** The comm_open of a new model: its whole state; the open's metadata carries the protocol version. */
export function openMessage(state: WidgetState): WidgetMessage & { metadata: JsonObject } {
  const split = removeBuffers(state);
  return { data: { state: split.state, buffer_paths: split.bufferPaths }, metadata: { version: PROTOCOL_VERSION }, buffers: split.buffers };
}

/**
 * A state change sent to the frontends: `update` for the kernel's own changes, `echo_update` to echo a
 * frontend's change back to every frontend (protocol 2.1).
 */
export function updateMessage(method: "update" | "echo_update", state: WidgetState): WidgetMessage {
  const split = removeBuffers(state);
  return { data: { method, state: split.state, buffer_paths: split.bufferPaths }, buffers: split.buffers };
}

/** A custom message to the model's frontend side. */
export function customMessage(content: JsonObject, buffers: readonly (ArrayBufferView | ArrayBuffer)[] = []): WidgetMessage {
  return { data: { method: "custom", content }, buffers: buffers.map(bytesOf) };
}

/** What a frontend sent on a model's comm, read without trusting it. */
export type IncomingWidgetMessage =
  | { method: "update"; state: JsonObject }
  | { method: "request_state" }
  | { method: "custom"; content: unknown; buffers: Uint8Array[] }
  | { method: "unknown"; reason: string };

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a frontend's message on a model's comm; malformed ones come back as `unknown` with the reason. */
export function readIncoming(data: JsonObject, buffers: readonly Uint8Array[]): IncomingWidgetMessage {
  const method = data.method;
  if (method === "update") {
    if (!isObject(data.state)) return { method: "unknown", reason: `an update whose state is not an object (${data.state === undefined ? "missing" : typeof data.state})` };
    const state = structuredCloneJson(data.state);
    putBuffers(state, data.buffer_paths, buffers);
    return { method, state };
  }
  if (method === "request_state") return { method };
  if (method === "custom") return { method, content: data.content, buffers: [...buffers] };
  return { method: "unknown", reason: `method ${JSON.stringify(method)}; expected "update", "request_state" or "custom"` };
}

// The state came from JSON, so a JSON round trip copies it (buffers are put back into the copy).
function structuredCloneJson(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}

/** The `application/vnd.jupyter.widget-view+json` bundle that shows a model, with a text stand-in. */
export function viewBundle(modelId: string, text: string): { [VIEW_MIME]: JsonObject; "text/plain": string } {
  return { [VIEW_MIME]: { version_major: 2, version_minor: 0, model_id: modelId }, "text/plain": text };
}

export function modelReference(modelId: string): string {
  return MODEL_REFERENCE_PREFIX + modelId;
}

/** One model as a notebook's saved widget state lists it. */
export interface ModelRecord {
  modelId: string;
  state: WidgetState;
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The saved state of every model, as JupyterLab's "save widget state" and nbclient write it into a notebook's
 * metadata under `application/vnd.jupyter.widget-state+json`; binary values become base64 buffers.
 */
export function managerState(models: readonly ModelRecord[]): JsonObject {
  const state: JsonObject = {};
  for (const { modelId, state: s } of models) {
    const split = removeBuffers(s);
    const entry: JsonObject = { model_name: s._model_name, model_module: s._model_module, model_module_version: s._model_module_version, state: split.state };
    if (split.buffers.length) entry.buffers = split.buffers.map((b, i) => ({ encoding: "base64", path: split.bufferPaths[i], data: base64(b) }));
    state[modelId] = entry;
  }
  return { version_major: 2, version_minor: 0, state };
}

/** The control protocol's answer to `request_states`: every model's full state at once. */
export function updateStatesMessage(models: readonly ModelRecord[]): WidgetMessage {
  const states: JsonObject = {};
  for (const { modelId, state } of models) {
    states[modelId] = { model_name: state._model_name, model_module: state._model_module, model_module_version: state._model_module_version, state };
  }
  const split = removeBuffers(states);
  return { data: { method: "update_states", states: split.state, buffer_paths: split.bufferPaths }, buffers: split.buffers };
}
