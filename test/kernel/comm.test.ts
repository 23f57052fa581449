// Comms between Jupyter's own client (jupyter_client) and the real kernel: both directions, comm_info,
// binary buffers, messages handled while a cell awaits, and bad messages that leave the kernel standing.
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { CellReport, resultJson, runScenario } from "../reliability/driver";
import { REPO_ROOT } from "../support/jupyter";

const SCRIPT = path.join(REPO_ROOT, "test", "kernel", "comm_scenarios.py");

interface IopubMessage {
  type: string;
  content: Record<string, unknown>;
  buffers: number[][];
}

describe("a comm between jupyter_client and a target a cell registered", () => {
  let r: {
    setup: CellReport;
    openOutputs: IopubMessage[];
    infoAll: { comms: Record<string, { target_name: string }> };
    infoEcho: { comms: Record<string, { target_name: string }> };
    infoOther: { comms: Record<string, unknown> };
    echo: IopubMessage[];
    sentBytes: number[][];
    fromKernel: { status: string; outputs: IopubMessage[] };
    afterClose: CellReport;
    infoAfterClose: { comms: Record<string, unknown> };
  };
  before(() => {
    r = runScenario("echo", [], 300, SCRIPT);
    assert.equal(r.setup.status, "ok", JSON.stringify(r.setup));
  });

  it("opens: the target's handler gets the opening data and can send at once", () => {
    assert.deepEqual(
      r.openOutputs.map((m) => [m.type, m.content.data]),
      [["comm_msg", { ready: true }]],
    );
  });

  it("answers comm_info with the open comm, filtered by target_name", () => {
    assert.deepEqual(Object.values(r.infoAll.comms), [{ target_name: "echo" }]);
    assert.deepEqual(r.infoEcho.comms, r.infoAll.comms);
    assert.deepEqual(r.infoOther.comms, {});
  });

  it("echoes a message with binary buffers: the same bytes come back as frames, not JSON", () => {
    assert.equal(r.echo.length, 1, JSON.stringify(r.echo));
    assert.deepEqual(r.echo[0]!.content.data, { echo: { n: 7 } });
    assert.deepEqual(r.echo[0]!.buffers, r.sentBytes);
  });

  it("opens a comm from the kernel with its target, data and buffers", () => {
    const open = r.fromKernel.outputs.find((m) => m.type === "comm_open");
    assert.ok(open, JSON.stringify(r.fromKernel));
    assert.equal(open.content.target_name, "client.target");
    assert.deepEqual(open.content.data, { x: 1 });
    assert.deepEqual(open.buffers, [[...new Uint8Array(new Float32Array([1.5, -2]).buffer)]]);
  });

  it("closes from the client: the cell's onClose ran with the closing data, and comm_info no longer lists it", () => {
    assert.deepEqual(resultJson(r.afterClose), { opened: ["kernel"], closed: ["now"] });
    assert.deepEqual(r.infoAfterClose.comms, {});
  });
});

describe("a comm message sent while a cell awaits", () => {
  it("is handled between the cell's awaits, and resolves what the cell waits for", () => {
    const r = runScenario<{ cell: CellReport; seconds: number }>("while_running", [], 300, SCRIPT);
    assert.equal(r.cell.status, "ok", JSON.stringify(r.cell));
    assert.equal(r.cell.result, "'released by: a button'");
    assert.ok(r.seconds < 10, `the cell ended ${r.seconds}s after the comm message`);
  });
});

describe("bad comm messages", () => {
  let r: {
    setup: CellReport;
    unknownTarget: IopubMessage[];
    unknownComm: IopubMessage[];
    malformed: IopubMessage[];
    numericId: IopubMessage[];
    openThrows: IopubMessage[];
    msgThrows: IopubMessage[];
    after: CellReport;
    alive: boolean;
    log: string;
  };
  before(() => {
    r = runScenario("faults", [], 300, SCRIPT);
    assert.equal(r.setup.status, "ok", JSON.stringify(r.setup));
  });

  it("closes a comm opened to an unknown target, as ipykernel does, and logs the target", () => {
    assert.deepEqual(
      r.unknownTarget.map((m) => [m.type, m.content.comm_id]),
      [["comm_close", "c-unknown-target"]],
    );
    assert.match(r.log, /tsdl: no such comm target registered: nobody/);
  });

  it("only logs a message to an unknown comm, or one without a comm_id", () => {
    assert.deepEqual([...r.unknownComm, ...r.malformed, ...r.numericId], []);
    assert.match(r.log, /tsdl: comm_msg for no such comm: no-such-comm/);
    assert.match(r.log, /tsdl: dropped a malformed comm_msg: expected content.comm_id to be a string/);
    assert.match(r.log, /tsdl: dropped a malformed comm_close: expected content.comm_id to be a string; got [^\n]*\b5\b/);
  });

  it("logs a handler that throws, closing the comm it could not open", () => {
    assert.deepEqual(
      r.openThrows.map((m) => [m.type, m.content.comm_id]),
      [["comm_close", "c-open-throws"]],
    );
    assert.deepEqual(r.msgThrows, []);
    assert.match(r.log, /opening a comm to target fails-to-open failed: Error: cannot open today/);
    assert.match(r.log, /the comm_msg handler of c-msg-throws \(fails-on-msg\) failed: Error: handler broke/);
  });

  it("leaves the kernel running with its variables", () => {
    assert.equal(r.alive, true);
    assert.equal(r.after.result, "'state 42'");
  });
});
