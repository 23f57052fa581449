// Students' servers and kernels run as the students, so every file they load from this checkout (the
// kernel, its startup snapshot, node_modules, the JupyterLab build, the course) must be readable by
// other users, and every folder above the checkout must let them through.
import fs from "node:fs";
import path from "node:path";

/** The folders of the checkout that students' processes read. */
export const STUDENT_READ = ["dist", "kernel", "node_modules", "notebooks", "deploy/jupyterhub", "test/e2e/jupyterlab"];

const OTHER_READ = 0o004;
const OTHER_EXEC = 0o001;

/** What students need and lack under `roots`: files not world-readable, folders not world-readable and -searchable. */
export function unreadableByOthers(roots: string[]): string[] {
  const lacking: string[] = [];
  const visit = (p: string): void => {
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.isSymbolicLink()) return;
    if (st.isDirectory()) {
      if ((st.mode & (OTHER_READ | OTHER_EXEC)) !== (OTHER_READ | OTHER_EXEC)) lacking.push(p);
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if ((st.mode & OTHER_READ) === 0) {
      lacking.push(p);
    }
  };
  for (const root of roots) visit(root);
  return lacking;
}

/** The folders from `/` down to `dir` that other users cannot pass through (no o+x). */
export function ancestorsClosedToOthers(dir: string): string[] {
  const closed: string[] = [];
  for (let p = path.resolve(dir); ; p = path.dirname(p)) {
    if ((fs.statSync(p).mode & OTHER_EXEC) === 0) closed.push(p);
    if (p === path.dirname(p)) return closed.reverse();
  }
}

/** Adds read (and, for folders, search) permission for others to what `unreadableByOthers` listed, like chmod a+rX. */
export function makeReadable(paths: string[]): void {
  for (const p of paths) {
    const st = fs.statSync(p);
    fs.chmodSync(p, (st.mode & 0o7777) | 0o444 | (st.isDirectory() || st.mode & 0o111 ? 0o111 : 0));
  }
}

function octal(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, "0");
}

/** Why students cannot use this checkout, or undefined when they can. */
export function checkoutProblem(root: string, folders = STUDENT_READ): string | undefined {
  const closed = ancestorsClosedToOthers(root);
  if (closed.length > 0) {
    const modes = closed.map((p) => `${p} (mode ${octal(fs.statSync(p).mode)})`).join(", ");
    return `other users cannot reach ${root}: ${modes} lack o+x. Students' servers run as the students: put the checkout under a folder they can enter, such as /opt/tsdl, or chmod o+x those folders`;
  }
  const lacking = unreadableByOthers(folders.map((f) => path.join(root, f)));
  if (lacking.length > 0) {
    return `${lacking.length} files or folders of ${root} are not readable by other users, e.g. ${lacking.slice(0, 3).join(", ")}: run \`npm run setup:hub\` (it makes them readable) or chmod -R a+rX them`;
  }
  return undefined;
}
