// interact and the other controls, as message sequences against a recording frontend.
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { displaySymbol } from "../../src/display/bundle";
import { display } from "../../src/display/display";
import { checkbox, dropdown, hbox, interact, intSlider, progress, slider, text, toggleButtons, widgetState } from "../../src/widgets";
import { scatterPlot } from "../../src/charts/scatter";
import { SETTLE_MS } from "../../src/widgets/interact";
import { LatestOnly } from "../../src/widgets/latestOnly";
import { CONTROL_TARGET, VIEW_MIME } from "../../src/widgets/protocol";
import { RecordingFrontend } from "../support/recordingFrontend";

let frontend: RecordingFrontend;
beforeEach(() => {
  frontend = new RecordingFrontend().install();
});
afterEach(() => frontend.uninstall());

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("interact", () => {
  it("shows the controls, then fn's value under them, then replaces that value in place when a control changes", async () => {
    const lr = slider({ min: 0, max: 1, step: 0.1, value: 0.5 });
    const ex = interact(({ lr, relu }) => `lr=${lr} relu=${relu}`, { lr, relu: true });
    const shown = frontend.displays();
    assert.equal(shown.length, 2);
    assert.ok(shown[0]!.bundle[VIEW_MIME], "the controls come first, as a VBox view");
    assert.equal(shown[1]!.bundle["text/plain"], "'lr=0.5 relu=true'");
    assert.equal(shown[1]!.update, false);
    assert.equal(lr.description, "lr", "a control without a description is named after its argument");
    frontend.clear();
    await frontend.deliver(lr.modelId, { method: "update", state: { value: 0.2 }, buffer_paths: [] });
    const updates = frontend.displays();
    assert.deepEqual(updates.map((d) => [d.bundle["text/plain"], d.update, d.displayId]), [["'lr=0.2 relu=true'", true, shown[1]!.displayId]]);
    await frontend.deliver((ex.controls.relu as { modelId: string }).modelId, { method: "update", state: { value: false }, buffer_paths: [] });
    assert.equal(frontend.displays().at(-1)!.bundle["text/plain"], "'lr=0.2 relu=false'");
    assert.equal(ex.runs, 3);
    assert.deepEqual(ex.values, { lr: 0.2, relu: false });
    assert.deepEqual(ex[displaySymbol](), {}, "a cell ending in interact(...) shows nothing more");
    const before = frontend.displays().length;
    display(ex);
    assert.equal(frontend.displays().length, before, "display(interactive) shows nothing more either");
  });

  it("redraws a chart without its PNG while a control moves, and with it once the controls rest", async () => {
    const k = slider({ min: 0, max: 2, value: 1 });
    interact(({ k }) => scatterPlot([[0, 0], [1, k]]), { k });
    const first = frontend.displays().at(-1)!;
    assert.deepEqual(Object.keys(first.bundle).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"], "the first result is whole: a saved notebook keeps it");
    frontend.clear();
    await frontend.deliver(k.modelId, { method: "update", state: { value: 1.5 } });
    await frontend.deliver(k.modelId, { method: "update", state: { value: 2 } });
    const live = frontend.displays();
    assert.deepEqual(live.map((d) => Object.keys(d.bundle).sort()), [["application/vnd.vegalite.v5+json", "text/plain"], ["application/vnd.vegalite.v5+json", "text/plain"]]);
    await new Promise((r) => setTimeout(r, SETTLE_MS + 300));
    const settled = frontend.displays().slice(2);
    assert.equal(settled.length, 1, "one full redraw after the last change");
    assert.deepEqual(Object.keys(settled[0]!.bundle).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    assert.equal(settled[0]!.displayId, first.displayId);
    assert.match(String(settled[0]!.bundle["text/plain"]), /y 0…2/);
  });

  it("makes controls from shorthands as ipywidgets does", () => {
    const ex = interact((v) => JSON.stringify(v), { n: [0, 10], x: [0, 1, 0.25], act: ["relu", "tanh"], name: "abc", on: false });
    assert.equal(ex.controls.n.modelName, "IntSliderModel");
    assert.equal(ex.controls.n.value, 5);
    assert.equal(ex.controls.x.modelName, "FloatSliderModel");
    assert.equal(ex.controls.act.modelName, "DropdownModel");
    assert.equal(ex.controls.name.modelName, "TextModel");
    assert.equal(ex.controls.on.modelName, "CheckboxModel");
    assert.deepEqual(ex.values, { n: 5, x: 0.5, act: "relu", name: "abc", on: false });
  });

  it("awaits an async fn, and collapses the changes made while it runs into one run with the newest values", async () => {
    const calls: number[] = [];
    const gates: (() => void)[] = [];
    const n = intSlider({ min: 0, max: 100, value: 0 });
    const pending = interact(async ({ n }) => {
      calls.push(n);
      await new Promise<void>((r) => gates.push(r));
      return n * 10;
    }, { n });
    assert.ok(pending instanceof Promise, "with an async fn, interact resolves once the first value is shown");
    gates.shift()!();
    const ex = await pending;
    assert.equal(frontend.displays().at(-1)!.bundle["text/plain"], "0");
    n.value = 1;
    await tick();
    // Each comm message is handled at once (its idle status waits for the run that shows it).
    const handled = [2, 3, 4, 5].map((v) => frontend.deliver(n.modelId, { method: "update", state: { value: v } }));
    await tick();
    assert.deepEqual(calls, [0, 1], "the run for 1 is still going; 2..5 wait");
    gates.shift()!();
    await tick();
    assert.deepEqual(calls, [0, 1, 5], "only the newest value ran next");
    gates.shift()!();
    await Promise.all(handled);
    assert.equal(ex.result, 50);
    assert.equal(frontend.displays().at(-1)!.bundle["text/plain"], "50");
  });

  it("shows an error in place of the value when fn throws, and keeps the controls working", async () => {
    const s = slider({ min: 0, max: 1, value: 0.5 });
    const ex = interact(({ s }) => {
      if (s > 0.6) throw new RangeError(`too big: ${s}`);
      return `ok ${s}`;
    }, { s });
    await frontend.deliver(s.modelId, { method: "update", state: { value: 0.9 } });
    const failed = frontend.displays().at(-1)!;
    assert.equal(failed.update, true);
    assert.match(String(failed.bundle["text/plain"]), /^interact: fn\(\{ s: 0\.9 \}\) threw RangeError: too big: 0\.9/);
    assert.match(String(failed.bundle["text/html"]), /<pre style="color: var\(--jp-error-color1/);
    assert.ok(ex.error instanceof RangeError);
    await frontend.deliver(s.modelId, { method: "update", state: { value: 0.1 } });
    assert.equal(frontend.displays().at(-1)!.bundle["text/plain"], "'ok 0.1'");
    assert.equal(ex.error, undefined);
  });

  it("shows an error when the value cannot be displayed, and when an async fn rejects", async () => {
    const bad = { [displaySymbol]: () => { throw new Error("no display"); } };
    interact(() => bad, { a: true });
    assert.match(String(frontend.displays().at(-1)!.bundle["text/plain"]), /threw Error: no display/);
    await interact(async () => Promise.reject(new Error("later")), { b: true });
    assert.match(String(frontend.displays().at(-1)!.bundle["text/plain"]), /^interact: fn\(\{ b: true \}\) threw Error: later/);
  });

  it("refuses what is not a function or not controls, naming the argument", () => {
    assert.throws(() => interact(42 as never, {}), /^TypeError: interact: expected fn to be a function of the controls' values; got 42$/);
    assert.throws(() => interact(() => 1, [] as never), /^TypeError: interact: expected controls to be an object of name → control/);
    assert.throws(() => interact(() => 1, { lr: { min: 0 } as never }), /^TypeError: interact: controls\.lr: expected a control \(slider\(\), dropdown\(\), checkbox\(\), …\)/);
    assert.throws(() => interact(() => 1, { r: [5, 1] }), /^TypeError: interact: controls\.r: expected \[min, max\] with min ≤ max; got \[5, 1\]/);
  });
});

describe("the latest-only scheduler", () => {
  it("runs a synchronous task at once, and never runs twice at the same time", async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const s = new LatestOnly(async () => {
      running++;
      most = Math.max(most, running);
      runs++;
      await tick();
      running--;
    });
    const all = [s.request(), s.request(), s.request()];
    assert.equal(runs, 1, "the first run started synchronously");
    await Promise.all(all);
    assert.equal(runs, 2, "the two requests made during the first run became one");
    assert.equal(most, 1);
  });
});

describe("selection controls", () => {
  it("sync the selected index while .value is the option's value", async () => {
    const d = dropdown({ options: [["one", 1], ["two", 2], ["three", 3]], value: 2, description: "n" });
    const state = (frontend.comms().at(-1)!.content.data as { state: Record<string, unknown> }).state;
    assert.deepEqual([state._options_labels, state.index], [["one", "two", "three"], 1]);
    const seen: unknown[] = [];
    d.observe((c) => void seen.push([c.old, c.new]));
    d.observe((c) => void seen.push(c.new), "label");
    await frontend.deliver(d.modelId, { method: "update", state: { index: 2 } });
    assert.equal(d.value, 3);
    assert.equal(d.label, "three");
    assert.deepEqual(seen, [[2, 3], "three"]);
    d.value = 1;
    assert.deepEqual(frontend.comms().at(-1)!.content.data, { method: "update", state: { index: 0 }, buffer_paths: [] });
    assert.throws(() => (d.value = 7), /^TypeError: dropdown: value: expected one of 1, 2, 3; got 7$/);
  });

  it("refuses an index out of range from the frontend", async (t) => {
    t.mock.method(console, "error", () => {});
    const tb = toggleButtons({ options: { SGD: "sgd", Adam: "adam" }, buttonStyle: "info" });
    await frontend.deliver(tb.modelId, { method: "update", state: { index: 5 } });
    assert.equal(tb.value, "sgd");
    assert.deepEqual(frontend.comms().at(-1)!.content.data, { method: "update", state: { index: 0 }, buffer_paths: [] });
    assert.throws(() => dropdown({ options: [] }), /^TypeError: dropdown: options\.options: expected a non-empty array of labels/);
    assert.throws(() => dropdown({ options: ["a"], value: "b" }), /^TypeError: dropdown: options\.value: expected one of the options' values \("a"\); got "b"$/);
  });
});

describe("other controls", () => {
  it("checkbox, text and progress keep .value in step with their views", async () => {
    const c = checkbox({ value: true });
    await frontend.deliver(c.modelId, { method: "update", state: { value: false } });
    assert.equal(c.value, false);
    const t = text({ placeholder: "name" });
    await frontend.deliver(t.modelId, { method: "update", state: { value: "Ada" } });
    assert.equal(t.value, "Ada");
    const p = progress({ max: 10, barStyle: "success" });
    p.value = 12;
    assert.equal(p.value, 10);
    assert.deepEqual(frontend.comms().at(-1)!.content.data, { method: "update", state: { value: 10 }, buffer_paths: [] });
  });

  it("boxes refer to their children's models", () => {
    const a = slider();
    const b = checkbox();
    const box = hbox([a, b]);
    assert.deepEqual(box.get("children"), [`IPY_MODEL_${a.modelId}`, `IPY_MODEL_${b.modelId}`]);
    assert.throws(() => hbox([a, 3 as never]), /^TypeError: hbox: children\[1\]: expected a widget \(slider\(\), button\(\), …\); got 3$/);
  });

  it("answers the control comm's request_states with every live model's state", async () => {
    const s = slider({ value: 3 });
    frontend.clear();
    await frontend.open("ctrl1", CONTROL_TARGET, {}, { version: "1.0.0" });
    await frontend.deliver("ctrl1", { method: "request_states" });
    const reply = frontend.on("ctrl1")[0]!.content.data as { method: string; states: Record<string, { model_name: string; state: { value?: number } }> };
    assert.equal(reply.method, "update_states");
    assert.equal(reply.states[s.modelId]!.model_name, "FloatSliderModel");
    assert.equal(reply.states[s.modelId]!.state.value, 3);
    assert.equal((widgetState().state as Record<string, unknown>)[s.modelId] !== undefined, true);
  });

  it("work without a notebook: no comm, and still a value and observers", () => {
    frontend.uninstall();
    const s = slider({ min: 0, max: 1 });
    let seen = 0;
    s.observe(() => void seen++);
    s.value = 0.3;
    assert.equal(s.value, 0.3);
    assert.equal(seen, 1);
  });
});
