// `npm run course`: executes every chapter in notebooks/ through the tsdl kernel with nbclient and writes,
// per chapter, the executed notebook, a self-contained HTML page and a PDF, plus index.html.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "../kernel/atomicFile";
import { ChapterRecord, Manifest, libraryHash, outputProblem, readManifest, recordOutput, reuseProblem, sha256, writeManifest } from "./cache";
import { ChapterLink, chapterName, listNotebooks, neighbours, selectChapters } from "./chapters";
import { ChapterInfo, NotebookJson, chapterInfo } from "./chapterInfo";
import { ExecuteRequest, PreparedNotebook, prepareNotebook } from "./execute";
import { exportHtml } from "./export";
import { collectGlosses, glossaryPage } from "./glossary";
import { STUDENT_DIR, writeStudentEdition } from "./studentEdition";
import { IndexEntry, formatSeconds, indexPage } from "./indexPage";
import { CourseOptions, USAGE, parseOptions } from "./options";
import { PYTHON, REPO_ROOT } from "./paths";
import { findChromium, missingFontsMessage, noChromiumMessage, printPdf } from "./pdf";
import { failureHeadline, failureReport } from "./progress";
import { Reporter } from "./reporter";

const COURSE_TITLE = "Deep learning in TypeScript — the tsdl course";
const GLOSSARY_TITLE = "Glossary · 용어집";
const GLOSSARY_FILE = "glossary.html";

/** What one build did, for its caller (and the benchmark). */
export interface BuildSummary {
  failures: number;
  seconds: number;
  chapters: { file: string; skipped: boolean; kernelSeconds?: number; executeSeconds?: number; pageSeconds?: number; pdfSeconds?: number; failure?: string }[];
}

/** Builds the course: the teacher edition with the glossary, and the student edition, as options choose. */
export async function buildCourse(options: CourseOptions, report = new Reporter()): Promise<BuildSummary> {
  const started = Date.now();
  const all = listNotebooks(options.notebooksDir);
  const files = selectChapters(all, options.only);
  fs.mkdirSync(options.outDir, { recursive: true });
  const { manifest, problems } = readManifest(options.outDir);
  const outRel = path.relative(process.cwd(), options.outDir) || ".";
  const summary: BuildSummary = { failures: 0, seconds: 0, chapters: [] };
  const editions = [options.editions.teacher ? "teacher" : "", options.editions.student ? "student" : ""].filter(Boolean).join(" and ");
  report.line(`course: ${files.length} ${files.length === 1 ? "chapter" : "chapters"} from ${path.relative(process.cwd(), options.notebooksDir) || "."} → ${outRel}, ${editions} ${options.editions.teacher && options.editions.student ? "editions" : "edition"}${options.editions.teacher ? ` (kernel ${options.kernel})` : ""}`);
  for (const problem of problems) report.line(`course: ${problem}`);
  const sources = new Map(all.map((f) => [f, fs.readFileSync(path.join(options.notebooksDir, f), "utf8")]));
  const infos = new Map(all.map((f) => [f, chapterInfo(JSON.parse(sources.get(f)!) as NotebookJson, f)]));

  if (options.editions.teacher) {
    await buildTeacherEdition(options, { all, files, sources, infos, manifest }, report, summary);
    const glossary = collectGlosses(all.map((f) => ({ href: `${chapterName(f)}.html`, title: infos.get(f)!.title, nb: JSON.parse(sources.get(f)!) as NotebookJson })));
    writeFileAtomic(path.join(options.outDir, GLOSSARY_FILE), glossaryPage(glossary, { title: GLOSSARY_TITLE, indexHref: "index.html" }));
    report.line(`course: glossary of ${glossary.length} terms → ${path.join(outRel, GLOSSARY_FILE)}`);
  }
  if (options.editions.student) {
    try {
      const written = writeStudentEdition(options.outDir, files.map((f) => ({ file: f, source: sources.get(f)! })));
      report.line(`course: student edition, ${written.exercises} exercises in ${written.notebooks} notebooks → ${path.join(outRel, STUDENT_DIR)}/`);
    } catch (e) {
      summary.failures++;
      report.line((e as Error).message);
    }
  }

  writeFileAtomic(
    path.join(options.outDir, "index.html"),
    indexPage(indexEntries(manifest, all, infos, options.outDir), {
      title: COURSE_TITLE,
      subtitle: `built ${new Date().toISOString().slice(0, 10)}`,
      glossaryHref: fs.existsSync(path.join(options.outDir, GLOSSARY_FILE)) ? GLOSSARY_FILE : undefined,
    }),
  );
  summary.seconds = (Date.now() - started) / 1000;
  const status = summary.failures ? `${summary.failures} ${summary.failures === 1 ? "failure" : "failures"}` : "ok";
  report.line(`course: ${status} in ${formatSeconds(summary.seconds)} → ${path.join(outRel, "index.html")}`);
  return summary;
}

