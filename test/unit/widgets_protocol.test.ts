// The widget message sequences against the Jupyter widgets protocol 2.1 (packages/schema/messages.md) and
// ipywidgets 8's model schema: creating, displaying, updating, echoing and closing a slider and a button.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { display } from "../../src/display/display";
import { formatValue } from "../../src/display/bundle";
import { button, imageWidget as image, slider } from "../../src/widgets";
import { managerState, putBuffers, removeBuffers, VIEW_MIME } from "../../src/widgets/protocol";
import { REPO_ROOT } from "../support/jupyter";
import { RecordingFrontend, SentComm } from "../support/recordingFrontend";

interface SchemaModel {
  model: { module: string; name: string; version: string };
  view: { module: string; name: string | null; version: string };
  attributes: Record<string, unknown>;
}
const SCHEMA = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test", "fixtures", "widgets", "models.json"), "utf8")) as { models: Record<string, SchemaModel> }).models;

let frontend: RecordingFrontend;
beforeEach(() => {
  frontend = new RecordingFrontend().install();
});
afterEach(() => frontend.uninstall());

function stateOf(open: SentComm): Record<string, unknown> {
  return (open.content.data as { state: Record<string, unknown> }).state;
}

/** The model's state has exactly the schema's attributes (plus ipywidgets' `_view_count`), with its identity. */
function assertMatchesSchema(state: Record<string, unknown>, modelName: string): void {
  const schema = SCHEMA[modelName];
  assert.ok(schema, `the fixture lists ${modelName}`);
  assert.deepEqual(Object.keys(state).sort(), [...Object.keys(schema.attributes), "_view_count"].sort(), `${modelName}'s state keys`);
  assert.equal(state._model_name, schema.model.name);
  assert.equal(state._model_module, schema.model.module);
  assert.equal(state._model_module_version, schema.model.version);
  assert.equal(state._view_name, schema.view.name);
  assert.equal(state._view_module, schema.view.module);
  assert.equal(state._view_module_version, schema.view.version);
  for (const [key, def] of Object.entries(schema.attributes)) {
    if (def === "reference") assert.match(String(state[key]), /^IPY_MODEL_[0-9a-f]{32}$/, `${modelName}.${key} refers to a model`);
  }
}

describe("creating a slider", () => {
  it("opens its Layout, its SliderStyle and then the FloatSlider on jupyter.widget, each with protocol version 2.1.0", () => {
    const s = slider({ min: 0, max: 1, step: 0.01, value: 0.25, description: "lr" });
    const opens = frontend.comms();
    assert.deepEqual(opens.map((o) => o.type), ["comm_open", "comm_open", "comm_open"]);
    for (const o of opens) {
      assert.equal(o.content.target_name, "jupyter.widget");
      assert.deepEqual(o.metadata, { version: "2.1.0" });
      assert.deepEqual((o.content.data as { buffer_paths: unknown }).buffer_paths, []);
      assert.deepEqual(o.buffers, []);
    }
    const [layout, style, model] = opens.map(stateOf) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    assertMatchesSchema(layout, "LayoutModel");
    assertMatchesSchema(style, "SliderStyleModel");
    assertMatchesSchema(model, "FloatSliderModel");
    assert.equal(opens[2]!.content.comm_id, s.modelId);
    assert.equal(model.layout, `IPY_MODEL_${opens[0]!.content.comm_id}`);
    assert.equal(model.style, `IPY_MODEL_${opens[1]!.content.comm_id}`);
    assert.deepEqual([model.value, model.min, model.max, model.step, model.description], [0.25, 0, 1, 0.01, "lr"]);
    assert.equal(model.readout_format, ".2f");
  });

  it("sends the schema's defaults for everything not chosen", () => {
    slider({ int: true });
    const model = stateOf(frontend.comms()[2]!);
    assertMatchesSchema(model, "IntSliderModel");
    for (const [key, def] of Object.entries(SCHEMA.IntSliderModel!.attributes)) {
      if (def !== "reference" && !key.startsWith("_")) assert.deepEqual(model[key], def, `IntSlider.${key}`);
    }
  });

  it("displays as application/vnd.jupyter.widget-view+json with the model id, version 2.0, and a text stand-in", async () => {
    const s = slider({ min: 0, max: 1, value: 0.5, description: "lr" });
    display(s);
    const shown = frontend.displays()[0]!;
    assert.deepEqual(shown.bundle[VIEW_MIME], { version_major: 2, version_minor: 0, model_id: s.modelId });
    assert.equal(shown.bundle["text/plain"], "FloatSlider(value=0.5, description='lr', max=1)");
    assert.deepEqual(await formatValue(s), { [VIEW_MIME]: { version_major: 2, version_minor: 0, model_id: s.modelId }, "text/plain": "FloatSlider(value=0.5, description='lr', max=1)" });
  });
});

