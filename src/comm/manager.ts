// The comms of one process: targets the library registered, comms open in either direction, and the
// handling of comm_open / comm_msg / comm_close from the frontend, answered as ipykernel answers them.
import { describeValue } from "../args/describe";
import { currentFrontend, Frontend, JsonObject } from "../frontend";
import { Comm, CommMessage, CommSendOptions } from "./comm";

/** Called when the frontend opens a comm to a registered target. */
export type CommTargetHandler = (comm: Comm, open: CommMessage) => unknown;

export type IncomingCommType = "comm_open" | "comm_msg" | "comm_close";

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return view instanceof Uint8Array ? view : new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
}

function newCommId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, "");
}

export class CommManager {
  private readonly targets = new Map<string, CommTargetHandler>();
  private readonly comms = new Map<string, Comm>();

  /** `frontend` is looked up at each send, so a manager made before the kernel installs one still works. */
  constructor(private readonly frontend: () => Frontend | undefined = currentFrontend) {}

  registerTarget(targetName: string, handler: CommTargetHandler): void {
    if (typeof targetName !== "string" || targetName === "") throw new TypeError(`registerCommTarget: expected targetName to be a non-empty string; got ${describeValue(targetName)}`);
    if (typeof handler !== "function") throw new TypeError(`registerCommTarget: expected handler to be a function (comm, openMessage) => void; got ${describeValue(handler)}`);
    this.targets.set(targetName, handler);
  }

  unregisterTarget(targetName: string): boolean {
    return this.targets.delete(targetName);
  }

  /** Opens a comm from the kernel's side to a target the frontend registered. */
  open(targetName: string, data: JsonObject = {}, options: CommSendOptions = {}): Comm {
    if (typeof targetName !== "string" || targetName === "") throw new TypeError(`openComm: expected targetName to be a non-empty string; got ${describeValue(targetName)}`);
    const frontend = this.requireFrontend("openComm");
    const comm = this.create(newCommId(), targetName);
    frontend.sendComm("comm_open", { comm_id: comm.commId, target_name: targetName, data }, options.metadata ?? {}, (options.buffers ?? []).map(bytesOf));
    return comm;
  }

  /** The open comms, optionally of one target: the content of a comm_info_reply. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values()) if (targetName === undefined || comm.targetName === targetName) out[comm.commId] = { target_name: comm.targetName };
    return out;
  }

  get(commId: string): Comm | undefined {
    return this.comms.get(commId);
  }

  /**
   * Handles a comm message from the frontend. Never throws: an unknown target, an unknown comm id, a
   * malformed message or a handler that throws is logged (and an unknown target's comm closed), as in
   * ipykernel. Resolves once the handlers' promises settle.
   */
  async receive(type: IncomingCommType, content: unknown, metadata: unknown = {}, buffers: Uint8Array[] = []): Promise<void> {
    const log = (line: string) => (this.frontend()?.log ?? console.error)(`tsdl: ${line}`);
    if (!isObject(content) || typeof content.comm_id !== "string") {
      log(`dropped a malformed ${type}: expected content.comm_id to be a string; got ${isObject(content) ? describeValue(content.comm_id) : describeValue(content)}`);
      return;
    }
    const commId = content.comm_id;
    const msg: CommMessage = { data: isObject(content.data) ? content.data : {}, metadata: isObject(metadata) ? metadata : {}, buffers };
    const settle = async (what: string, results: unknown[]) => {
      for (const r of await Promise.allSettled(results)) if (r.status === "rejected") log(`${what} failed: ${errorText(r.reason)}`);
    };
    if (type === "comm_open") {
      const targetName = content.target_name;
      const handler = typeof targetName === "string" ? this.targets.get(targetName) : undefined;
      if (!handler) {
        log(`no such comm target registered: ${typeof targetName === "string" ? targetName : describeValue(targetName)}`);
        this.frontend()?.sendComm("comm_close", { comm_id: commId, data: {} }, {}, []);
        return;
      }
      const comm = this.create(commId, targetName as string);
      try {
        await handler(comm, msg);
      } catch (e) {
        log(`opening a comm to target ${comm.targetName} failed: ${errorText(e)}`);
        comm.close();
      }
      return;
    }
    const comm = this.comms.get(commId);
    if (!comm) {
      log(`${type} for no such comm: ${commId}`);
      return;
    }
    if (type === "comm_msg") {
      let results: unknown[];
      try {
        results = comm.deliver(msg);
      } catch (e) {
        log(`the comm_msg handler of ${commId} (${comm.targetName}) failed: ${errorText(e)}`);
        return;
      }
      await settle(`the comm_msg handler of ${commId} (${comm.targetName})`, results);
    } else {
      let results: unknown[];
      try {
        results = comm.closedBy(msg);
      } catch (e) {
        log(`the comm_close handler of ${commId} (${comm.targetName}) failed: ${errorText(e)}`);
        return;
      }
      await settle(`the comm_close handler of ${commId} (${comm.targetName})`, results);
    }
  }

  private create(commId: string, targetName: string): Comm {
    const comm = new Comm(
      commId,
      targetName,
      (type, data, options) => this.requireFrontend(`comm ${commId}`).sendComm(type, { comm_id: commId, data }, options.metadata ?? {}, (options.buffers ?? []).map(bytesOf)),
      (c) => this.comms.delete(c.commId),
    );
    this.comms.set(commId, comm);
    return comm;
  }

  private requireFrontend(fn: string): Frontend {
    const frontend = this.frontend();
    if (!frontend) throw new Error(`${fn}: no notebook frontend is connected; comms work in a cell of the tsdl kernel`);
    return frontend;
  }
}

// One manager per process, even when two copies of this library are loaded: the kernel routes to it.
const MANAGER_KEY = Symbol.for("tsdl.commManager");
type ManagerHolder = { [MANAGER_KEY]?: CommManager };

/** The process's comm manager, which the kernel hands comm messages from the frontend. */
export function commManager(): CommManager {
  return ((globalThis as ManagerHolder)[MANAGER_KEY] ??= new CommManager());
}
