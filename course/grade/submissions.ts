// Which notebooks a submissions folder holds, and whose they are: SUBMISSIONS/<student>/…/<name>.ipynb
// (nbgrader's submitted/<student>/<assignment>/ layout included), or SUBMISSIONS/<student>.ipynb.
import fs from "node:fs";
import path from "node:path";

export interface Submission {
  student: string;
  /** Absolute path of the submitted notebook. */
  file: string;
}

export function findSubmissions(dir: string): Submission[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new Error(`tsdl grade: expected SUBMISSIONS_DIR to be a folder of submitted notebooks; ${dir} is not a folder`);
  const found: Submission[] = [];
  const walk = (at: string, student: string | undefined) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") || entry.name === "__pycache__") continue;
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full, student ?? entry.name);
      else if (entry.name.endsWith(".ipynb")) found.push({ student: student ?? entry.name.replace(/\.ipynb$/, ""), file: full });
    }
  };
  walk(dir, undefined);
  return found;
}
