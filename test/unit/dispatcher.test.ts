// The kernel's pipeline in process, against a fake server: a message in, and the messages out, in order,
// on their channels. The prelude is a small fake library, so no TensorFlow.js is loaded.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { installFrontend } from "../../src/frontend";
import { createKernel, Kernel } from "../../kernel/kernel";
import { Channel, publishingFrontend } from "../../kernel/publisher";
import { Message } from "../../kernel/wire";

interface Out {
  channel: Channel;
  type: string;
  content: Record<string, unknown>;
  parent: string | undefined;
  buffers: Buffer[];
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-dispatcher-"));
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
};
write("fakeTf/index.js", "exports.tensor = (v) => ({ values: v });\n");
write("fakeTf/index.d.ts", "export declare function tensor(v: number[]): { values: number[] };\n");
// The library: an answer, and the real display() and comms.
const src = path.resolve(__dirname, "..", "..", "src");
write("lib/index.js", `exports.answer = 42;\nexports.display = require(${JSON.stringify(src + "/display")}).display;\nexports.registerCommTarget = require(${JSON.stringify(src + "/comm")}).registerCommTarget;\n`);
write("lib/index.d.ts", `export declare const answer: number;\nexport { display } from ${JSON.stringify(src + "/display")};\nexport { registerCommTarget } from ${JSON.stringify(src + "/comm")};\n`);

let sent: Out[] = [];
const logged: string[] = [];
let runtimeLoads = 0;
let kernel: Kernel;
let serial = 0;

function request(msgType: string, content: Record<string, unknown>, buffers: Buffer[] = []): Message {
  const header = { msg_id: `m${++serial}`, session: "s", username: "u", date: new Date(0).toISOString(), msg_type: msgType, version: "5.3" };
  return { identities: [Buffer.from("client")], header, parent_header: {}, metadata: {}, content, buffers };
}

/** Dispatches one request and returns every message sent until its idle status. */
async function exchange(msg: Message): Promise<Out[]> {
  sent = [];
  const done = kernel.dispatcher.dispatch("shell", msg);
  await done;
  await kernel.publisher.drained();
  return sent;
}

const summary = (outs: Out[]) => outs.map((o) => (o.type === "status" ? `${o.channel}:status:${o.content.execution_state}` : `${o.channel}:${o.type}`));

before(() => {
  kernel = createKernel({
    send: (channel, msg) =>
      void sent.push({ channel, type: msg.header.msg_type, content: msg.content as Record<string, unknown>, parent: msg.parent_header.msg_id, buffers: msg.buffers }),
    log: (line) => void logged.push(line),
    rootDir: root,
    info: { implementationVersion: "0", typescriptVersion: "5", banner: () => "test kernel" },
    prelude: { paths: { tfjs: path.join(root, "fakeTf"), library: path.join(root, "lib") }, exportNames: ["answer", "display", "registerCommTarget"], loadRuntime: async () => void runtimeLoads++ },
    shutdown: () => {},
  });
  installFrontend(publishingFrontend(kernel.publisher, (line) => void logged.push(line)));
});
after(() => installFrontend(undefined));

