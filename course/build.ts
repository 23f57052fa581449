// `npm run course`: executes every chapter in notebooks/ through the tsdl kernel with nbconvert,
// writing the executed copies to dist/course/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
// Debian ships nbconvert as a module without a jupyter-nbconvert command.
const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

function main(): void {
  const out = path.join(ROOT, "dist", "course");
  fs.mkdirSync(out, { recursive: true });
  const notebooks = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
  for (const nb of notebooks) {
    const start = Date.now();
    process.stdout.write(`course: ${nb} … `);
    const r = spawnSync(
      PYTHON,
      ["-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tsdl", "--ExecutePreprocessor.timeout=600", "--output-dir", out, path.join(ROOT, "notebooks", nb)],
      { encoding: "utf8", cwd: path.join(ROOT, "notebooks") },
    );
    if (r.status !== 0) {
      console.log("failed");
      console.error(r.stderr);
      process.exit(1);
    }
    console.log(`ok in ${((Date.now() - start) / 1000).toFixed(1)} s → ${path.relative(ROOT, path.join(out, nb))}`);
  }
}

main();
