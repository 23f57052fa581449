// `tsdl grade SUBMISSIONS_DIR`: runs each submitted notebook through the kernel, one at a time, and
// writes grades.csv and report.html. A submission that errors, hangs, kills its kernel or deletes a
// check loses that exercise's points, with the reason; it never stops the run.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeFileAtomic } from "../../kernel/atomicFile";
import { Cell, Notebook, listExercises } from "../exercises";
import { PYTHON, PYTHON_DIR, REPO_ROOT } from "../paths";
import { GradingPlan, planGrading, sharedIds } from "./plan";
import { gradesCsv, gradesHtml } from "./report";
import { CellOutcome, GradeRow, scoreSubmission } from "./score";
import { findSubmissions } from "./submissions";

export interface GradeOptions {
  submissionsDir: string;
  /** The course's notebooks (with solutions and checks); a submission is matched to one of them. */
  sourceDir: string;
  /** Where grades.csv, report.html and the executed submissions go. */
  outDir: string;
  kernel: string;
  /** Longest time one cell may run before it is interrupted. */
  cellTimeoutSeconds: number;
}

export const GRADE_USAGE = `usage: tsdl grade SUBMISSIONS_DIR [options]
  SUBMISSIONS_DIR holds SUBMISSIONS_DIR/<student>/<notebook>.ipynb (any depth) or SUBMISSIONS_DIR/<student>.ipynb
  --source DIR       the course notebooks with solutions and checks (default: tsdl's notebooks/)
  --out DIR          where grades.csv, report.html and the executed notebooks go (default: grades)
  --kernel NAME      kernelspec to run them with (default tsdl)
  --timeout SECONDS  longest time one cell may run before it is interrupted (default 120)`;

export function parseGradeArgs(argv: string[], cwd = process.cwd()): GradeOptions {
  const positional: string[] = [];
  const options: Omit<GradeOptions, "submissionsDir"> = { sourceDir: path.join(REPO_ROOT, "notebooks"), outDir: path.resolve(cwd, "grades"), kernel: "tsdl", cellTimeoutSeconds: 120 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`tsdl grade: ${arg} expects a value; got ${v === undefined ? "nothing" : JSON.stringify(v)}\n${GRADE_USAGE}`);
      return v;
    };
    if (arg === "--source") options.sourceDir = path.resolve(cwd, value());
    else if (arg === "--out") options.outDir = path.resolve(cwd, value());
    else if (arg === "--kernel") options.kernel = value();
    else if (arg === "--timeout") {
      const v = value();
      const seconds = Number(v);
      if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`tsdl grade: --timeout expects a positive whole number of seconds; got ${JSON.stringify(v)}`);
      options.cellTimeoutSeconds = seconds;
    } else if (arg.startsWith("--")) throw new Error(`tsdl grade: unknown option ${JSON.stringify(arg)}\n${GRADE_USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new Error(`tsdl grade: expected one SUBMISSIONS_DIR; got ${positional.length ? positional.map((p) => JSON.stringify(p)).join(" ") : "none"}\n${GRADE_USAGE}`);
  return { submissionsDir: path.resolve(cwd, positional[0]!), ...options };
}

interface CourseNotebook {
  name: string;
  nb: Notebook;
}

function readCourse(dir: string): CourseNotebook[] {
  if (!fs.existsSync(dir)) throw new Error(`tsdl grade: expected the course notebooks (--source) at ${dir}; it does not exist`);
  const course = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((name) => ({ name, nb: JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as Notebook }))
    .filter((c) => listExercises(c.nb, c.name).length > 0);
  if (!course.length) throw new Error(`tsdl grade: the notebooks in ${dir} have no exercises (cells with nbgrader grade metadata)`);
  return course;
}

/** The course notebook a submission answers: the one of the same file name, else the one sharing most exercise ids. */
function matchCourse(course: CourseNotebook[], file: string, nb: Notebook | undefined): CourseNotebook | undefined {
  const byName = course.find((c) => c.name === path.basename(file));
  if (byName) return byName;
  if (!nb) return undefined;
  const best = course.map((c) => ({ c, shared: sharedIds(c.nb, nb) })).sort((a, b) => b.shared - a.shared)[0];
  return best && best.shared > 0 ? best.c : undefined;
}

interface DriverResult {
  cells?: CellOutcome[];
  notes?: string[];
  failed?: string;
}

function runDriver(input: string, output: string, options: GradeOptions, cwd: string): Promise<DriverResult> {
  const args = [path.join(PYTHON_DIR, "grade_notebook.py"), input, output, "--kernel", options.kernel, "--timeout", String(options.cellTimeoutSeconds), "--cwd", cwd];
  const child = spawn(PYTHON, args, { env: { PYDEVD_DISABLE_FILE_VALIDATION: "1", ...process.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  return new Promise((resolve) => {
    child.on("error", (e) => resolve({ failed: `could not run ${PYTHON} (Jupyter's Python): ${e.message}` }));
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(last) as DriverResult);
      } catch {
        resolve({ failed: `the grading driver exited with ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}` });
      }
    });
  });
}

