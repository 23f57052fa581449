// A Frontend that records what the library sends (displays and comm messages) and delivers messages as a
// notebook frontend would, for testing widgets as pure message sequences, without a kernel.
import { commManager } from "../../src/comm";
import type { WireBundle } from "../../src/display/bundle";
import { CommMessageType, installFrontend, JsonObject } from "../../src/frontend";

export interface SentComm {
  kind: "comm";
  type: CommMessageType;
  content: JsonObject;
  metadata: JsonObject;
  buffers: Uint8Array[];
}

export interface SentDisplay {
  kind: "display";
  bundle: WireBundle;
  displayId: string | undefined;
  update: boolean;
}

export type Sent = SentComm | SentDisplay;

export class RecordingFrontend {
  readonly sent: Sent[] = [];
  readonly logged: string[] = [];

  install(): this {
    installFrontend({
      display: (bundle, displayId, update) => void this.sent.push({ kind: "display", bundle, displayId, update }),
      clearOutput: () => {},
      sendComm: (type, content, metadata, buffers) => void this.sent.push({ kind: "comm", type, content, metadata, buffers }),
      log: (line) => void this.logged.push(line),
    });
    return this;
  }

  uninstall(): void {
    installFrontend(undefined);
  }

  /** Forgets what was sent so far. */
  clear(): void {
    this.sent.length = 0;
    this.logged.length = 0;
  }

  comms(): SentComm[] {
    return this.sent.filter((s): s is SentComm => s.kind === "comm");
  }

  displays(): SentDisplay[] {
    return this.sent.filter((s): s is SentDisplay => s.kind === "display");
  }

  /** The comm messages sent on one comm, in order. */
  on(commId: string): SentComm[] {
    return this.comms().filter((c) => c.content.comm_id === commId);
  }

  /** A message from the frontend on a comm, handled as the kernel would; resolves once its handlers settle. */
  deliver(commId: string, data: JsonObject, buffers: Uint8Array[] = []): Promise<void> {
    return commManager().receive("comm_msg", { comm_id: commId, data }, {}, buffers);
  }

  open(commId: string, targetName: string, data: JsonObject = {}, metadata: JsonObject = {}): Promise<void> {
    return commManager().receive("comm_open", { comm_id: commId, target_name: targetName, data }, metadata, []);
  }
}
