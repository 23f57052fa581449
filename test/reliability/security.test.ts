// Message security: HMAC verification with a constant-time compare, forged messages over raw ZMQ,
// and sockets bound only to the connection file's address.
import assert from "node:assert/strict";
import crypto, { createHmac } from "node:crypto";
import fs from "node:fs";
import { before, describe, it } from "node:test";
import { KernelServer } from "../../kernel/server";
import { InvalidSignatureError, parseMessage, replyTo, serializeMessage, type Message } from "../../kernel/wire";
import { CellReport, runScenario } from "./driver";

const KEY = "0f6c5e1a-connection-key";

function request(code: string): Message<{ code: string }> {
  const header = { msg_id: "m1", session: "s1", username: "student", date: new Date(0).toISOString(), msg_type: "execute_request", version: "5.3" };
  return { identities: [Buffer.from("client")], header, parent_header: {}, metadata: {}, content: { code }, buffers: [] };
}

/** The frames after <IDS|MSG>: [signature, header, parent_header, metadata, content]. */
function split(frames: Buffer[]): { at: number; signature: string } {
  const at = frames.findIndex((f) => f.toString() === "<IDS|MSG>");
  return { at, signature: frames[at + 1]!.toString() };
}

function withSignature(frames: Buffer[], signature: string): Buffer[] {
  const copy = [...frames];
  copy[split(frames).at + 1] = Buffer.from(signature);
  return copy;
}

describe("parseMessage (kernel/wire.ts)", () => {
  it("accepts a message signed with the connection key and decodes it", () => {
    const msg = parseMessage(KEY, serializeMessage(KEY, request("1 + 1")));
    assert.equal(msg.header.msg_type, "execute_request");
    assert.deepEqual(msg.content, { code: "1 + 1" });
    assert.deepEqual(msg.identities, [Buffer.from("client")]);
  });

  it("signs with HMAC-SHA256 over header, parent header, metadata and content, as Jupyter does", () => {
    const frames = serializeMessage(KEY, request("x"));
    const { at, signature } = split(frames);
    const hmac = createHmac("sha256", KEY);
    for (const part of frames.slice(at + 2, at + 6)) hmac.update(part);
    assert.equal(signature, hmac.digest("hex"));
  });

  it("rejects a message signed with another key, naming the message type", () => {
    assert.throws(() => parseMessage(KEY, serializeMessage("wrong-key", request("1"))), (e: unknown) => {
      assert.ok(e instanceof InvalidSignatureError);
      assert.match((e as Error).message, /execute_request.*HMAC signature does not match/);
      return true;
    });
  });

  it("rejects a message with a missing signature", () => {
    assert.throws(() => parseMessage(KEY, withSignature(serializeMessage(KEY, request("1")), "")), InvalidSignatureError);
  });

  it("rejects a signature of the right length that differs in one digit", () => {
    const frames = serializeMessage(KEY, request("1"));
    const good = split(frames).signature;
    const bad = good.slice(0, -1) + (good.endsWith("0") ? "1" : "0");
    assert.throws(() => parseMessage(KEY, withSignature(frames, bad)), InvalidSignatureError);
  });

  it("rejects a message whose content was changed after it was signed", () => {
    const frames = serializeMessage(KEY, request("harmless()"));
    frames[split(frames).at + 5] = Buffer.from(JSON.stringify({ code: "evil()" }));
    assert.throws(() => parseMessage(KEY, frames), InvalidSignatureError);
  });

  it("checks the signature before decoding anything: a forged message with broken JSON is a signature error", () => {
    const frames = serializeMessage(KEY, request("1"));
    frames[split(frames).at + 5] = Buffer.from("{not json");
    assert.throws(() => parseMessage(KEY, withSignature(frames, "f".repeat(64))), InvalidSignatureError);
  });

  it("rejects a message without the <IDS|MSG> delimiter", () => {
    assert.throws(() => parseMessage(KEY, [Buffer.from("x"), Buffer.from("y")]), /malformed message/);
  });

  it("decides with crypto.timingSafeEqual, a constant-time compare, whatever the signature", () => {
    const original = crypto.timingSafeEqual;
    const calls: number[] = [];
    try {
      crypto.timingSafeEqual = ((a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
        calls.push(a.byteLength);
        return original(a, b);
      }) as typeof crypto.timingSafeEqual;
      const frames = serializeMessage(KEY, request("1"));
      parseMessage(KEY, frames);
      assert.throws(() => parseMessage(KEY, withSignature(frames, "0".repeat(64))), InvalidSignatureError);
      assert.deepEqual(calls, [64, 64], "both the good and the forged signature went through timingSafeEqual");
      // Its verdict is the decision: were it to say "equal", the forged signature would pass.
      crypto.timingSafeEqual = (() => true) as typeof crypto.timingSafeEqual;
      assert.doesNotThrow(() => parseMessage(KEY, withSignature(frames, "0".repeat(64))));
    } finally {
      crypto.timingSafeEqual = original;
    }
  });

  it("accepts unsigned messages only when the connection file has no key, as the Jupyter spec says", () => {
    const frames = serializeMessage("", request("1"));
    assert.equal(split(frames).signature, "");
    assert.equal(parseMessage("", frames).header.msg_type, "execute_request");
    assert.throws(() => parseMessage(KEY, frames), InvalidSignatureError);
  });

  it("signs replies with the key, so a client can verify them", () => {
    const reply = replyTo(request("1"), "execute_reply", { status: "ok" });
    assert.equal(parseMessage(KEY, serializeMessage(KEY, reply)).header.msg_type, "execute_reply");
  });
});

