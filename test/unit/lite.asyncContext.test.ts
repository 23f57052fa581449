// The browser build's stand-in for node:async_hooks (lite/kernel/shims/asyncHooks.ts): what the in-browser
// kernel's Publisher sees as the request behind output, in a place with no async context.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AsyncLocalStorage, bindToCurrentContext } from "../../lite/kernel/shims/asyncHooks";

const tick = () => new Promise((r) => setImmediate(r));

describe("the browser's AsyncLocalStorage", () => {
  it("gives run()'s store to its synchronous part, and nothing outside", () => {
    const storage = new AsyncLocalStorage<string>();
    assert.equal(storage.run("cell 1", () => storage.getStore()), "cell 1");
    assert.equal(storage.run("cell 1", () => storage.run("comm", () => storage.getStore())), "comm");
    assert.equal(storage.getStore(), undefined);
  });

  it("keeps the store of a run whose promise is pending, the latest one first, until it settles", async () => {
    const storage = new AsyncLocalStorage<string>();
    let endCell!: () => void;
    let endRedraw!: () => void;
    void storage.run("cell", () => new Promise<void>((r) => (endCell = r)));
    assert.equal(storage.getStore(), "cell", "an awaited continuation of the cell");
    void storage.run("redraw", () => new Promise<void>((r) => (endRedraw = r)));
    assert.equal(storage.getStore(), "redraw");
    endRedraw();
    await tick();
    assert.equal(storage.getStore(), "cell");
    endCell();
    await tick();
    assert.equal(storage.getStore(), undefined);
  });

  it("binds a function (a timer's callback) to the store current when it was bound", () => {
    const storage = new AsyncLocalStorage<string>();
    const later = storage.run("cell 3", () => bindToCurrentContext(() => storage.getStore()));
    assert.equal(storage.run("cell 4", () => later()), "cell 3");
    assert.equal(later(), "cell 3");
  });
});
