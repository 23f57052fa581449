// Where the course build finds its parts, from dist/course/*.js or course/*.ts alike.
import fs from "node:fs";
import path from "node:path";

/** The repository root: the folder with package.json above this module. */
export const REPO_ROOT = findRoot(__dirname);
/** Debian ships Jupyter for its own python3, which is not always the first python3 on PATH. */
export const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
export const PYTHON_DIR = path.join(REPO_ROOT, "course", "python");
export const TEMPLATES_DIR = path.join(REPO_ROOT, "course", "templates");

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`course: expected package.json above ${start}; found none`);
  }
}
