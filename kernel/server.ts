// The kernel's five ZMQ sockets, bound to exactly the address in the connection file.
import * as zmq from "zeromq";
import { InvalidSignatureError, Message, parseMessage, serializeMessage } from "./wire";

export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

export type Channel = "shell" | "control" | "iopub" | "stdin";
export type MessageHandler = (channel: "shell" | "control", msg: Message) => void;

export class KernelServer {
  private readonly sockets: Record<Channel, zmq.Router | zmq.Publisher>;
  private readonly hb = new zmq.Reply();
  // zeromq 6 allows one send in flight per socket; queue the rest.
  private readonly sendChains = new Map<Channel, Promise<void>>();
  private closed = false;

  constructor(
    readonly conn: ConnectionInfo,
    private readonly onMessage: MessageHandler,
    private readonly log: (line: string) => void,
  ) {
    if (conn.signature_scheme && conn.signature_scheme !== "hmac-sha256") {
      throw new Error(`connection file: signature_scheme "${conn.signature_scheme}" is not supported; expected "hmac-sha256"`);
    }
    this.sockets = { shell: new zmq.Router(), control: new zmq.Router(), stdin: new zmq.Router(), iopub: new zmq.Publisher() };
  }

  private address(port: number): string {
    return `${this.conn.transport}://${this.conn.ip}:${port}`;
  }

  async start(): Promise<void> {
    const c = this.conn;
    await Promise.all([
      this.sockets.shell.bind(this.address(c.shell_port)),
      this.sockets.control.bind(this.address(c.control_port)),
      this.sockets.stdin.bind(this.address(c.stdin_port)),
      this.sockets.iopub.bind(this.address(c.iopub_port)),
      this.hb.bind(this.address(c.hb_port)),
    ]);
    void this.receive("shell");
    void this.receive("control");
    void this.heartbeat();
  }

  private async receive(channel: "shell" | "control"): Promise<void> {
    try {
      for await (const frames of this.sockets[channel] as zmq.Router) {
        let msg: Message;
        try {
          msg = parseMessage(this.conn.key, frames);
        } catch (e) {
          // Never run, never answer: an unsigned or forged message is only logged.
          this.log(`tsdl: ${channel}: ${e instanceof InvalidSignatureError ? e.message : `dropped malformed message: ${String(e)}`}`);
          continue;
        }
        this.onMessage(channel, msg);
      }
    } catch (e) {
      if (!this.closed) this.log(`tsdl: ${channel} socket failed: ${String(e)}`);
    }
  }

  private async heartbeat(): Promise<void> {
    try {
      for await (const frames of this.hb) await this.hb.send(frames);
    } catch (e) {
      if (!this.closed) this.log(`tsdl: heartbeat socket failed: ${String(e)}`);
    }
  }

  send(channel: Channel, msg: Message<unknown>): Promise<void> {
    if (this.closed) return Promise.resolve();
    const frames = serializeMessage(this.conn.key, msg);
    const socket = this.sockets[channel];
    const next = (this.sendChains.get(channel) ?? Promise.resolve())
      .then(() => (this.closed ? undefined : socket.send(frames)))
      .catch((e) => this.log(`tsdl: could not send ${msg.header.msg_type} on ${channel}: ${String(e)}`));
    this.sendChains.set(channel, next);
    return next;
  }

  /** Waits for queued sends, then closes every socket. */
  async close(): Promise<void> {
    await Promise.all(this.sendChains.values());
    this.closed = true;
    for (const s of Object.values(this.sockets)) s.close();
    this.hb.close();
  }
}