describe("updating a slider", () => {
  it("sends the kernel's change as an update with only the changed key, then runs the observers", () => {
    const s = slider({ min: 0, max: 1, value: 0.5 });
    const seen: unknown[] = [];
    s.observe((c) => void seen.push([c.name, c.old, c.new, c.owner === s]));
    frontend.clear();
    s.value = 0.75;
    assert.deepEqual(frontend.comms().map((c) => [c.type, c.content]), [["comm_msg", { comm_id: s.modelId, data: { method: "update", state: { value: 0.75 }, buffer_paths: [] } }]]);
    assert.deepEqual(seen, [["value", 0.5, 0.75, true]]);
  });

  it("clamps a value outside [min, max], as ipywidgets does, and keeps the range ordered", () => {
    const s = slider({ min: 0, max: 1, value: 0.5 });
    s.value = 7;
    assert.equal(s.value, 1);
    s.max = 0.5;
    assert.equal(s.value, 0.5, "a new max pulls the value in");
    assert.throws(() => (s.min = 3), /^TypeError: slider: min: expected min ≤ max \(0\.5\); got 3$/);
  });

  it("takes a frontend's update: echoes it to every frontend, changes .value and fires observe once", async () => {
    const s = slider({ min: 0, max: 1, value: 0.5 });
    const seen: number[] = [];
    s.observe<number>(({ new: v }) => void seen.push(v));
    frontend.clear();
    await frontend.deliver(s.modelId, { method: "update", state: { value: 0.25 }, buffer_paths: [] });
    assert.deepEqual(frontend.comms().map((c) => c.content.data), [{ method: "echo_update", state: { value: 0.25 }, buffer_paths: [] }]);
    assert.equal(s.value, 0.25);
    assert.deepEqual(seen, [0.25]);
  });

  it("answers request_state with an update holding the whole state", async () => {
    const s = slider({ min: 0, max: 1, value: 0.5 });
    const opened = stateOf(frontend.comms()[2]!);
    frontend.clear();
    await frontend.deliver(s.modelId, { method: "request_state" });
    const [reply] = frontend.comms();
    assert.deepEqual(reply!.content.data, { method: "update", state: opened, buffer_paths: [] });
  });

  it("refuses a frontend value of the wrong type: logs why, sends the kept value back, and leaves observers silent", async (t) => {
    const errors = t.mock.method(console, "error", () => {});
    const s = slider({ min: 0, max: 1, value: 0.5, description: "lr" });
    let fired = 0;
    s.observe(() => void fired++);
    frontend.clear();
    await frontend.deliver(s.modelId, { method: "update", state: { value: "fast", min: 0 }, buffer_paths: [] });
    assert.equal(s.value, 0.5);
    assert.equal(fired, 0);
    const datas = frontend.comms().map((c) => c.content.data);
    assert.deepEqual(datas, [
      { method: "echo_update", state: { value: "fast", min: 0 }, buffer_paths: [] },
      { method: "update", state: { value: 0.5 }, buffer_paths: [] },
    ]);
    assert.equal(errors.mock.callCount(), 1);
    assert.match(String(errors.mock.calls[0]!.arguments[0]), /^slider: FloatSlider\(value=0\.5, description='lr', max=1\): ignored part of an update from the frontend \(value: expected a finite number; got "fast"\); kept value=0\.5$/);
  });

  it("never lets a frontend change a model's identity or a reference", async (t) => {
    t.mock.method(console, "error", () => {});
    const s = slider();
    await frontend.deliver(s.modelId, { method: "update", state: { _model_name: "ButtonModel", layout: "IPY_MODEL_x" }, buffer_paths: [] });
    assert.equal(s.modelName, "FloatSliderModel");
    assert.match(String(s.get("layout")), /^IPY_MODEL_[0-9a-f]{32}$/);
  });
});

describe("closing", () => {
  it("closes the slider's comm, then its layout's and style's, and forgets them", async () => {
    const s = slider();
    const [layoutId, styleId] = frontend.comms().map((c) => c.content.comm_id);
    frontend.clear();
    s.close();
    s.close();
    assert.deepEqual(frontend.comms().map((c) => [c.type, c.content.comm_id, c.content.data]), [
      ["comm_close", s.modelId, {}],
      ["comm_close", layoutId, {}],
      ["comm_close", styleId, {}],
    ]);
    assert.equal(s.closed, true);
    assert.deepEqual(await formatValue(s), { "text/plain": "FloatSlider() (closed)" });
  });

  it("is closed by the frontend's comm_close, and stops syncing", async () => {
    const s = slider();
    const { commManager } = await import("../../src/comm");
    await commManager().receive("comm_close", { comm_id: s.modelId, data: {} });
    frontend.clear();
    s.value = 3;
    assert.equal(s.closed, true);
    assert.deepEqual(frontend.comms(), []);
  });
});

