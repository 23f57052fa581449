// The command line of `npm run course`: flags in, one options object out.
import path from "node:path";

export interface CourseOptions {
  /** Folder of the chapter notebooks. */
  notebooksDir: string;
  /** Where the executed notebooks, pages, PDFs, index.html, glossary.html and student/ go. */
  outDir: string;
  /** Which editions to write: the teacher's (executed, with solutions) and the student's (stubs, checks kept). */
  editions: { teacher: boolean; student: boolean };
  /** Chapter names to build (file name with or without `.ipynb`, or a unique prefix); empty means all. */
  only: string[];
  /** Print a PDF of every chapter with headless Chromium. */
  pdf: boolean;
  /** Skip chapters whose notebook and library are unchanged since the last build into outDir. */
  changedOnly: boolean;
  /** Kernelspec that executes the chapters. */
  kernel: string;
  /** Longest time one cell may run. */
  cellTimeoutSeconds: number;
  /** Chromium binary; undefined means look for it. */
  chromium?: string;
  help: boolean;
}

export const USAGE = `usage: npm run course -- [options]
  --only NAME        build only this chapter (e.g. 01-tensors or 01-tensors.ipynb); repeatable
  --out DIR          write to DIR (default site)
  --student          write only the student edition: notebooks with each solution replaced by a stub
  --teacher          write only the teacher edition: the executed chapters with their solutions
  --no-pdf           skip the PDFs
  --changed-only     skip chapters whose notebook and library are unchanged since the last build
  --notebooks DIR    read the chapters from DIR (default notebooks)
  --kernel NAME      kernelspec to execute with (default tsdl)
  --timeout SECONDS  longest time one cell may run (default 600)
  --chromium PATH    Chromium binary for the PDFs (default: /usr/bin/chromium or chromium on PATH)`;

/** Parses the build's arguments: defaults are inside the repository `root`, paths given are relative to `cwd`. */
export function parseOptions(argv: string[], root: string, cwd = process.cwd()): CourseOptions {
  const options: CourseOptions = {
    notebooksDir: path.join(root, "notebooks"),
    outDir: path.join(root, "site"),
    editions: { teacher: true, student: true },
    only: [],
    pdf: true,
    changedOnly: false,
    kernel: "tsdl",
    cellTimeoutSeconds: 600,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.startsWith("--") && argv[i]!.includes("=") ? splitOnce(argv[i]!) : [argv[i]!, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "" || (inline === undefined && v.startsWith("--"))) {
        throw new Error(`course: ${flag} expects a value; got ${v === undefined ? "nothing" : JSON.stringify(v)}\n${USAGE}`);
      }
      return v;
    };
    switch (flag) {
      case "--only":
        options.only.push(value());
        break;
      case "--out":
        options.outDir = path.resolve(cwd, value());
        break;
      case "--notebooks":
        options.notebooksDir = path.resolve(cwd, value());
        break;
      case "--student":
        options.editions = { teacher: false, student: true };
        break;
      case "--teacher":
        options.editions = { teacher: true, student: false };
        break;
      case "--no-pdf":
        options.pdf = false;
        break;
      case "--changed-only":
        options.changedOnly = true;
        break;
      case "--kernel":
        options.kernel = value();
        break;
      case "--timeout": {
        const v = value();
        const seconds = Number(v);
        if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`course: --timeout expects a positive whole number of seconds; got ${JSON.stringify(v)}`);
        options.cellTimeoutSeconds = seconds;
        break;
      }
      case "--chromium": {
        const v = value();
        options.chromium = v.includes("/") ? path.resolve(cwd, v) : v;
        break;
      }
      case "--help":
      case "-h":
        options.help = true;
        break;
      default:
        throw new Error(`course: unknown option ${JSON.stringify(argv[i])}\n${USAGE}`);
    }
  }
  if (argv.includes("--student") && argv.includes("--teacher")) throw new Error("course: --student and --teacher each build one edition; leave both out to build both");
  return options;
}

function splitOnce(arg: string): [string, string] {
  const at = arg.indexOf("=");
  return [arg.slice(0, at), arg.slice(at + 1)];
}
