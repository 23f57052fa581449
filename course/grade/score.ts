// Points from an executed submission, as nbgrader scores a grade cell: full points when it ran without
// an error (and showed its check passing), 0 otherwise, with the reason a student can act on. Pure.
import { CHECK_MIME } from "../../src/check/result";
import { Cell } from "../exercises";
import { GradingPlan, PlannedExercise } from "./plan";

/** What the grading driver says happened to one code cell. */
export interface CellOutcome {
  index: number;
  status: "ok" | "error" | "timeout" | "not_run" | "died";
  ename?: string;
  evalue?: string;
}

export interface GradeRow {
  student: string;
  notebook: string;
  exercise: string;
  points: number;
  maxPoints: number;
  /** Why the exercise lost its points (empty when it got them), or a note about how it was graded. */
  reason: string;
}

function problem(outcome: CellOutcome | undefined, what: string): string | undefined {
  if (!outcome) return undefined;
  switch (outcome.status) {
    case "ok":
      return undefined;
    case "timeout":
      return `${what} timed out: ${outcome.evalue}`;
    case "died":
      return `the kernel died while ${what} ran`;
    case "not_run":
      return `${what} was not run: the kernel had died in an earlier cell`;
    case "error":
      return outcome.ename === "CheckFailed" ? firstLines(outcome.evalue ?? "") : `${what} failed: ${outcome.ename}: ${firstLines(outcome.evalue ?? "")}`;
  }
}

function firstLines(text: string): string {
  return text.split("\n").slice(0, 3).join(" ").trim();
}

function showsPassedCheck(cell: Cell | undefined): boolean {
  return (cell?.outputs ?? []).some((o) => {
    const data = (o as { data?: Record<string, unknown> }).data;
    return data !== undefined && CHECK_MIME in data;
  });
}

/** The row of one exercise, from the executed notebook and the driver's account of each cell. */
export function scoreExercise(ex: PlannedExercise, executed: Cell[], outcomes: Map<number, CellOutcome>, who: { student: string; notebook: string }): GradeRow {
  const row = { ...who, exercise: ex.id, maxPoints: ex.points };
  if (ex.submittedGradeCell === undefined) return { ...row, points: 0, reason: "its check cell was deleted" };
  const restoredNote = ex.restored ? " (its check had been edited; it ran as the course wrote it)" : "";
  const gradeOutcome = outcomes.get(ex.submittedGradeCell);
  const gradeProblem = problem(gradeOutcome, "the check");
  if (!gradeProblem && gradeOutcome && showsPassedCheck(executed[ex.submittedGradeCell])) return { ...row, points: ex.points, reason: ex.restored ? "passed; its check had been edited and ran as the course wrote it" : "" };
  // A solution that crashed or hung says why its check could not pass better than the check's own failure.
  const solutionProblem = ex.submittedSolutionCells.map((i) => problem(outcomes.get(i), "the solution")).find((p) => p !== undefined);
  const reason = solutionProblem ?? gradeProblem ?? "the check cell ran but no check passed in it";
  return { ...row, points: 0, reason: reason + restoredNote };
}

export function scoreSubmission(plan: GradingPlan, executed: Cell[], outcomes: CellOutcome[], who: { student: string; notebook: string }): GradeRow[] {
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  return plan.exercises.map((ex) => scoreExercise(ex, executed, byIndex, who));
}
