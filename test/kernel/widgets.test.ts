// Widgets through the real kernel with Jupyter's own clients: jupyter_client playing a widget manager
// (widgets_driver.py), and nbclient saving the widget state into an executed notebook.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { before, describe, it } from "node:test";
import { PYTHON, REPO_ROOT, runCells, testKernelEnv } from "../support/jupyter";

interface Msg {
  type: string;
  parent: string;
  parentType: string;
  comm_id?: string;
  target?: string;
  data?: Record<string, unknown> & { method?: string; state?: Record<string, unknown>; buffer_paths?: unknown };
  metadata?: Record<string, unknown>;
  buffers?: string[];
  display_id?: string;
  name?: string;
  text?: string;
}

interface Report {
  slider_cell: { id: string; messages: Msg[] };
  slider_update: { id: string; messages: Msg[] };
  slider_value: string;
  request_state: Msg[];
  interact_cell: { id: string; messages: Msg[] };
  interact_update: { id: string; messages: Msg[] };
  throwing_cell: { id: string; messages: Msg[] };
  throwing_bad: Msg[];
  throwing_good: Msg[];
  image_cell: { messages: Msg[] };
  image_back: { sent: string; messages: Msg[] };
  image_back_seen: string;
  unknown_comm: Msg[];
  wrong_types: Msg[];
  after_bad_input: string;
  control: { method: string; models: string[]; lr: number };
  comm_info_count: number;
}

