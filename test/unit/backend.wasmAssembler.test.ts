// The hand assembler behind tsdl's SIMD kernels writes valid WebAssembly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assembleModule, F32, I32, OP, sleb, uleb } from "../../src/backend/wasm/assembler";

const WebAssemblyApi = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean; Memory: new (d: object) => object; Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: Record<string, (...a: number[]) => void> } } }).WebAssembly;

describe("wasmAssembler", () => {
  it("encodes LEB128 as the WebAssembly spec's examples do", () => {
    assert.deepEqual(uleb(0), [0]);
    assert.deepEqual(uleb(624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(sleb(-1), [0x7f]);
    assert.deepEqual(sleb(64), [0xc0, 0x00]);
    assert.deepEqual(sleb(-123456), [0xc0, 0xbb, 0x78]);
  });

  for (const shared of [false, true]) {
    it(`assembles a module that stores into its imported ${shared ? "shared " : ""}memory`, () => {
      // store(address, value): f32.store at address.
      const store = { name: "store", params: [I32, F32], locals: [] as [number, number][], body: [...OP.localGet, 0, ...OP.localGet, 1, ...OP.f32Store, 2, 0] };
      const bytes = assembleModule([store], { shared });
      assert.ok(WebAssemblyApi.validate(bytes));
      const memory = new WebAssemblyApi.Memory(shared ? { initial: 1, maximum: 2, shared: true } : { initial: 1 }) as { buffer: ArrayBuffer };
      new WebAssemblyApi.Instance(new WebAssemblyApi.Module(bytes), { env: { memory } }).exports.store!(8, 2.5);
      assert.equal(new Float32Array(memory.buffer)[2], 2.5);
    });
  }
});
