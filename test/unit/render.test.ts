import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PNG } from "pngjs";
import { encodePng, svgToPng } from "../../src/render";

describe("encodePng", () => {
  it("writes a PNG that decodes to the same pixels", () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 10, 20, 30, 40]);
    const png = PNG.sync.read(Buffer.from(encodePng(rgba, 2, 2)));
    assert.equal(png.width, 2);
    assert.deepEqual([...png.data], [...rgba]);
  });

  it("names the mismatch when the byte count is wrong", () => {
    assert.throws(() => encodePng(new Uint8Array(3), 1, 1), /expected 4 RGBA bytes for 1×1; got 3/);
  });

  it("names bytes that are not a Uint8Array and a size that is not a number", () => {
    assert.throws(() => encodePng([1, 2, 3, 4] as never, 1, 1), /encodePng: expected rgba to be a Uint8Array of RGBA bytes; got \[1,2,3,4\]/);
    assert.throws(() => encodePng(new Uint8Array(4), Symbol("w") as never, 1), /encodePng: expected positive integer width and height; got the symbol Symbol\(w\)×1/);
  });
});

describe("svgToPng", () => {
  it("draws text with the shipped font, at twice the size", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="20"><text x="2" y="15" font-size="14" font-family="sans-serif">Hello</text></svg>`;
    const png = PNG.sync.read(Buffer.from(svgToPng(svg)));
    assert.equal(png.width, 120);
    assert.equal(png.height, 40);
    const inked = png.data.filter((_, i) => i % 4 === 3 && png.data[i]! > 0).length;
    assert.ok(inked > 50, `text pixels expected, got ${inked}`);
  });
});