describe("widgets in the kernel, driven by jupyter_client as a widget manager", () => {
  let report: Report;
  before(() => {
    const r = spawnSync(PYTHON, [path.join(REPO_ROOT, "test", "kernel", "widgets_driver.py")], { env: testKernelEnv(), encoding: "utf8", timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
    assert.ok(line, `widgets_driver.py reported nothing (exit ${r.status}):\n${r.stderr.slice(-3000)}`);
    report = JSON.parse(line.slice("RESULT ".length)) as Report;
  });

  it("opens a slider's models under its cell, on jupyter.widget with protocol 2.1.0, and shows its view", () => {
    const { id, messages } = report.slider_cell;
    const opens = messages.filter((m) => m.type === "comm_open");
    assert.deepEqual(opens.map((o) => o.data!.state!._model_name), ["LayoutModel", "SliderStyleModel", "FloatSliderModel"]);
    for (const o of opens) {
      assert.equal(o.parent, id);
      assert.equal(o.target, "jupyter.widget");
      assert.deepEqual(o.metadata, { version: "2.1.0" });
    }
    const result = messages.find((m) => m.type === "execute_result")!;
    assert.deepEqual(result.data!["application/vnd.jupyter.widget-view+json"], { version_major: 2, version_minor: 0, model_id: opens[2]!.comm_id });
  });

  it("takes a frontend's update: echo_update under the update's message, .value changed, observe fired under the cell", () => {
    const { id, messages } = report.slider_update;
    const echo = messages.find((m) => m.type === "comm_msg")!;
    assert.deepEqual(echo.data, { method: "echo_update", state: { value: 0.25 }, buffer_paths: [] });
    assert.equal(echo.parent, id, "an echo's parent is the frontend's update, which is how JupyterLab recognises its own echo");
    const printed = messages.find((m) => m.type === "stream")!;
    assert.equal(printed.text, "lr 0.5 -> 0.25\n");
    assert.equal(printed.parent, report.slider_cell.id, "the observer prints under the cell that registered it");
    assert.equal(report.slider_value, "0.25");
    assert.equal(report.request_state[0]!.data!.method, "update");
    assert.equal(report.request_state[0]!.data!.state!.value, 0.25);
  });

  it("re-runs interact on a change and updates its output in place, under the cell that made it", () => {
    const cell = report.interact_cell;
    const displays = cell.messages.filter((m) => m.type === "display_data");
    assert.equal(displays.length, 2, "the controls, then the value");
    assert.ok(displays[0]!.data!["application/vnd.jupyter.widget-view+json"]);
    assert.equal(displays[1]!.data!["text/plain"], "'n=3 result=6'");
    assert.equal(cell.messages.filter((m) => m.type === "execute_result").length, 0, "the cell shows nothing more");
    const update = report.interact_update.messages.find((m) => m.type === "update_display_data")!;
    assert.equal(update.data!["text/plain"], "'n=7 result=14'");
    assert.equal(update.display_id, displays[1]!.display_id);
    assert.equal(update.parent, cell.id, "display updates go under the cell, where JupyterLab keeps the output to update");
  });

  it("shows an interact function's error in its output, and the controls keep working", () => {
    const bad = report.throwing_bad.find((m) => m.type === "update_display_data")!;
    assert.match(String(bad.data!["text/plain"]), /^interact: fn\(\{ risky: 9 \}\) threw RangeError: risky = 9 is too large/);
    const good = report.throwing_good.find((m) => m.type === "update_display_data")!;
    assert.equal(good.data!["text/plain"], "2");
    assert.equal(good.display_id, bad.display_id);
  });

  it("round-trips binary state: a PNG drawn in the kernel arrives as the same bytes, and bytes sent back arrive whole", () => {
    const messages = report.image_cell.messages;
    const open = messages.find((m) => m.type === "comm_open" && m.data!.state!._model_name === "ImageModel")!;
    assert.deepEqual(open.data!.buffer_paths, [["value"]]);
    const printed = messages.find((m) => m.type === "stream")!.text!.trim();
    assert.deepEqual(open.buffers, [printed], "the buffer's SHA-256 is the PNG's");
    const echo = report.image_back.messages.find((m) => m.type === "comm_msg")!;
    assert.deepEqual(echo.buffers, [report.image_back.sent]);
    assert.equal(report.image_back_seen, `'${report.image_back.sent}'`);
  });

  it("survives bad input from a frontend with clear errors and its variables intact", () => {
    assert.deepEqual(report.unknown_comm, [], "a message for an unknown widget is only logged");
    const complaint = report.wrong_types.find((m) => m.type === "stream")!;
    assert.equal(complaint.name, "stderr");
    assert.match(complaint.text!, /^slider: FloatSlider\(value=0\.25, description='lr', max=1, step=0\.01\): ignored part of an update from the frontend \(value: expected a finite number; got "fast"; step: expected a finite number; got null\); kept value=0\.25, step=0\.01\n$/);
    const resync = report.wrong_types.filter((m) => m.type === "comm_msg").at(-1)!;
    assert.deepEqual(resync.data, { method: "update", state: { value: 0.25, step: 0.01 }, buffer_paths: [] });
    assert.equal(report.after_bad_input, "[ 0.25, 0.01, 7 ]");
  });

  it("answers the control comm's request_states and comm_info with every live widget", () => {
    assert.equal(report.control.method, "update_states");
    assert.equal(report.control.lr, 0.25);
    assert.ok(report.control.models.includes("VBoxModel") && report.control.models.includes("ImageModel"));
    assert.ok(report.comm_info_count >= 15);
  });
});

describe("an executed notebook keeps its widgets' state", () => {
  it("has the state of every widget in metadata.widgets (application/vnd.jupyter.widget-state+json), as nbclient saves it", () => {
    const nb = runCells([
      'const s = slider({ min: 0, max: 1, value: 0.3, description: "lr" });\ns.value = 0.6;\ns',
      'const png = scatterPlot([[0, 0], [1, 2]]).png();\nconsole.log(require("crypto").createHash("sha256").update(png).digest("hex"));\nimageWidget(png)',
    ]);
    assert.equal(nb.status, 0, nb.stderr);
    const saved = (nb.metadata.widgets as Record<string, { version_major: number; state: Record<string, { model_name: string; state: Record<string, unknown>; buffers?: { path: string[]; data: string; encoding: string }[] }> }>)["application/vnd.jupyter.widget-state+json"]!;
    assert.equal(saved.version_major, 2);
    const models = Object.values(saved.state);
    const slider = models.find((m) => m.model_name === "FloatSliderModel")!;
    assert.equal(slider.state.value, 0.6, "the last value the kernel sent");
    const view = nb.cells[0]!.outputs.find((o) => o.output_type === "execute_result")!.data!["application/vnd.jupyter.widget-view+json"] as { model_id: string };
    assert.ok(saved.state[view.model_id], "the cell's view refers to a saved model");
    const image = models.find((m) => m.model_name === "ImageModel")!;
    const digest = crypto.createHash("sha256").update(Buffer.from(image.buffers![0]!.data, "base64")).digest("hex");
    assert.equal(`${digest}\n`, nb.cells[1]!.outputs.find((o) => o.output_type === "stream")!.text);
    assert.deepEqual(image.buffers![0]!.path, ["value"]);
  });
});
