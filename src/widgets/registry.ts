// The widgets alive in this process, by model id: what the control protocol's `request_states` answers and
// what a notebook's saved widget state lists. One registry per process, even with two copies of the library.
import { registerCommTarget } from "../comm";
import type { JsonObject } from "../frontend";
import { CONTROL_PROTOCOL_VERSION, CONTROL_TARGET, managerState, ModelRecord, updateStatesMessage } from "./protocol";

/** What the registry needs of a widget. */
export interface RegisteredModel {
  readonly modelId: string;
  /** The whole state, binary values included. */
  snapshot(): ModelRecord;
}

const REGISTRY_KEY = Symbol.for("tsdl.widgets");
type RegistryHolder = { [REGISTRY_KEY]?: Map<string, RegisteredModel> };

function models(): Map<string, RegisteredModel> {
  return ((globalThis as RegistryHolder)[REGISTRY_KEY] ??= new Map());
}

export function register(model: RegisteredModel): void {
  models().set(model.modelId, model);
}

export function unregister(modelId: string): void {
  models().delete(modelId);
}

export function liveModels(): RegisteredModel[] {
  return [...models().values()];
}

/**
 * The saved state of every live widget, as JupyterLab's "save widget state" writes it into a notebook's
 * metadata (`application/vnd.jupyter.widget-state+json`).
 */
export function widgetState(): JsonObject {
  return managerState(liveModels().map((m) => m.snapshot()));
}

/** Answers a frontend that opens the control comm (JupyterLab does, to restore views after a reload). */
export function installControlTarget(): void {
  registerCommTarget(CONTROL_TARGET, (comm, open) => {
    const version = typeof open.metadata.version === "string" ? open.metadata.version : "";
    if (version.split(".")[0] !== CONTROL_PROTOCOL_VERSION.split(".")[0]) {
      throw new Error(`the widget control protocol version ${JSON.stringify(version)} is not supported; tsdl speaks ${CONTROL_PROTOCOL_VERSION}`);
    }
    comm.onMsg((msg) => {
      if (msg.data.method !== "request_states") throw new Error(`unknown widget control method ${JSON.stringify(msg.data.method)}; expected "request_states"`);
      const reply = updateStatesMessage(liveModels().map((m) => m.snapshot()));
      comm.send(reply.data, { buffers: reply.buffers });
    });
  });
}
