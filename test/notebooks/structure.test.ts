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
  metadata?: { nbgrader?: { grade?: boolean; solution?: boolean; grade_id?: string; points?: number; locked?: boolean; schema_version?: number } };
}

const CHAPTERS = [
  "01-tensors",
  "02-tensor-operations",
  "03-gradient-descent",
  "04-mnist",
  "05-perceptrons-to-losses",
  "06-backprop-from-scratch",
  "07-anatomy-of-a-network",
  "08-overfitting-and-the-layer-zoo",
];

function load(name: string): { metadata: { kernelspec?: unknown }; cells: Array<RawCell & { text: string }> } {
  const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, `${name}.ipynb`), "utf8"));
  return { metadata: nb.metadata, cells: nb.cells.map((c: RawCell) => ({ ...c, text: Array.isArray(c.source) ? c.source.join("") : c.source })) };
}

describe("the chapter notebooks as committed", () => {
  it("give every exercise cell a grade_id of its own across the course", () => {
    const ids = CHAPTERS.flatMap((name) => load(name).cells.map((c) => c.metadata?.nbgrader?.grade_id).filter((id): id is string => id !== undefined));
    assert.ok(ids.length >= 8 * 3 * 2);
    assert.equal(new Set(ids).size, ids.length, "no grade_id repeats");
  });

  it("are exactly the eight chapters after the welcome notebook", () => {
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

      it("opens with its number, title and learning goals, and ends with a summary and then its exercises", () => {
        assert.equal(nb.cells[0]!.cell_type, "markdown");
        assert.match(nb.cells[0]!.text, new RegExp(`^# ${Number(name.slice(0, 2))}\\. \\S`));
        assert.match(nb.cells[0]!.text, /\*\*Learning goals\*\*\n(- .+\n?){3,}/);
        const summary = nb.cells.findIndex((c) => c.text.startsWith("## Summary"));
        const exercises = nb.cells.findIndex((c) => c.text.startsWith("## Exercises"));
        assert.ok(summary > 0 && exercises === summary + 1, "the exercises follow the summary");
        assert.ok(nb.cells.slice(exercises + 1).every((c) => c.cell_type === "code" || /^### Exercise \d\.\d+: /.test(c.text)), "nothing but exercises after them");
      });

      it("ends with 3 to 6 exercises: a prompt, a solution cell and a check cell each, marked as nbgrader marks them", () => {
        const start = nb.cells.findIndex((c) => c.text.startsWith("## Exercises"));
        const rest = nb.cells.slice(start + 1);
        assert.ok(rest.length % 3 === 0 && rest.length / 3 >= 3 && rest.length / 3 <= 6, `${rest.length / 3} exercises`);
        for (let k = 0; k < rest.length; k += 3) {
          const [prompt, solution, grade] = [rest[k]!, rest[k + 1]!, rest[k + 2]!];
          const n = k / 3 + 1;
          const id = `ch${name.slice(0, 2)}-ex${n}`;
          assert.match(prompt.text, new RegExp(`^### Exercise ${Number(name.slice(0, 2))}\\.${n}: `));
          assert.deepEqual(solution.metadata?.nbgrader, { grade: false, grade_id: `${id}-solution`, locked: false, schema_version: 3, solution: true, task: false });
          assert.match(solution.text, /\/\/ BEGIN SOLUTION\n[\s\S]+\n\/\/ END SOLUTION/, "the solution lies between markers, the declarations outside them");
          const meta = grade.metadata?.nbgrader;
          assert.deepEqual({ ...meta, points: undefined }, { grade: true, grade_id: id, locked: true, schema_version: 3, solution: false, task: false, points: undefined });
          assert.ok(typeof meta?.points === "number" && meta.points > 0, `${id} has points`);
          assert.match(grade.text, /check\.(equal|close|tensorClose|shape|isTrue)\(/, `${id} calls a check`);
          assert.match(grade.text, /hint: "/, `${id}'s check has a hint`);
        }
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
