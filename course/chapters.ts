// Which chapters a build covers: the notebooks of a folder, narrowed by --only.
import fs from "node:fs";

/** The `.ipynb` files of a folder, sorted by name (chapters are numbered). */
export function listNotebooks(dir: string): string[] {
  if (!fs.existsSync(dir)) throw new Error(`course: expected a folder of notebooks at ${dir}; it does not exist`);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort();
}

/** The chapter name of a notebook file: `01-tensors.ipynb` → `01-tensors`. */
export function chapterName(file: string): string {
  return file.replace(/\.ipynb$/, "");
}

/**
 * The files that `--only` names. Each name matches a file exactly, without its `.ipynb`, or as the
 * unique prefix of one chapter name (`--only 03`).
 */
export function selectChapters(files: string[], only: string[]): string[] {
  if (only.length === 0) return files;
  const chosen = new Set<string>();
  for (const name of only) {
    const wanted = chapterName(name.replace(/^.*[\\/]/, ""));
    const exact = files.filter((f) => chapterName(f) === wanted);
    const prefixed = files.filter((f) => chapterName(f).startsWith(wanted));
    const match = exact.length === 1 ? exact : prefixed;
    if (match.length !== 1) {
      const why = match.length === 0 ? "no notebook has that name" : `it matches ${match.join(", ")}`;
      throw new Error(`course: --only expects the name of one chapter (${files.map(chapterName).join(", ") || "none found"}); got ${JSON.stringify(name)}: ${why}`);
    }
    chosen.add(match[0]!);
  }
  return files.filter((f) => chosen.has(f));
}

/** A link to another chapter's page. */
export interface ChapterLink {
  href: string;
  title: string;
}

/** The chapters before and after `file` in course order, as links between their pages. */
export function neighbours(files: string[], titles: Map<string, string>, file: string): { prev?: ChapterLink; next?: ChapterLink } {
  const at = files.indexOf(file);
  const link = (f: string | undefined): ChapterLink | undefined => (f === undefined ? undefined : { href: `${chapterName(f)}.html`, title: titles.get(f) ?? chapterName(f) });
  return { prev: at > 0 ? link(files[at - 1]) : undefined, next: at >= 0 ? link(files[at + 1]) : undefined };
}