/** What the teacher edition reads once for every chapter. */
interface CourseSources {
  all: string[];
  files: string[];
  sources: Map<string, string>;
  infos: Map<string, ChapterInfo>;
  manifest: Manifest;
}

/**
 * The teacher edition: every chapter executed, with its page and PDF. Chapters execute one after another;
 * the page and PDF of a chapter are made while the next chapter executes, since the kernel and Chromium
 * each keep one core busy.
 */
async function buildTeacherEdition(options: CourseOptions, course: CourseSources, report: Reporter, summary: BuildSummary): Promise<void> {
  const { all, files, sources, infos, manifest } = course;
  checkJupyter();
  const libHash = libraryHash(REPO_ROOT);
  const chromium = options.pdf ? findChromium(options.chromium) : undefined;
  if (options.pdf && !chromium) report.line(noChromiumMessage(options.chromium));
  const titles = new Map(all.map((f) => [f, infos.get(f)!.title]));
  const fonts = chromium ? missingFontsMessage(files.map((f) => sources.get(f)).join("\n")) : undefined;
  if (fonts) report.line(fonts);

  // Why each chapter's last build cannot be reused; none for a chapter --changed-only skips.
  const rebuildReason = new Map(
    files.map((f) => {
      const record = manifest.chapters[f];
      return [f, options.changedOnly ? reuseProblem(record, sha256(sources.get(f)!), libHash, (relative) => outputProblem(options.outDir, record!, relative)) : "a full build"];
    }),
  );
  const toExecute = files.filter((f) => rebuildReason.get(f) !== undefined);
  const request = (f: string): ExecuteRequest => ({
    notebook: path.join(options.notebooksDir, f),
    output: path.join(options.outDir, `${chapterName(f)}.ipynb`),
    kernel: options.kernel,
    cellTimeoutSeconds: options.cellTimeoutSeconds,
  });
  // The next chapter's kernel starts and warms up while this one runs: the kernel and the cells each
  // keep one core busy, and kernel start is a good part of a short chapter's time.
  const prepared = new Map<string, PreparedNotebook>();
  const prepare = (f: string | undefined) => {
    if (f !== undefined && !prepared.has(f)) prepared.set(f, prepareNotebook(request(f)));
  };

  let finishing: Promise<void> = Promise.resolve();
  try {
    for (const [i, file] of files.entries()) {
      const name = chapterName(file);
      const sourceHash = sha256(sources.get(file)!);
      const info = infos.get(file)!;
      const nav = neighbours(all, titles, file);
      const pageKey = sha256(JSON.stringify(nav));
      const previous = manifest.chapters[file];
      const counter = `[${i + 1}/${files.length}]`;
      const result: BuildSummary["chapters"][number] = { file, skipped: false };
      summary.chapters.push(result);

      if (!toExecute.includes(file)) {
        result.skipped = true;
        report.line(`${counter} ${file}: unchanged since the last build, skipped (ran in ${formatSeconds(previous!.seconds)})`);
        if (previous!.pageKey !== pageKey) {
          // A chapter was added, removed or renamed next to this one: only the page's links changed.
          finishing = finishing.then(async () => {
            previous!.info = info;
            if (!(await finishChapter(options, previous!, nav, pageKey, chromium, report, result))) summary.failures++;
            writeManifest(options.outDir, manifest);
          });
        } else if (chromium && (!previous!.pdf || outputProblem(options.outDir, previous!, previous!.pdf))) {
          if (previous!.pdf) report.line(`    ${name}: ${outputProblem(options.outDir, previous!, previous!.pdf)}; printing it again`);
          finishing = finishing.then(async () => {
            if (!(await printChapterPdfInto(previous!, chromium, options.outDir, report, result))) summary.failures++;
            writeManifest(options.outDir, manifest);
          });
        }
        continue;
      }

      report.line(`${counter} ${file} — ${info.title}`);
      if (options.changedOnly) report.line(`    built again: ${rebuildReason.get(file)}`);
      const ipynb = `${name}.ipynb`;
      prepare(file);
      const running = prepared.get(file)!.start(
        (event) => {
          if (event.event === "kernel_ready") result.kernelSeconds = event.seconds;
          report.event(event);
        },
        (line) => report.kernelOutput(line),
      );
      prepared.delete(file);
      prepare(toExecute[toExecute.indexOf(file) + 1]);
      const outcome = await running;
      result.executeSeconds = outcome.seconds;
      const record: ChapterRecord = { file, info, seconds: round(outcome.seconds), sourceHash, libraryHash: libHash, ipynb, builtAt: new Date().toISOString() };
      if (fs.existsSync(path.join(options.outDir, ipynb))) recordOutput(options.outDir, record, ipynb);
      for (const stale of [`${name}.html`, `${name}.pdf`]) fs.rmSync(path.join(options.outDir, stale), { force: true });

      if (!outcome.ok) {
        summary.failures++;
        report.line(`course: ${failureReport(file, outcome.failure)}`);
        record.failure = result.failure = failureHeadline(file, outcome.failure);
        manifest.chapters[file] = record;
        writeManifest(options.outDir, manifest);
        continue;
      }
      report.line(`    executed in ${formatSeconds(outcome.seconds)}`);
      finishing = finishing.then(async () => {
        if (!(await finishChapter(options, record, nav, pageKey, chromium, report, result))) summary.failures++;
        manifest.chapters[file] = record;
        writeManifest(options.outDir, manifest);
      });
    }
  } finally {
    for (const p of prepared.values()) p.cancel();
  }
  await finishing;
}