const safeName = (s: string) => s.replace(/[^\w.-]+/g, "_");

/** Grades every submission, one at a time; `log` hears a line per submission. */
export async function gradeSubmissions(options: GradeOptions, log: (line: string) => void = () => {}): Promise<{ rows: GradeRow[]; csv: string; html: string }> {
  const course = readCourse(options.sourceDir);
  const submissions = findSubmissions(options.submissionsDir);
  fs.mkdirSync(options.outDir, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-grade-"));
  const rows: GradeRow[] = [];
  const notes = new Map<string, string[]>();
  const note = (student: string, text: string) => notes.set(student, [...(notes.get(student) ?? []), text]);
  log(`grade: ${submissions.length} ${submissions.length === 1 ? "submission" : "submissions"} in ${options.submissionsDir}, checked against ${options.sourceDir}`);
  try {
    for (const [i, sub] of submissions.entries()) {
      const started = Date.now();
      const label = `${sub.student}/${path.basename(sub.file)}`;
      let nb: Notebook | undefined;
      let unreadable: string | undefined;
      try {
        nb = JSON.parse(fs.readFileSync(sub.file, "utf8")) as Notebook;
        if (!Array.isArray(nb.cells)) throw new Error("it has no cells list");
      } catch (e) {
        nb = undefined;
        unreadable = `the notebook could not be read (${(e as Error).message})`;
      }
      const match = matchCourse(course, sub.file, nb);
      if (!match) {
        rows.push({ student: sub.student, notebook: path.basename(sub.file), exercise: "-", points: 0, maxPoints: 0, reason: unreadable ?? "it matches no course notebook (no file name or exercise id in common)" });
        log(`[${i + 1}/${submissions.length}] ${label}: ${rows.at(-1)!.reason}`);
        continue;
      }
      const who = { student: sub.student, notebook: match.name };
      const exercises = listExercises(match.nb, match.name);
      if (!nb) {
        for (const ex of exercises) rows.push({ ...who, exercise: ex.id, points: 0, maxPoints: ex.points, reason: unreadable! });
        log(`[${i + 1}/${submissions.length}] ${label}: ${unreadable}`);
        continue;
      }
      const plan: GradingPlan = planGrading(match.nb, nb, match.name);
      const input = path.join(scratch, `${i}-${safeName(path.basename(sub.file))}`);
      fs.writeFileSync(input, JSON.stringify(plan.notebook));
      const executedFile = path.join(options.outDir, safeName(sub.student), path.basename(sub.file));
      fs.mkdirSync(path.dirname(executedFile), { recursive: true });
      const result = await runDriver(input, executedFile, options, path.dirname(sub.file));
      let scored: GradeRow[];
      if (result.failed || !result.cells) {
        scored = exercises.map((ex) => ({ ...who, exercise: ex.id, points: 0, maxPoints: ex.points, reason: `the notebook could not be run: ${result.failed}` }));
      } else {
        const executed = (JSON.parse(fs.readFileSync(executedFile, "utf8")) as Notebook).cells as Cell[];
        scored = scoreSubmission(plan, executed, result.cells, who);
        for (const n of result.notes ?? []) note(sub.student, `${match.name}: ${n}`);
      }
      rows.push(...scored);
      const got = scored.reduce((s, r) => s + r.points, 0);
      const max = scored.reduce((s, r) => s + r.maxPoints, 0);
      log(`[${i + 1}/${submissions.length}] ${label}: ${got}/${max} points in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const csv = path.join(options.outDir, "grades.csv");
  const html = path.join(options.outDir, "report.html");
  writeFileAtomic(csv, gradesCsv(rows));
  writeFileAtomic(html, gradesHtml(rows, { title: `Grades: ${path.basename(options.submissionsDir)}`, notes }));
  log(`grade: ${rows.length} rows → ${path.relative(process.cwd(), csv) || csv}, ${path.relative(process.cwd(), html) || html}`);
  return { rows, csv, html };
}

/** What `tsdl grade` runs. */
export async function gradeCommand(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(GRADE_USAGE);
    return 0;
  }
  const options = parseGradeArgs(argv);
  await gradeSubmissions(options, (line) => console.log(line));
  return 0;
}
