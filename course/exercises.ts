// The exercises of a notebook, marked as nbgrader marks them (cell metadata `nbgrader`: solution cells,
// grade cells with points), and the student edition made from it: solutions replaced by a stub, outputs
// cleared, checksums on the graded cells as nbgrader's release step writes them. Pure functions on JSON.
import crypto from "node:crypto";
import { sourceText } from "./chapterInfo";

/** nbgrader's cell metadata, schema version 3. */
export interface NbgraderMeta {
  grade: boolean;
  solution: boolean;
  locked?: boolean;
  task?: boolean;
  grade_id: string;
  points?: number;
  schema_version?: number;
  checksum?: string;
}

export interface Cell {
  cell_type: string;
  source: string | string[];
  metadata?: { nbgrader?: NbgraderMeta; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
  id?: string;
  [key: string]: unknown;
}

export interface Notebook {
  cells: Cell[];
  metadata?: Record<string, unknown>;
  nbformat?: number;
  nbformat_minor?: number;
}

/** One exercise: its grade cell (the check) and the solution cells before it. */
export interface Exercise {
  /** The grade cell's grade_id, e.g. `ch01-ex2`: the exercise's name in grades. */
  id: string;
  points: number;
  /** Index of the grade cell. */
  gradeCell: number;
  /** Indexes of its solution cells. */
  solutionCells: number[];
}

/** What the student edition puts where a solution was, as nbgrader's `code_stub`. */
export const CODE_STUB = "// your code here";
const BEGIN = "BEGIN SOLUTION";
const END = "END SOLUTION";

export function nbgraderOf(cell: Cell): NbgraderMeta | undefined {
  const meta = cell.metadata?.nbgrader;
  return meta && typeof meta === "object" && typeof meta.grade_id === "string" ? meta : undefined;
}

export const isGrade = (cell: Cell): boolean => nbgraderOf(cell)?.grade === true;
export const isSolution = (cell: Cell): boolean => nbgraderOf(cell)?.solution === true;

/** nbgrader's `is_locked`: solution cells never are, grade cells always are, others as marked. */
export function isLocked(cell: Cell): boolean {
  const meta = nbgraderOf(cell);
  if (!meta || meta.solution) return false;
  return meta.grade ? true : meta.locked === true;
}

/**
 * nbgrader's `compute_checksum` (nbgrader/utils.py): md5 of the source, the cell type, whether it is a
 * grade, solution and locked cell (as Python prints booleans), the grade_id and, for grade cells, the
 * points as a Python float. The same cell gets the same checksum from nbgrader and from us.
 */
export function nbgraderChecksum(cell: Cell): string {
  const meta = nbgraderOf(cell);
  if (!meta) throw new Error(`nbgraderChecksum: expected a cell with nbgrader metadata; got a ${cell.cell_type} cell without it`);
  const py = (b: boolean) => (b ? "True" : "False");
  const md5 = crypto.createHash("md5");
  md5.update(sourceText(cell.source), "utf8");
  md5.update(cell.cell_type, "utf8");
  md5.update(py(isGrade(cell)) + py(isSolution(cell)) + py(isLocked(cell)), "utf8");
  md5.update(meta.grade_id, "utf8");
  if (isGrade(cell)) md5.update(pythonFloat(meta.points ?? 0), "utf8");
  return md5.digest("hex");
}

/** How Python's str(float(x)) prints a number: `1.0`, `2.5`. */
function pythonFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/**
 * The exercises of a notebook, in order. Each grade cell closes an exercise, which owns the solution
 * cells since the previous grade cell. Throws, naming the cell, on duplicate ids or a grade cell
 * without points.
 */
export function listExercises(nb: Notebook, name = "notebook"): Exercise[] {
  const exercises: Exercise[] = [];
  const seen = new Set<string>();
  let pending: number[] = [];
  nb.cells.forEach((cell, i) => {
    const meta = nbgraderOf(cell);
    if (!meta) return;
    if (seen.has(meta.grade_id)) throw new Error(`${name}: cell ${i + 1} repeats the grade_id ${JSON.stringify(meta.grade_id)}; each must be unique`);
    seen.add(meta.grade_id);
    if (meta.solution) pending.push(i);
    if (meta.grade) {
      if (typeof meta.points !== "number" || !(meta.points >= 0)) throw new Error(`${name}: grade cell ${JSON.stringify(meta.grade_id)} (cell ${i + 1}) needs nbgrader.points ≥ 0; got ${JSON.stringify(meta.points)}`);
      exercises.push({ id: meta.grade_id, points: meta.points, gradeCell: i, solutionCells: pending });
      pending = [];
    }
  });
  return exercises;
}

/**
 * A solution cell as the student gets it: the lines between `BEGIN SOLUTION` and `END SOLUTION` (in any
 * comment) become the stub, at the indentation of the marker; without markers the whole cell does.
 */
export function stubSolution(source: string): string {
  const lines = source.split("\n");
  if (!lines.some((l) => l.includes(BEGIN))) return CODE_STUB;
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    if (!inside && line.includes(BEGIN)) {
      inside = true;
      out.push(`${/^\s*/.exec(line)![0]}${CODE_STUB}`);
    } else if (inside && line.includes(END)) {
      inside = false;
    } else if (!inside) {
      out.push(line);
    }
  }
  if (inside) throw new Error(`stubSolution: a "${BEGIN}" line has no "${END}" after it`);
  return out.join("\n");
}

/** The teacher's cell with the solution markers taken out, for reading. */
export function withoutMarkers(source: string): string {
  return source
    .split("\n")
    .filter((l) => !(l.includes(BEGIN) || l.includes(END)))
    .join("\n");
}

function cleared(cell: Cell): Cell {
  const out: Cell = { ...cell, metadata: { ...(cell.metadata ?? {}) } };
  if (out.cell_type === "code") {
    out.outputs = [];
    out.execution_count = null;
  }
  return out;
}

/**
 * The student edition of a notebook: every solution replaced by the stub, outputs cleared, and
 * nbgrader's checksum on each solution and grade cell (the release version nbgrader would write).
 */
export function studentEdition(nb: Notebook, name = "notebook"): Notebook {
  listExercises(nb, name); // refuses malformed exercise metadata before anything is written
  const cells = nb.cells.map((cell) => {
    const out = cleared(cell);
    const meta = nbgraderOf(cell);
    if (!meta) return out;
    if (meta.solution && cell.cell_type === "code") out.source = stubSolution(sourceText(cell.source));
    out.metadata = { ...out.metadata, nbgrader: { ...meta } };
    out.metadata.nbgrader!.checksum = nbgraderChecksum(out);
    return out;
  });
  return { ...nb, cells };
}
