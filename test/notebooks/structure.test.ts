// The chapter notebooks as committed: no outputs, the tsdl kernel, a title and learning goals, Korean terms,
// prose before code, and no helper code (reusable code belongs in the library).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { NOTEBOOKS } from "./chapter";

interface RawCell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

const CHAPTERS = ["01-tensors", "02-tensor-operations", "03-gradient-descent", "04-mnist", "05-backprop-from-scratch", "06-anatomy-of-a-network"];

function load(name: string): { metadata: { kernelspec?: unknown }; cells: Array<RawCell & { text: string }> } {
  const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, `${name}.ipynb`), "utf8"));
  return { metadata: nb.metadata, cells: nb.cells.map((c: RawCell) => ({ ...c, text: Array.isArray(c.source) ? c.source.join("") : c.source })) };
}

describe("the chapter notebooks as committed", () => {
  it("are exactly the six chapters after the welcome notebook", () => {
    const files = fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort();
    assert.deepEqual(files, ["00-welcome.ipynb", ...CHAPTERS.map((c) => `${c}.ipynb`)]);
  });

  for (const name of CHAPTERS) {
    describe(name, () => {
      const nb = load(name);

      it("uses the tsdl kernel", () => {
        assert.deepEqual(nb.metadata.kernelspec, { name: "tsdl", display_name: "TypeScript (tsdl)", language: "typescript" });
      });

      it("has no outputs and no execution counts", () => {
        for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
          assert.deepEqual(c.outputs, [], c.text);
          assert.equal(c.execution_count, null, c.text);
        }
      });

      it("opens with a numbered title and its learning goals, and ends with a summary", () => {
        assert.equal(nb.cells[0]!.cell_type, "markdown");
        assert.match(nb.cells[0]!.text, /^# \d\. \S/);
        assert.match(nb.cells[0]!.text, /\*\*Learning goals\*\*\n(- .+\n?){3,}/);
        assert.match(nb.cells.at(-1)!.text, /^## Summary/);
      });

      it("gives key terms in Korean in parentheses", () => {
        const korean = nb.cells.filter((c) => c.cell_type === "markdown").flatMap((c) => c.text.match(/\([^()]*[\uac00-\ud7a3][^()]*\)/g) ?? []);
        assert.ok(korean.length >= 5, `expected at least 5 "term (한국어)" glosses; found ${korean.join(" ")}`);
      });

      it("explains in prose: it starts with prose and has a markdown cell for every two code cells", () => {
        assert.equal(nb.cells[1]!.cell_type, "markdown");
        const code = nb.cells.filter((c) => c.cell_type === "code").length;
        const prose = nb.cells.filter((c) => c.cell_type === "markdown").length;
        assert.ok(prose * 2 >= code, `${prose} markdown cells for ${code} code cells`);
      });

      it("contains no helper code: no function or class declarations in code cells", () => {
        for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
          assert.doesNotMatch(c.text, /^\s*(export\s+)?(async\s+)?(function|class)\s+\w+/m, c.text);
          assert.doesNotMatch(c.text, /^\s*import\s/m, "the prelude provides tf and the library: " + c.text);
        }
      });
    });
  }
});