describe("a button", () => {
  it("opens a ButtonModel with a ButtonStyle, per the schema", () => {
    button({ description: "Stop", buttonStyle: "danger" });
    const [layout, style, model] = frontend.comms().map(stateOf) as Record<string, unknown>[];
    assertMatchesSchema(layout!, "LayoutModel");
    assertMatchesSchema(style!, "ButtonStyleModel");
    assertMatchesSchema(model!, "ButtonModel");
    assert.deepEqual([model!.description, model!.button_style], ["Stop", "danger"]);
  });

  it("hears a click as the custom message {event: 'click'}: onClick runs, .value counts, nothing is echoed", async () => {
    const b = button({ description: "go" });
    let clicked = 0;
    b.onClick((who) => void (clicked += who === b ? 1 : 100));
    frontend.clear();
    await frontend.deliver(b.modelId, { method: "custom", content: { event: "click" } });
    await frontend.deliver(b.modelId, { method: "custom", content: { event: "click" } });
    assert.equal(clicked, 2);
    assert.equal(b.value, 2);
    assert.deepEqual(frontend.comms(), []);
  });

  it("sends custom messages as {method: 'custom', content}", () => {
    const b = button();
    frontend.clear();
    b.send({ hello: 1 }, [new Uint8Array([1, 2])]);
    const [msg] = frontend.comms();
    assert.deepEqual(msg!.content.data, { method: "custom", content: { hello: 1 } });
    assert.deepEqual([...msg!.buffers[0]!], [1, 2]);
  });
});

describe("binary state", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

  it("sends an image's bytes as a buffer at buffer_paths [['value']], absent from the JSON state", () => {
    image(png);
    const open = frontend.comms()[1]!;
    const data = open.content.data as { state: Record<string, unknown>; buffer_paths: unknown };
    assert.equal(data.state._model_name, "ImageModel");
    assert.equal("value" in data.state, false);
    assert.deepEqual(data.buffer_paths, [["value"]]);
    assert.deepEqual([...open.buffers[0]!], [...png]);
  });

  it("takes bytes from the frontend through buffer_paths, and echoes them as a buffer", async () => {
    const w = image(png);
    frontend.clear();
    await frontend.deliver(w.modelId, { method: "update", state: {}, buffer_paths: [["value"]] }, [new Uint8Array([9, 8, 7])]);
    assert.deepEqual([...w.value], [9, 8, 7]);
    const [echo] = frontend.comms();
    assert.deepEqual(echo!.content.data, { method: "echo_update", state: {}, buffer_paths: [["value"]] });
    assert.deepEqual([...echo!.buffers[0]!], [9, 8, 7]);
  });

  it("splits nested buffers as ipywidgets' _remove_buffers does, and puts them back", () => {
    const a = new Uint8Array([1]);
    const b = new Float32Array([2]);
    const split = removeBuffers({ plain: [0, "text"], x: { ar: a }, y: [b, 3] });
    assert.deepEqual(split.state, { plain: [0, "text"], x: {}, y: [null, 3] });
    assert.deepEqual(split.bufferPaths, [["x", "ar"], ["y", 0]]);
    const back = JSON.parse(JSON.stringify(split.state));
    putBuffers(back, split.bufferPaths, split.buffers);
    assert.deepEqual(back.x.ar, a);
    assert.deepEqual([...new Float32Array((back.y[0] as Uint8Array).slice().buffer)], [2]);
  });

  it("saves buffers base64-encoded in the notebook's widget state", () => {
    const state = managerState([{ modelId: "m1", state: { _model_name: "ImageModel", _model_module: "@jupyter-widgets/controls", _model_module_version: "2.0.0", value: png } }]);
    assert.deepEqual(state, {
      version_major: 2,
      version_minor: 0,
      state: {
        m1: {
          model_name: "ImageModel",
          model_module: "@jupyter-widgets/controls",
          model_module_version: "2.0.0",
          state: { _model_name: "ImageModel", _model_module: "@jupyter-widgets/controls", _model_module_version: "2.0.0" },
          buffers: [{ encoding: "base64", path: ["value"], data: Buffer.from(png).toString("base64") }],
        },
      },
    });
  });
});

describe("bad input", () => {
  it("refuses a slider whose min is greater than its max, naming both", () => {
    assert.throws(() => slider({ min: 5, max: 1 }), /^TypeError: slider: expected min ≤ max; got min 5 and max 1$/);
    assert.throws(() => slider({ min: 0, max: 1, value: 2 }), /^TypeError: slider: expected value within \[min, max\] = \[0, 1\]; got 2$/);
    assert.throws(() => slider({ step: 0 }), /^TypeError: slider: options\.step: expected a number > 0; got 0$/);
    assert.deepEqual(frontend.comms(), [], "nothing was opened for a refused slider");
  });

  it("logs a comm message for an unknown widget and changes nothing", async () => {
    await frontend.deliver("0123456789abcdef0123456789abcdef", { method: "update", state: { value: 1 } });
    assert.deepEqual(frontend.logged, ["tsdl: comm_msg for no such comm: 0123456789abcdef0123456789abcdef"]);
  });

  it("logs an unknown method and keeps working", async (t) => {
    const errors = t.mock.method(console, "error", () => {});
    const s = slider();
    await frontend.deliver(s.modelId, { method: "backbone", sync_data: { value: 3 } });
    assert.match(String(errors.mock.calls[0]!.arguments[0]), /ignored a message from the frontend: method "backbone"; expected "update", "request_state" or "custom"/);
    await frontend.deliver(s.modelId, { method: "update", state: { value: 3 } });
    assert.equal(s.value, 3);
  });
});

mock.reset();