describe("KernelServer (kernel/server.ts)", () => {
  it("refuses a connection file with a signature scheme other than hmac-sha256", () => {
    const conn = { transport: "tcp", ip: "127.0.0.1", key: KEY, signature_scheme: "hmac-md5", shell_port: 1, iopub_port: 2, stdin_port: 3, control_port: 4, hb_port: 5 };
    assert.throws(() => new KernelServer(conn, () => {}, () => {}), /signature_scheme "hmac-md5" is not supported; expected "hmac-sha256"/);
  });
});

describe("a forged message sent over raw ZMQ to the running kernel", () => {
  let report: {
    forgedReplies: number[];
    forgedIopub: string[];
    signedReply: string | null;
    files: Record<"forged" | "unsigned" | "tampered" | "harmless" | "signed", boolean>;
    clientStillWorks: CellReport;
    alive: boolean;
    stderr: string;
    workdir: string;
  };
  before(() => {
    report = runScenario("forged");
    fs.rmSync(report.workdir, { recursive: true, force: true });
  });

  it("gets no reply and causes no output, whether signed with a wrong key, unsigned or tampered with", () => {
    assert.deepEqual(report.forgedReplies, []);
    assert.deepEqual(report.forgedIopub, []);
  });

  it("never runs its code: the file it would write does not exist", () => {
    assert.equal(report.files.forged, false, "wrong key");
    assert.equal(report.files.unsigned, false, "no signature");
    assert.equal(report.files.tampered, false, "content changed after signing");
    assert.equal(report.files.harmless, false, "the tampered message's original code");
  });

  it("is logged on the kernel's stderr, one line per dropped message and channel", () => {
    const drops = report.stderr.split("\n").filter((l) => /dropped a \w+ message whose HMAC signature does not match/.test(l));
    assert.equal(drops.filter((l) => l.startsWith("tsdl: shell: ") && l.includes("execute_request")).length, 3, report.stderr);
    assert.equal(drops.filter((l) => l.startsWith("tsdl: control: ") && l.includes("shutdown_request")).length, 1, report.stderr);
  });

  it("does not stop the kernel answering properly signed requests, which do run", () => {
    assert.equal(report.alive, true, "a forged shutdown_request on the control channel was obeyed");
    assert.equal(report.signedReply, "ok");
    assert.equal(report.files.signed, true, "the same code, properly signed, writes its file");
    assert.equal(report.clientStillWorks.result, "42");
  });
});

describe("the kernel's sockets", () => {
  let report: { kernels: { ip: string; ports: number[]; answer: string; listening: [string, number][] }[] };
  before(() => {
    report = runScenario("bind");
  });

  it("listen only on the connection file's address and its five ports (127.0.0.1 and 127.0.0.2)", () => {
    assert.deepEqual(
      report.kernels.map((k) => k.ip),
      ["127.0.0.1", "127.0.0.2"],
    );
    for (const k of report.kernels) {
      assert.equal(k.answer, "42");
      assert.deepEqual(
        k.listening,
        k.ports.map((p) => [k.ip, p]),
      );
    }
  });
});
