// `tsdl grade` through the real kernel: a folder with a correct, a wrong, a crashing and an endless
// submission gives the expected grades, and none of them stops the run.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { Notebook, studentEdition } from "../../course/exercises";
import { CLI, REPO_ROOT, testKernelEnv } from "../support/jupyter";

const GRADING = path.join(REPO_ROOT, "test", "course", "grading");
const STUB = "// your code here";

/** The student edition of the quiz with each exercise's stub replaced by `answers[i]`, or the check of one deleted. */
function submission(answers: string[], edit: (nb: Notebook) => void = () => {}): Notebook {
  const nb = studentEdition(JSON.parse(fs.readFileSync(path.join(GRADING, "quiz.ipynb"), "utf8")) as Notebook);
  let next = 0;
  for (const cell of nb.cells) {
    const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
    if (source.includes(STUB)) cell.source = source.replace(STUB, answers[next++]!);
  }
  edit(nb);
  return nb;
}

const RIGHT = ["paramCount = (7 * 5 + 5) + (5 * 4 + 4);", "doubled = tf.tensor1d([1, 2, 3]).mul(2);", "batchShape = [32, 28 * 28];"];

describe("tsdl grade", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-grade-test-"));
  const submissions = path.join(dir, "submitted");
  const write = (student: string, nb: Notebook) => {
    fs.mkdirSync(path.join(submissions, student), { recursive: true });
    fs.writeFileSync(path.join(submissions, student, "quiz.ipynb"), JSON.stringify(nb));
  };
  write("alice", submission(RIGHT));
  write("bob", submission(["paramCount = 7 * 5 + 5 * 4;", "doubled = (undefined as unknown as tf.Tensor).mul(2);", RIGHT[2]!], (nb) => nb.cells.splice(9, 1)));
  write("carol", submission([RIGHT[0]!, "process.exit(1);", RIGHT[2]!]));
  write("dave", submission(["while (true) {}", RIGHT[1]!, RIGHT[2]!]));
  write("erin", submission(["paramCount = 60;", RIGHT[1]!, RIGHT[2]!], (nb) => (nb.cells[3]!.source = "check.equal(paramCount, paramCount)")));

  const out = path.join(dir, "grades");
  const started = Date.now();
  const run = spawnSync(process.execPath, [CLI, "grade", submissions, "--source", GRADING, "--out", out, "--timeout", "15"], { env: testKernelEnv(), encoding: "utf8", timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;

  it("finishes with status 0 and a line per submission", () => {
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /\[1\/5\] alice\/quiz\.ipynb: 4\/4 points/);
    assert.match(run.stdout, /\[4\/5\] dave\/quiz\.ipynb: 2\/4 points/);
    assert.ok(seconds < 300, `grading took ${seconds} s`);
  });

  it("writes the expected CSV: full points for the right answers, 0 and the reason for each wrong, crashed, endless or deleted one", () => {
    const csv = fs.readFileSync(path.join(out, "grades.csv"), "utf8");
    assert.equal(
      csv,
      [
        "student,exercise,points,max_points,notebook,reason",
        "alice,quiz-ex1,2,2,quiz.ipynb,",
        "alice,quiz-ex2,1,1,quiz.ipynb,",
        "alice,quiz-ex3,1,1,quiz.ipynb,",
        "bob,quiz-ex1,0,2,quiz.ipynb,\"✗ parameters of 7 → 5 → 4: expected 64, got 55 Hint: a dense layer has inputs × units weights and units biases\"",
        "bob,quiz-ex2,0,1,quiz.ipynb,the solution failed: TypeError: Cannot read properties of undefined (reading 'mul')",
        "bob,quiz-ex3,0,1,quiz.ipynb,its check cell was deleted",
        "carol,quiz-ex1,2,2,quiz.ipynb,",
        "carol,quiz-ex2,0,1,quiz.ipynb,the kernel died while the solution ran",
        "carol,quiz-ex3,0,1,quiz.ipynb,the solution was not run: the kernel had died in an earlier cell",
        "dave,quiz-ex1,0,2,quiz.ipynb,the solution timed out: the cell ran longer than 15 s and was interrupted",
        "dave,quiz-ex2,1,1,quiz.ipynb,",
        "dave,quiz-ex3,1,1,quiz.ipynb,",
        "erin,quiz-ex1,0,2,quiz.ipynb,\"✗ parameters of 7 → 5 → 4: expected 64, got 60 Hint: a dense layer has inputs × units weights and units biases (its check had been edited; it ran as the course wrote it)\"",
        "erin,quiz-ex2,1,1,quiz.ipynb,",
        "erin,quiz-ex3,1,1,quiz.ipynb,",
        "",
      ].join("\r\n"),
    );
  });

  it("writes an HTML report with each student's total and the reasons, and the executed notebooks", () => {
    const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
    assert.match(html, /<h2>alice <span class="total">4 \/ 4<\/span><\/h2>/);
    assert.match(html, /<h2>carol <span class="total">2 \/ 4<\/span><\/h2>/);
    assert.match(html, /carol: .*quiz\.ipynb: the kernel died in cell 6; the cells after it were not run|quiz\.ipynb: the kernel died in cell 6/);
    assert.match(html, /its check cell was deleted/);
    assert.doesNotMatch(html, /<script|https?:\/\//, "the report is one page with no scripts and nothing to load");
    for (const student of ["alice", "bob", "carol", "dave", "erin"]) assert.ok(fs.existsSync(path.join(out, student, "quiz.ipynb")), `${student}'s executed notebook`);
  });

  it("explains a missing folder and a wrong flag", () => {
    const missing = spawnSync(process.execPath, [CLI, "grade", path.join(dir, "nowhere"), "--source", GRADING], { encoding: "utf8" });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /tsdl grade: expected SUBMISSIONS_DIR to be a folder of submitted notebooks/);
    const flag = spawnSync(process.execPath, [CLI, "grade", submissions, "--timeout", "soon"], { encoding: "utf8" });
    assert.match(flag.stderr, /--timeout expects a positive whole number of seconds; got "soon"/);
  });
});
