// Exercises as nbgrader marks them, the student edition made from them, and the grading plan and
// scores: pure functions on notebook JSON.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CODE_STUB, Notebook, listExercises, nbgraderChecksum, stubSolution, studentEdition } from "../../course/exercises";
import { planGrading } from "../../course/grade/plan";
import { gradesCsv } from "../../course/grade/report";
import { CellOutcome, scoreSubmission } from "../../course/grade/score";
import { REPO_ROOT } from "../support/jupyter";

const QUIZ = path.join(REPO_ROOT, "test", "course", "grading", "quiz.ipynb");
const quiz = (): Notebook => JSON.parse(fs.readFileSync(QUIZ, "utf8")) as Notebook;
const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);

describe("exercises", () => {
  it("lists each grade cell with its points and the solution cells before it", () => {
    assert.deepEqual(listExercises(quiz()), [
      { id: "quiz-ex1", points: 2, gradeCell: 3, solutionCells: [2] },
      { id: "quiz-ex2", points: 1, gradeCell: 6, solutionCells: [5] },
      { id: "quiz-ex3", points: 1, gradeCell: 9, solutionCells: [8] },
    ]);
  });

  it("refuses a repeated grade_id and a grade cell without points, naming the cell", () => {
    const nb = quiz();
    nb.cells[6]!.metadata!.nbgrader!.grade_id = "quiz-ex1";
    assert.throws(() => listExercises(nb, "quiz.ipynb"), /quiz\.ipynb: cell 7 repeats the grade_id "quiz-ex1"/);
    const noPoints = quiz();
    delete noPoints.cells[3]!.metadata!.nbgrader!.points;
    assert.throws(() => listExercises(noPoints, "quiz.ipynb"), /grade cell "quiz-ex1" \(cell 4\) needs nbgrader\.points/);
  });

  it("replaces what lies between the solution markers by the stub, keeping the declarations around it", () => {
    assert.equal(stubSolution("let n = 0;\n  // BEGIN SOLUTION\n  n = 59;\n  // END SOLUTION\nn"), `let n = 0;\n  ${CODE_STUB}\nn`);
    assert.equal(stubSolution("const x = 1;"), CODE_STUB, "a solution cell without markers is replaced whole, as nbgrader does");
    assert.throws(() => stubSolution("// BEGIN SOLUTION\nx"), /has no "END SOLUTION"/);
  });

  it("computes nbgrader's checksum: md5 of source, type, grade/solution/locked flags, grade_id and points as a Python float", () => {
    // Expected values computed with Python's hashlib over the same fields, as nbgrader/utils.py does.
    const grade = { cell_type: "code", source: "check.equal(1, 1)", metadata: { nbgrader: { grade: true, solution: false, grade_id: "ex1", points: 2 } } };
    assert.equal(nbgraderChecksum(grade), "14fd22a801e50797ad17dc09507e5d02");
    const solution = { cell_type: "code", source: ["let a = 1;\n", "// your code here"], metadata: { nbgrader: { grade: false, solution: true, grade_id: "ex1-solution" } } };
    assert.equal(nbgraderChecksum(solution), "56dc84cfaf23e1a8b3f2da7a4b6deea8");
  });

  it("makes a student edition with stubs, the checks kept, outputs cleared and checksums written", () => {
    const teacher = quiz();
    teacher.cells[3]!.outputs = [{ output_type: "stream", name: "stdout", text: "x" }];
    teacher.cells[3]!.execution_count = 4;
    const student = studentEdition(teacher);
    assert.equal(text(student.cells[2]!.source), `let paramCount = 0;\n${CODE_STUB}`);
    assert.equal(text(student.cells[3]!.source), text(teacher.cells[3]!.source));
    assert.deepEqual(student.cells[3]!.outputs, []);
    assert.equal(student.cells[3]!.execution_count, null);
    assert.equal(student.cells[3]!.metadata!.nbgrader!.checksum, nbgraderChecksum(student.cells[3]!));
    assert.match(String(student.cells[2]!.metadata!.nbgrader!.checksum), /^[0-9a-f]{32}$/);
    assert.equal(text(teacher.cells[2]!.source).includes("BEGIN SOLUTION"), true, "the teacher's notebook is left as it was");
  });
});

describe("grading plan and scores", () => {
  const who = { student: "bob", notebook: "quiz.ipynb" };
  const passed = { output_type: "execute_result", data: { "application/vnd.tsdl.check+json": { passed: true }, "text/plain": "✓" } };

  it("restores an edited check as the course wrote it, and notes a deleted one", () => {
    const submission = studentEdition(quiz());
    submission.cells[3]!.source = "check.equal(1, 1)";
    submission.cells.splice(9, 1);
    const plan = planGrading(quiz(), submission);
    assert.equal(text(plan.notebook.cells[3]!.source), text(quiz().cells[3]!.source));
    assert.deepEqual(plan.exercises.map((e) => [e.id, e.submittedGradeCell, e.restored]), [["quiz-ex1", 3, true], ["quiz-ex2", 6, false], ["quiz-ex3", undefined, false]]);
  });

  it("gives full points to a check that ran and passed, and 0 with the reason otherwise", () => {
    const plan = planGrading(quiz(), studentEdition(quiz()));
    const executed = plan.notebook.cells.map((c, i) => ({ ...c, outputs: i === 9 ? [passed] : [] }));
    const outcomes: CellOutcome[] = [
      { index: 2, status: "ok" },
      { index: 3, status: "error", ename: "CheckFailed", evalue: "✗ answer: expected 59, got 0\nHint: count" },
      { index: 5, status: "timeout", evalue: "the cell ran longer than 5 s and was interrupted" },
      { index: 6, status: "error", ename: "CheckFailed", evalue: "✗ tensor: expected a tensor" },
      { index: 8, status: "ok" },
      { index: 9, status: "ok" },
    ];
    const rows = scoreSubmission(plan, executed, outcomes, who);
    assert.deepEqual(rows.map((r) => [r.exercise, r.points, r.reason]), [
      ["quiz-ex1", 0, "✗ answer: expected 59, got 0 Hint: count"],
      ["quiz-ex2", 0, "the solution timed out: the cell ran longer than 5 s and was interrupted"],
      ["quiz-ex3", 1, ""],
    ]);
  });

  it("writes the CSV with a header and quotes fields that need it", () => {
    const csv = gradesCsv([{ student: "a, b", exercise: "ex1", points: 0, maxPoints: 2, notebook: "q.ipynb", reason: 'said "no"' }]);
    assert.equal(csv, 'student,exercise,points,max_points,notebook,reason\r\n"a, b",ex1,0,2,q.ipynb,"said ""no"""\r\n');
  });
});
