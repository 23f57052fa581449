// Writes the student edition: each chapter as the student gets it (solutions replaced by the stub, outputs
// cleared, nbgrader checksums on the graded cells) into the output folder's student/.
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../kernel/atomicFile";
import { Notebook, listExercises, studentEdition } from "./exercises";

export const STUDENT_DIR = "student";

/** Writes student/<file> for each notebook; returns how many notebooks and exercises it wrote. */
export function writeStudentEdition(outDir: string, notebooks: { file: string; source: string }[]): { notebooks: number; exercises: number } {
  const dir = path.join(outDir, STUDENT_DIR);
  fs.mkdirSync(dir, { recursive: true });
  let exercises = 0;
  for (const { file, source } of notebooks) {
    let nb: Notebook;
    try {
      nb = JSON.parse(source) as Notebook;
    } catch (e) {
      throw new Error(`course: ${file} is not valid JSON (${(e as Error).message}); no student edition written for it`);
    }
    exercises += listExercises(nb, file).length;
    writeFileAtomic(path.join(dir, file), JSON.stringify(studentEdition(nb, `course: ${file}`), null, 1) + "\n");
  }
  return { notebooks: notebooks.length, exercises };
}
