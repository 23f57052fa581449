// What grading runs for one submission: the student's notebook, with every check (grade cell) that the
// student changed put back as the course wrote it, as nbgrader's autograder does. A check the student
// deleted cannot be run: its exercise gets 0. Pure.
import { sourceText } from "../chapterInfo";
import { Exercise, Notebook, listExercises, nbgraderOf } from "../exercises";

/** One exercise of the course notebook, and where it is in the submission. */
export interface PlannedExercise extends Exercise {
  /** The grade cell's index in the notebook that runs; undefined when the student deleted it. */
  submittedGradeCell?: number;
  /** Indexes of the exercise's solution cells in the notebook that runs. */
  submittedSolutionCells: number[];
  /** The student had changed the check; it runs as the course wrote it. */
  restored: boolean;
}

export interface GradingPlan {
  /** The notebook to execute. */
  notebook: Notebook;
  exercises: PlannedExercise[];
}

/** The grade_ids two notebooks share: how a submission is matched with its course notebook. */
export function sharedIds(a: Notebook, b: Notebook): number {
  const ids = new Set(a.cells.map((c) => nbgraderOf(c)?.grade_id).filter(Boolean));
  return b.cells.filter((c) => ids.has(nbgraderOf(c)?.grade_id)).length;
}

export function planGrading(course: Notebook, submission: Notebook, courseName = "course notebook"): GradingPlan {
  const exercises = listExercises(course, courseName);
  const cells = submission.cells.map((c) => ({ ...c }));
  const at = new Map<string, number>();
  cells.forEach((c, i) => {
    const id = nbgraderOf(c)?.grade_id;
    if (id !== undefined && !at.has(id)) at.set(id, i);
  });
  const planned = exercises.map((ex): PlannedExercise => {
    const original = course.cells[ex.gradeCell]!;
    const index = at.get(ex.id);
    let restored = false;
    if (index !== undefined && sourceText(cells[index]!.source).trim() !== sourceText(original.source).trim()) {
      cells[index] = { ...cells[index]!, source: sourceText(original.source), metadata: { ...(cells[index]!.metadata ?? {}), nbgrader: { ...nbgraderOf(original)! } } };
      restored = true;
    }
    const submittedSolutionCells = ex.solutionCells.map((i) => at.get(nbgraderOf(course.cells[i]!)!.grade_id)).filter((i): i is number => i !== undefined);
    return { ...ex, submittedGradeCell: index, submittedSolutionCells, restored };
  });
  return { notebook: { ...submission, cells }, exercises: planned };
}
