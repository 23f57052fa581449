// The public API of tsdl: the same names the kernel's prelude puts in every cell's scope.
import "./registerDisplays";

export * from "./display";
export * from "./backend";
export * from "./inspect";
export * from "./shapes";
export * from "./charts";
export * from "./insight";
export * from "./data";
export * from "./render";
export * from "./random";
export * from "./widgets";
export * from "./check";
export * from "./graph";
export { showSource, SourceView } from "./source";
export { registerCommTarget, unregisterCommTarget, openComm } from "./comm";
export type { Comm, CommMessage, CommMsgHandler, CommSendOptions, CommTargetHandler } from "./comm";
export type { JsonObject } from "./frontend";
/** From-scratch layers, numerical gradients and training loops of the chapters (Saito, Chollet ch. 2). */
export * as scratch from "./scratch";
