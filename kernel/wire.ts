// The Jupyter wire protocol: parse and sign multipart messages (pure, no sockets).
// https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

export const PROTOCOL_VERSION = "5.3";
const DELIMITER = Buffer.from("<IDS|MSG>");

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface Message<C = unknown> {
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: C;
  buffers: Buffer[];
}

export class InvalidSignatureError extends Error {
  constructor(readonly msgType: string) {
    super(`dropped a ${msgType || "malformed"} message whose HMAC signature does not match the connection key`);
  }
}

export function sign(key: string, parts: Buffer[]): string {
  if (!key) return "";
  const hmac = createHmac("sha256", key);
  for (const p of parts) hmac.update(p);
  return hmac.digest("hex");
}

function signatureMatches(key: string, signature: string, parts: Buffer[]): boolean {
  if (!key) return true;
  const expected = Buffer.from(sign(key, parts), "utf8");
  const got = Buffer.from(signature, "utf8");
  // timingSafeEqual needs equal lengths; a length mismatch is already a mismatch.
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/** Parses a multipart ZMQ message, verifying its signature before anything is decoded. */
export function parseMessage(key: string, frames: Buffer[]): Message {
  const delim = frames.findIndex((f) => f.equals(DELIMITER));
  if (delim < 0 || frames.length < delim + 6) throw new Error("malformed message: missing <IDS|MSG> delimiter or parts");
  const signature = frames[delim + 1]!.toString("utf8");
  const parts = frames.slice(delim + 2, delim + 6);
  if (!signatureMatches(key, signature, parts)) {
    let msgType = "";
    try {
      msgType = JSON.parse(parts[0]!.toString("utf8")).msg_type ?? "";
    } catch {
      // The type is only for the log line.
    }
    throw new InvalidSignatureError(msgType);
  }
  const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(p.toString("utf8")));
  return { identities: frames.slice(0, delim), header, parent_header, metadata, content, buffers: frames.slice(delim + 6) };
}

/** The kernel's own session id: the header of a message no request caused (a comm opened by a timer, say). */
const KERNEL_SESSION = randomUUID();

/** Builds a message caused by `parent` (a reply, or output on iopub), or by no request at all. */
export function newMessage<C>(msgType: string, content: C, parent: Message<unknown> | undefined, identities: Buffer[] = []): Message<C> {
  return {
    identities,
    header: {
      msg_id: randomUUID(),
      session: parent?.header.session ?? KERNEL_SESSION,
      username: parent?.header.username ?? "kernel",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}

/** Builds the reply to `parent`, addressed to the client that sent it. */
export function replyTo<C>(parent: Message<unknown>, msgType: string, content: C): Message<C> {
  return newMessage(msgType, content, parent, parent.identities);
}

export function serializeMessage(key: string, msg: Message<unknown>): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) => Buffer.from(JSON.stringify(p), "utf8"));
  return [...msg.identities, DELIMITER, Buffer.from(sign(key, parts), "utf8"), ...parts, ...msg.buffers];
}