describe("the dispatcher, with a fake server", () => {
  it("answers kernel_info between busy and idle: status on iopub, the reply on shell", async () => {
    const outs = await exchange(request("kernel_info_request", {}));
    assert.deepEqual(summary(outs), ["iopub:status:busy", "shell:kernel_info_reply", "iopub:status:idle"]);
    assert.equal(outs[1]!.content.implementation, "tsdl");
    assert.ok(outs.every((o) => o.parent === `m${serial}`), "every message has the request as parent");
  });

  it("runs a cell: execute_input, its result, then the reply, then idle; without loading the prelude it does not name", async () => {
    const outs = await exchange(request("execute_request", { code: "const x = 2;\nx + 1" }));
    assert.deepEqual(summary(outs), ["iopub:status:busy", "iopub:execute_input", "iopub:execute_result", "shell:execute_reply", "iopub:status:idle"]);
    assert.equal((outs[2]!.content.data as Record<string, string>)["text/plain"], "3");
    assert.deepEqual({ status: outs[3]!.content.status, count: outs[3]!.content.execution_count }, { status: "ok", count: 1 });
    assert.equal(runtimeLoads, 0);
  });

  it("loads the prelude's runtime for a cell that names it, once, and puts its names in scope", async () => {
    const outs = await exchange(request("execute_request", { code: "tf.tensor([answer]).values" }));
    await exchange(request("execute_request", { code: "answer" }));
    assert.equal(runtimeLoads, 1);
    assert.equal((outs.find((o) => o.type === "execute_result")!.content.data as Record<string, string>)["text/plain"], "[ 42 ]");
  });

  it("keeps an async display's place: what the cell shows after it, and its reply, wait for it", async () => {
    const code = [
      "class Later { constructor(readonly text: string, readonly ms: number) {}",
      "  async [Symbol.for('Jupyter.display')]() { await new Promise((r) => setTimeout(r, this.ms)); return { 'text/markdown': this.text }; } }",
      "display(new Later('slow', 40)); display('quick');",
      "new Later('value', 10)",
    ].join("\n");
    const outs = await exchange(request("execute_request", { code }));
    assert.deepEqual(summary(outs), ["iopub:status:busy", "iopub:execute_input", "iopub:display_data", "iopub:display_data", "iopub:execute_result", "shell:execute_reply", "iopub:status:idle"]);
    assert.deepEqual(
      outs.filter((o) => o.content.data).map((o) => (o.content.data as Record<string, string>)["text/markdown"] ?? (o.content.data as Record<string, string>)["text/plain"]),
      ["slow", "'quick'", "value"],
    );
  });

  it("reports an error, and aborts the requests queued behind it, as ipykernel", async () => {
    sent = [];
    const failing = kernel.dispatcher.dispatch("shell", request("execute_request", { code: 'throw new RangeError("no")' }));
    const queued = kernel.dispatcher.dispatch("shell", request("execute_request", { code: "1" }));
    await Promise.all([failing, queued]);
    const replies = sent.filter((o) => o.type === "execute_reply").map((o) => o.content.status);
    assert.deepEqual(replies, ["error", "aborted"]);
    assert.equal(sent.find((o) => o.type === "error")!.content.ename, "RangeError");
  });

  it("logs a request of unknown type and answers nothing but busy and idle", async () => {
    const outs = await exchange(request("no_such_request", {}));
    assert.deepEqual(summary(outs), ["iopub:status:busy", "iopub:status:idle"]);
    assert.match(logged.at(-1)!, /ignored a request of unknown type no_such_request/);
  });

  it("closes a comm opened to a target nobody registered, and logs it", async () => {
    const outs = await exchange(request("comm_open", { comm_id: "c0", target_name: "nobody", data: {} }));
    assert.deepEqual(summary(outs), ["iopub:status:busy", "iopub:comm_close", "iopub:status:idle"]);
    assert.equal(outs[1]!.content.comm_id, "c0");
    assert.match(logged.at(-1)!, /no such comm target registered: nobody/);
  });

  it("handles comm messages while a cell awaits, between its awaits, and echoes binary buffers", async () => {
    sent = [];
    const cell = [
      "let release!: (v: string) => void;",
      "const released = new Promise<string>((r) => (release = r));",
      "registerCommTarget('echo', (comm) => {",
      "  comm.onMsg((m) => { comm.send({ got: m.data }, { buffers: m.buffers }); release(String(m.data.text)); });",
      "});",
      "await released",
    ].join("\n");
    const running = kernel.dispatcher.dispatch("shell", request("execute_request", { code: cell }));
    await new Promise((r) => setTimeout(r, 300));
    await kernel.dispatcher.dispatch("shell", request("comm_open", { comm_id: "c1", target_name: "echo", data: {} }));
    await kernel.dispatcher.dispatch("shell", request("comm_msg", { comm_id: "c1", data: { text: "go" } }, [Buffer.from([1, 2, 255])]));
    await running;
    await kernel.publisher.drained();
    const types = sent.map((o) => o.type);
    assert.ok(types.includes("comm_msg") && types.indexOf("comm_msg") < types.indexOf("execute_reply"), types.join(", "));
    const echo = sent.find((o) => o.type === "comm_msg")!;
    assert.deepEqual(echo.content, { comm_id: "c1", data: { got: { text: "go" } } });
    assert.deepEqual([...echo.buffers[0]!], [1, 2, 255]);
    assert.equal((sent.find((o) => o.type === "execute_result")!.content.data as Record<string, string>)["text/plain"], "'go'");
  });

  it("answers is_complete from the cell compiler, with the indent of the next line", async () => {
    const incomplete = await exchange(request("is_complete_request", { code: "function f() {" }));
    assert.deepEqual(incomplete[1]!.content, { status: "incomplete", indent: "  " });
    const complete = await exchange(request("is_complete_request", { code: "const a = 1;" }));
    assert.deepEqual(complete[1]!.content, { status: "complete" });
  });

  it("completes and inspects the notebook's names, the prelude's included", async () => {
    const completed = await exchange(request("complete_request", { code: "answ", cursor_pos: 4 }));
    assert.deepEqual((completed[1]!.content.matches as string[]).slice(0, 1), ["answer"]);
    const inspected = await exchange(request("inspect_request", { code: "tf.tensor(", cursor_pos: 10, detail_level: 0 }));
    assert.match((inspected[1]!.content.data as Record<string, string>)["text/plain"], /function tensor\(v: number\[\]\)/);
  });
});
