// The prelude's names recorded at build time (kernel/exportsList.ts): a damaged list is reported and
// replaced by the library's own names, never used.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { readExportNames, writeExportNames } from "../../kernel/exportsList";

describe("the recorded export names", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-exports-"));
  const file = path.join(dir, "exports.json");
  const library = Object.keys(require("../../src/index") as object);

  it("are read back as written, quietly", () => {
    const logs: string[] = [];
    writeExportNames(["display", "inspect"], file);
    assert.deepEqual(readExportNames(file, (l) => logs.push(l)), ["display", "inspect"]);
    assert.deepEqual(logs, []);
    assert.deepEqual(fs.readdirSync(dir), ["exports.json"], "no partial file left");
  });

  it("when truncated, of the wrong shape or missing, are read from the library instead, saying why", () => {
    const cases: Array<[string | undefined, RegExp]> = [
      ['[\n "display",\n "insp', /exports\.json is not valid JSON \(.+\); reading the names from the library instead/],
      ['{"display": 1}', /exports\.json is not a list of names; reading the names from the library instead/],
      ["[]", /exports\.json is not a list of names/],
      [undefined, /exports\.json cannot be read \(ENOENT\)/],
    ];
    for (const [text, why] of cases) {
      fs.rmSync(file, { force: true });
      if (text !== undefined) fs.writeFileSync(file, text);
      const logs: string[] = [];
      assert.deepEqual(readExportNames(file, (l) => logs.push(l)), library);
      assert.match(logs.join("\n"), why);
    }
  });
});
