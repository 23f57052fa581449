import assert from "node:assert/strict";
import v8 from "node:v8";
import { describe, it } from "node:test";
import { Dispatcher } from "../../kernel/dispatcher";
import { fullCollection, IdleCollector } from "../../kernel/idleCollector";
import type { Publisher } from "../../kernel/publisher";
import type { Message } from "../../kernel/wire";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("IdleCollector", () => {
  it("gets V8's full collection without giving the main context a gc global", () => {
    const gc = fullCollection();
    assert.equal(typeof gc, "function");
    assert.equal(typeof (globalThis as { gc?: unknown }).gc, "undefined");
  });

  it("collects three times once the heap grew by the threshold since the last collection, and not before", () => {
    let used = 100;
    let calls = 0;
    const collector = new IdleCollector(() => void (calls += 1), 16, () => used);
    used = 110;
    collector.run();
    assert.equal(calls, 0);
    used = 120;
    collector.run();
    assert.equal(calls, 3);
    assert.equal(collector.collections, 1);
    // The baseline is the heap after that collection.
    used = 130;
    collector.run();
    assert.equal(calls, 3);
  });

  it("does nothing without a collection to call", () => {
    const collector = new IdleCollector(undefined, 0, () => 1e9);
    collector.run();
    assert.equal(collector.collections, 0);
  });

  it("gives back what a busy period left as garbage", () => {
    const collector = new IdleCollector(fullCollection(), 16 * 2 ** 20);
    let garbage: number[][] | undefined = Array.from({ length: 400 }, (_, i) => new Array(20000).fill(i));
    assert.equal(garbage.length, 400);
    garbage = undefined;
    const before = v8.getHeapStatistics().used_heap_size;
    collector.run();
    assert.equal(collector.collections, 1);
    assert.ok(v8.getHeapStatistics().used_heap_size < before - 32 * 2 ** 20, "the 60 MB of arrays were collected");
  });
});

describe("Dispatcher.afterEachIdle", () => {
  const publisher = { status() {}, reply() {} } as unknown as Publisher;
  const message = (type: string) => ({ header: { msg_type: type, msg_id: type }, parent_header: {}, metadata: {}, content: {}, buffers: [], identities: [] }) as unknown as Message;

  it("runs the task once after each busy period, never while a request is in flight", async () => {
    let release: () => void = () => {};
    const dispatcher = new Dispatcher({ quick: () => {}, slow: () => new Promise<void>((resolve) => (release = resolve)) }, publisher, () => {});
    const runs: number[] = [];
    dispatcher.afterEachIdle(() => runs.push(Date.now()), 30);
    await wait(80);
    assert.equal(runs.length, 0, "nothing ran before the first request");
    await dispatcher.dispatch("shell", message("quick"));
    await wait(80);
    assert.equal(runs.length, 1);
    await wait(80);
    assert.equal(runs.length, 1, "and only once for that busy period");
    const slow = dispatcher.dispatch("shell", message("slow"));
    await dispatcher.dispatch("shell", message("quick"));
    await wait(80);
    assert.equal(runs.length, 1, "not while the slow request is in flight");
    release();
    await slow;
    await wait(80);
    assert.equal(runs.length, 2);
  });
});
