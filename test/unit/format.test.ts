// The format chain as a pure function, with no kernel: Deno's tests/unit/jupyter_test.ts (assertFormattedAs)
// ported case by case, then the rest of the chain in Deno's order, and display() with async bundles.
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { display, formatValue, MediaBundle, WireBundle } from "../../src/display";
import { Frontend, installFrontend } from "../../src/frontend";

async function assertFormattedAs(obj: unknown, result: object): Promise<void> {
  assert.deepEqual(await formatValue(obj), result);
}

describe("Deno's jupyter_test.ts, ported", () => {
  it("display(canvas) creates a PNG", async () => {
    // A fake canvas with a fake data URL.
    class FakeCanvas {
      toDataURL() {
        return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFCAYAAACNbyblAAAAAXNSR0IArs4c6QAAAARzQklUCAgICHwIZIgAAAAVSURBVAiZY/zPwPCfAQ0woQtQQRAAzqkCCB/D3o0AAAAASUVORK5CYII=";
      }
    }
    await assertFormattedAs(new FakeCanvas(), {
      "image/png":
        "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFCAYAAACNbyblAAAAAXNSR0IArs4c6QAAAARzQklUCAgICHwIZIgAAAAVSURBVAiZY/zPwPCfAQ0woQtQQRAAzqkCCB/D3o0AAAAASUVORK5CYII=",
    });
  });

  it("class with a Symbol.for('Jupyter.display') function gets displayed", async () => {
    class Example {
      constructor(readonly x: number) {}
      [Symbol.for("Jupyter.display")]() {
        return { "application/json": { x: this.x } };
      }
    }
    await assertFormattedAs(new Example(5), { "application/json": { x: 5 } });
  });

  it("class with an async Symbol.for('Jupyter.display') function gets displayed", async () => {
    class Example {
      constructor(readonly x: number) {}
      async [Symbol.for("Jupyter.display")]() {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { "application/json": { x: this.x } };
      }
    }
    await assertFormattedAs(new Example(3), { "application/json": { x: 3 } });
  });

  // Deno's other two cases display a GPUTexture and a GPUBuffer, which Node has no WebGPU to make.
});

describe("the rest of the format chain, in Deno's order", () => {
  const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "bar", data: { values: [] } };

  it("lets a value's own display method win over anything it also looks like", async () => {
    const both = { toDataURL: () => "data:image/png;base64,AAAA", [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": "**mine**" }) };
    await assertFormattedAs(both, { "text/markdown": "**mine**" });
  });

  it("shows a vega-lite spec, and an object whose toSpec() returns one, as a chart", async () => {
    await assertFormattedAs(spec, { "application/vnd.vegalite.v5+json": spec, "text/plain": "<vega-lite chart>" });
    await assertFormattedAs({ toSpec: () => spec }, { "application/vnd.vegalite.v5+json": spec, "text/plain": "<vega-lite chart>" });
    const v4 = { ...spec, $schema: "https://vega.github.io/schema/vega-lite/v4.json" };
    assert.ok("application/vnd.vegalite.v4+json" in (await formatValue({ toSpec: () => v4 }))!);
  });

  it("shows a data frame (schema, head, toRecords) as a data resource and an HTML table", async () => {
    const records = [
      { name: "a<b", n: 1 },
      { name: "c", n: 2.5 },
    ];
    const df = { schema: { name: {}, n: {} }, head: (k: number) => ({ toRecords: () => records.slice(0, k) }), toRecords: () => records };
    const bundle = (await formatValue(df))!;
    assert.deepEqual(bundle["application/vnd.dataresource+json"], { data: records, schema: { fields: [{ name: "name", type: "string" }, { name: "n", type: "integer" }] } });
    assert.match(String(bundle["text/html"]), /<td[^>]*>a&lt;b<\/td>/);
  });

  it("shows PNG and JPEG bytes as images, and other bytes as text", async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
    const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0xff, 0xd9]);
    await assertFormattedAs(png, { "image/png": png, "text/plain": "<PNG image, 10 bytes>" });
    await assertFormattedAs(jpeg, { "image/jpeg": jpeg, "text/plain": "<JPEG image, 7 bytes>" });
    assert.deepEqual(Object.keys((await formatValue(Uint8Array.from([1, 2])))!), ["text/plain"]);
  });

  it("shows an SVG element as SVG and another element as HTML, by its outerHTML", async () => {
    await assertFormattedAs({ outerHTML: "<svg><circle r='1'/></svg>" }, { "image/svg+xml": "<svg><circle r='1'/></svg>" });
    await assertFormattedAs({ outerHTML: "<p>hi</p>" }, { "text/html": "<p>hi</p>" });
  });

  it("shows anything else as Node's REPL text, and undefined as nothing", async () => {
    await assertFormattedAs({ a: [1, 2] }, { "text/plain": "{ a: [ 1, 2 ] }" });
    await assertFormattedAs("text", { "text/plain": "'text'" });
    assert.equal(await formatValue(undefined), undefined);
  });

  it("passes a bundle through with { raw: true } only, and rejects what cannot be sent, naming the MIME type", async () => {
    const bundle: MediaBundle = { "text/html": "<b>x</b>" };
    assert.deepEqual(await formatValue(bundle, { raw: true }), bundle);
    await assertFormattedAs(bundle, { "text/plain": "{ 'text/html': '<b>x</b>' }" });
    await assert.rejects(formatValue({ "application/json": { n: 1n } }, { raw: true }), /"application\/json" cannot be sent as JSON/);
    await assert.rejects(formatValue(1, { raw: "yes" as never }), /display/);
  });
});

describe("display() of a value whose display method is async", () => {
  const later = (text: string, ms: number) => ({
    async [Symbol.for("Jupyter.display")]() {
      await new Promise((r) => setTimeout(r, ms));
      return { "text/plain": text };
    },
  });
  afterEach(() => installFrontend(undefined));

  function recording(withDisplayLater: boolean): { shown: string[]; frontend: Frontend } {
    const shown: string[] = [];
    const frontend: Frontend = {
      display: (bundle: WireBundle) => void shown.push(bundle["text/plain"]),
      clearOutput: () => {},
      sendComm: () => {},
      log: (line) => void shown.push(`log: ${line}`),
    };
    if (withDisplayLater) {
      frontend.displayLater = (bundle) => {
        shown.push("(place kept)");
        void bundle.then((b) => shown.push(b["text/plain"]));
      };
    }
    return { shown, frontend };
  }

  it("hands a frontend that keeps places the promise at once, in order with what follows", async () => {
    const { shown, frontend } = recording(true);
    installFrontend(frontend);
    display(later("late", 20));
    display("after");
    await new Promise((r) => setTimeout(r, 40));
    assert.deepEqual(shown, ["(place kept)", "'after'", "late"]);
  });

  it("shows the bundle once ready on a frontend that has only display()", async () => {
    const { shown, frontend } = recording(false);
    installFrontend(frontend);
    display(later("late", 5));
    assert.deepEqual(shown, []);
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(shown, ["late"]);
  });

  it("logs an async display method that fails, naming it", async () => {
    const { shown, frontend } = recording(false);
    installFrontend(frontend);
    display({ [Symbol.for("Jupyter.display")]: async () => Promise.reject(new Error("no bundle today")) });
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(shown, ["log: display: the value's async Jupyter.display method failed: no bundle today"]);
  });
});
