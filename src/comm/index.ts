// Jupyter comms in cells and in the library: register a target the frontend can open, or open one.
import type { JsonObject } from "../frontend";
import { Comm, CommSendOptions } from "./comm";
import { commManager, CommTargetHandler } from "./manager";

export { Comm } from "./comm";
export type { CommMessage, CommMsgHandler, CommSendOptions } from "./comm";
export { CommManager, commManager } from "./manager";
export type { CommTargetHandler, IncomingCommType } from "./manager";

/** Lets the frontend open comms to `targetName`; `handler` gets each new comm and its opening message. */
export function registerCommTarget(targetName: string, handler: CommTargetHandler): void {
  commManager().registerTarget(targetName, handler);
}

/** Stops accepting new comms to `targetName`; open ones stay open. */
export function unregisterCommTarget(targetName: string): boolean {
  return commManager().unregisterTarget(targetName);
}

/** Opens a comm to a target the frontend registered (e.g. `jupyter.widget`). */
export function openComm(targetName: string, data: JsonObject = {}, options: CommSendOptions = {}): Comm {
  return commManager().open(targetName, data, options);
}
