// The exercises of every chapter through the real kernel, in both editions: each solution passes its
// check (a green line, recorded for the grader), and in the student edition each stub fails its check
// with the hint. The exercises use only tf and the library, so their section runs on its own.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { Notebook, isGrade, nbgraderOf, studentEdition } from "../../course/exercises";
import { CHECK_MIME } from "../../src/check/result";
import { errorOf, ExecutedNotebook, runNotebookFile } from "../support/jupyter";
import { NOTEBOOKS } from "./chapter";

const text = (source: string | string[]) => (Array.isArray(source) ? source.join("") : source);

/** Every chapter's exercise section, from its "## Exercises" heading on, in one notebook. */
function exerciseSections(): Notebook {
  const chapters = fs.readdirSync(NOTEBOOKS).filter((f) => /^\d\d-.*\.ipynb$/.test(f) && !f.startsWith("00")).sort();
  const notebooks = chapters.map((f) => JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, f), "utf8")) as Notebook);
  const cells = notebooks.flatMap((nb) => nb.cells.slice(nb.cells.findIndex((c) => c.cell_type === "markdown" && text(c.source).startsWith("## Exercises"))));
  return { ...notebooks[0]!, cells };
}

function run(nb: Notebook, name: string): ExecutedNotebook {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-exercises-")), `${name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(nb));
  return runNotebookFile(file, { timeoutSeconds: 300, cwd: NOTEBOOKS, allowErrors: true });
}

describe("the exercises of every chapter", () => {
  const teacher = exerciseSections();
  const grades = teacher.cells.filter(isGrade);
  const hints = grades.map((c) => /hint: "((?:[^"\\]|\\.)*)"/.exec(text(c.source))?.[1]?.replace(/\\"/g, '"').replace(/\\'/g, "'"));
  const solved = run(teacher, "teacher");
  const stubbed = run(studentEdition(teacher), "student");
  const gradeCells = (nb: ExecutedNotebook) => nb.cells.filter((_, i) => isGrade(teacher.cells[i]!));

  it("are at least 3 in each of the 8 chapters", () => {
    const perChapter = new Map<string, number>();
    for (const c of grades) perChapter.set(nbgraderOf(c)!.grade_id.slice(0, 4), (perChapter.get(nbgraderOf(c)!.grade_id.slice(0, 4)) ?? 0) + 1);
    assert.equal(perChapter.size, 8);
    for (const [chapter, n] of perChapter) assert.ok(n >= 3 && n <= 6, `${chapter}: ${n} exercises`);
  });

  it("pass their checks with the solutions, each showing a green line the grader can read", () => {
    assert.equal(solved.status, 0, solved.stderr);
    solved.cells.forEach((cell, i) => assert.equal(errorOf(cell), undefined, `${nbgraderOf(teacher.cells[i]!)?.grade_id ?? `cell ${i}`}: ${errorOf(cell)?.evalue}\n${cell.source}`));
    for (const [k, cell] of gradeCells(solved).entries()) {
      const passed = cell.outputs.find((o) => o.data?.[CHECK_MIME]);
      assert.ok(passed, `${nbgraderOf(grades[k]!)!.grade_id} shows its passed check`);
      assert.match(String(passed.data!["text/plain"]), /^✓ /);
    }
  });

  it("fail every check in the student edition, with what was expected and the hint", () => {
    for (const [k, cell] of gradeCells(stubbed).entries()) {
      const id = nbgraderOf(grades[k]!)!.grade_id;
      const e = errorOf(cell);
      assert.equal(e?.ename, "CheckFailed", `${id}: ${e?.ename}: ${e?.evalue}`);
      assert.match(e!.evalue!, /^✗ .+: .*expected/, id);
      assert.ok(hints[k] && e!.evalue!.endsWith(`Hint: ${hints[k]}`), `${id} ends with its hint: ${e!.evalue}`);
    }
    const otherErrors = stubbed.cells.filter((c, i) => !isGrade(teacher.cells[i]!) && errorOf(c));
    assert.deepEqual(otherErrors.map((c) => errorOf(c)?.evalue), [], "the stubs leave every other cell runnable");
  });
});
