// The comm manager as a pure state machine against a recording frontend: what it sends, and what it logs.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { CommManager } from "../../src/comm";
import { CommMessageType, Frontend, JsonObject } from "../../src/frontend";

interface Sent {
  type: CommMessageType;
  content: JsonObject;
  metadata: JsonObject;
  buffers: Uint8Array[];
}

let sent: Sent[];
let logged: string[];
let manager: CommManager;
const frontend: Frontend = {
  display: () => {},
  clearOutput: () => {},
  sendComm: (type, content, metadata, buffers) => void sent.push({ type, content, metadata, buffers }),
  log: (line) => void logged.push(line),
};

beforeEach(() => {
  sent = [];
  logged = [];
  manager = new CommManager(() => frontend);
});

describe("comms opened by the kernel", () => {
  it("sends comm_open with the target, data, metadata and binary buffers", () => {
    const comm = manager.open("jupyter.widget", { state: { value: 1 } }, { metadata: { version: "2.1.0" }, buffers: [new Float32Array([1, 2])] });
    assert.equal(sent.length, 1);
    assert.deepEqual(sent[0]!.content, { comm_id: comm.commId, target_name: "jupyter.widget", data: { state: { value: 1 } } });
    assert.deepEqual(sent[0]!.metadata, { version: "2.1.0" });
    assert.deepEqual([...sent[0]!.buffers[0]!], [...new Uint8Array(new Float32Array([1, 2]).buffer)]);
    assert.deepEqual(manager.info(), { [comm.commId]: { target_name: "jupyter.widget" } });
  });

  it("sends, closes once, and is forgotten after closing", () => {
    const comm = manager.open("t");
    comm.send({ a: 1 });
    comm.close({ bye: true });
    comm.close();
    assert.deepEqual(sent.map((s) => s.type), ["comm_open", "comm_msg", "comm_close"]);
    assert.deepEqual(sent[2]!.content, { comm_id: comm.commId, data: { bye: true } });
    assert.equal(comm.closed, true);
    assert.deepEqual(manager.info(), {});
    assert.throws(() => comm.send({}), /cannot send, it is closed/);
  });

  it("refuses to open without a frontend, saying where comms work", () => {
    assert.throws(() => new CommManager(() => undefined).open("t"), /openComm: no notebook frontend is connected/);
  });
});

describe("comms opened by the frontend", () => {
  it("calls the target's handler, then delivers messages with their buffers, then the close", async () => {
    const seen: string[] = [];
    manager.registerTarget("echo", (comm, open) => {
      seen.push(`open ${JSON.stringify(open.data)}`);
      comm.onMsg((m) => {
        seen.push(`msg ${JSON.stringify(m.data)} ${m.buffers.length}`);
        comm.send(m.data, { buffers: m.buffers });
      });
      comm.onClose(() => void seen.push("close"));
    });
    await manager.receive("comm_open", { comm_id: "c1", target_name: "echo", data: { hi: 1 } });
    await manager.receive("comm_msg", { comm_id: "c1", data: { x: 2 } }, {}, [new Uint8Array([7, 8, 9])]);
    await manager.receive("comm_close", { comm_id: "c1", data: {} });
    assert.deepEqual(seen, ['open {"hi":1}', 'msg {"x":2} 1', "close"]);
    assert.deepEqual([...sent[0]!.buffers[0]!], [7, 8, 9]);
    assert.deepEqual(manager.info("echo"), {});
    assert.deepEqual(logged, []);
  });

  it("closes a comm to an unknown target and logs it, as ipykernel does", async () => {
    await manager.receive("comm_open", { comm_id: "c2", target_name: "nope", data: {} });
    assert.deepEqual(sent.map((s) => [s.type, s.content.comm_id]), [["comm_close", "c2"]]);
    assert.match(logged[0]!, /no such comm target registered: nope/);
  });

  it("logs messages for unknown comms, malformed messages and throwing handlers, and keeps going", async () => {
    manager.registerTarget("bad", (comm) => {
      comm.onMsg(() => {
        throw new Error("boom");
      });
    });
    await manager.receive("comm_msg", { comm_id: "ghost", data: {} });
    await manager.receive("comm_msg", { data: {} });
    await manager.receive("comm_msg", "not an object");
    await manager.receive("comm_open", { comm_id: "c3", target_name: "bad" });
    await manager.receive("comm_msg", { comm_id: "c3", data: {} });
    assert.match(logged[0]!, /comm_msg for no such comm: ghost/);
    assert.match(logged[1]!, /malformed comm_msg: expected content.comm_id to be a string; got undefined/);
    assert.match(logged[2]!, /malformed comm_msg: .*got "not an object"/);
    assert.match(logged[3]!, /comm_msg handler of c3 \(bad\) failed: Error: boom/);
    assert.equal(manager.get("c3")?.closed, false);
  });

  it("closes a comm whose open handler throws", async () => {
    manager.registerTarget("fails", async () => {
      throw new Error("cannot");
    });
    await manager.receive("comm_open", { comm_id: "c4", target_name: "fails" });
    assert.match(logged[0]!, /opening a comm to target fails failed: Error: cannot/);
    assert.deepEqual(sent.map((s) => s.type), ["comm_close"]);
    assert.equal(manager.get("c4"), undefined);
  });

  it("rejects a target that is not a non-empty string or a handler that is not a function", () => {
    assert.throws(() => manager.registerTarget("", () => {}), /registerCommTarget: expected targetName to be a non-empty string; got ""/);
    assert.throws(() => manager.registerTarget("t", 3 as never), /expected handler to be a function/);
  });
});