/** The chapters of the notebooks folder built into this output folder (either edition), in course order. */
function indexEntries(manifest: Manifest, files: string[], infos: Map<string, ChapterInfo>, outDir: string): IndexEntry[] {
  return files.flatMap((file): IndexEntry[] => {
    const name = chapterName(file);
    const student = `${STUDENT_DIR}/${file}`;
    const hasStudent = fs.existsSync(path.join(outDir, student));
    const r = manifest.chapters[file];
    if (!r) return hasStudent ? [{ name, info: infos.get(file)!, student }] : [];
    return [{ name, info: r.info, seconds: r.seconds, html: r.html, pdf: r.pdf, ipynb: r.ipynb, failure: r.failure, student: hasStudent ? student : undefined }];
  });
}

/** Makes the page, then the PDF, of an executed chapter; false when either failed. */
async function finishChapter(
  options: CourseOptions,
  record: ChapterRecord,
  nav: { prev?: ChapterLink; next?: ChapterLink },
  pageKey: string,
  chromium: string | undefined,
  report: Reporter,
  result: BuildSummary["chapters"][number],
): Promise<boolean> {
  if (!(await exportChapterPage(options, record, nav, report, result))) return false;
  record.pageKey = pageKey;
  if (!chromium) return true;
  return printChapterPdfInto(record, chromium, options.outDir, report, result);
}

/** Prints the chapter's page to PDF and records it; false when printing failed. */
async function printChapterPdfInto(record: ChapterRecord, chromium: string, outDir: string, report: Reporter, result: BuildSummary["chapters"][number]): Promise<boolean> {
  record.pdf = await printChapterPdf(chromium, outDir, chapterName(record.file), report, result);
  if (record.pdf) recordOutput(outDir, record, record.pdf);
  return record.pdf !== undefined;
}

async function exportChapterPage(
  options: CourseOptions,
  record: ChapterRecord,
  nav: { prev?: ChapterLink; next?: ChapterLink },
  report: Reporter,
  result: BuildSummary["chapters"][number],
): Promise<boolean> {
  const name = chapterName(record.file);
  const started = Date.now();
  try {
    const warnings = await exportHtml(path.join(options.outDir, record.ipynb), path.join(options.outDir, `${name}.html`), {
      title: record.info.title,
      indexHref: "index.html",
      ...nav,
      footer: `Executed with the ${options.kernel} kernel in ${formatSeconds(record.seconds)} on ${record.builtAt.slice(0, 10)}.`,
    });
    for (const warning of warnings) report.line(warning);
    record.html = `${name}.html`;
    recordOutput(options.outDir, record, record.html);
    result.pageSeconds = (Date.now() - started) / 1000;
    report.line(`    ${name}: page in ${result.pageSeconds.toFixed(1)} s → ${path.join(path.relative(process.cwd(), options.outDir) || ".", record.html)}`);
    return true;
  } catch (e) {
    record.failure = result.failure = (e as Error).message;
    report.line((e as Error).message);
    return false;
  }
}

async function printChapterPdf(chromium: string, outDir: string, name: string, report: Reporter, result: BuildSummary["chapters"][number]): Promise<string | undefined> {
  const started = Date.now();
  try {
    await printPdf(chromium, path.join(outDir, `${name}.html`), path.join(outDir, `${name}.pdf`));
    result.pdfSeconds = (Date.now() - started) / 1000;
    report.line(`    ${name}: pdf in ${result.pdfSeconds.toFixed(1)} s → ${path.join(path.relative(process.cwd(), outDir) || ".", `${name}.pdf`)}`);
    return `${name}.pdf`;
  } catch (e) {
    result.failure = (e as Error).message;
    report.line((e as Error).message);
    return undefined;
  }
}

/** Fails fast, saying what to install, when Jupyter's Python lacks nbclient or nbconvert. */
function checkJupyter(): void {
  const r = spawnSync(PYTHON, ["-c", "import nbclient, nbconvert"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(
      `course: expected ${PYTHON} to have nbclient and nbconvert (Jupyter's own client and exporter); ${r.error ? r.error.message : r.stderr.trim().split("\n").pop()}. ` +
        "Install them, e.g. `apt-get install -y python3-nbclient python3-nbconvert` or `pip install nbclient nbconvert`.",
    );
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), REPO_ROOT);
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const { failures } = await buildCourse(options);
  process.exitCode = failures ? 1 : 0;
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
