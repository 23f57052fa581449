// `npm run course`: executes every chapter in notebooks/ through the tsdl kernel with nbclient and writes,
// per chapter, the executed notebook, a self-contained HTML page and a PDF, plus index.html.
import fs from "node:fs";
import path from "node:path";
import { ChapterRecord, isUpToDate, libraryHash, readManifest, sha256, writeManifest } from "./cache";
import { chapterName, listNotebooks, selectChapters } from "./chapters";
import { NotebookJson, chapterInfo } from "./chapterInfo";
import { executeNotebook } from "./execute";
import { exportHtml } from "./export";
import { IndexEntry, formatSeconds, indexPage } from "./indexPage";
import { CourseOptions, USAGE, parseOptions } from "./options";
import { REPO_ROOT } from "./paths";
import { findChromium, noChromiumMessage, printPdf } from "./pdf";
import { failureHeadline, failureReport } from "./progress";
import { Reporter } from "./reporter";

const COURSE_TITLE = "Deep learning in TypeScript — the tsdl course";

/** Builds the course; resolves to the number of chapters that failed. */
export async function buildCourse(options: CourseOptions, report = new Reporter()): Promise<number> {
  const started = Date.now();
  const all = listNotebooks(options.notebooksDir);
  const files = selectChapters(all, options.only);
  fs.mkdirSync(options.outDir, { recursive: true });
  const manifest = readManifest(options.outDir);
  const libHash = libraryHash(REPO_ROOT);
  const chromium = options.pdf ? findChromium(options.chromium) : undefined;
  const outRel = path.relative(process.cwd(), options.outDir) || ".";
  report.line(`course: ${files.length} ${files.length === 1 ? "chapter" : "chapters"} from ${path.relative(process.cwd(), options.notebooksDir) || "."} → ${outRel} (kernel ${options.kernel})`);
  if (options.pdf && !chromium) report.line(noChromiumMessage(options.chromium));
  const exists = (relative: string) => fs.existsSync(path.join(options.outDir, relative));

  let failures = 0;
  for (const [i, file] of files.entries()) {
    const name = chapterName(file);
    const source = fs.readFileSync(path.join(options.notebooksDir, file), "utf8");
    const sourceHash = sha256(source);
    const info = chapterInfo(JSON.parse(source) as NotebookJson, file);
    const previous = manifest.chapters[file];
    const counter = `[${i + 1}/${files.length}]`;

    if (options.changedOnly && isUpToDate(previous, sourceHash, libHash, exists)) {
      report.line(`${counter} ${file}: unchanged since the last build, skipped (ran in ${formatSeconds(previous!.seconds)})`);
      if (chromium && !(previous!.pdf && exists(previous!.pdf))) {
        previous!.pdf = await printChapterPdf(chromium, options.outDir, name, report);
        if (!previous!.pdf) failures++;
        writeManifest(options.outDir, manifest);
      }
      continue;
    }

    report.line(`${counter} ${file} — ${info.title}`);
    const ipynb = `${name}.ipynb`;
    const outcome = await executeNotebook(
      { notebook: path.join(options.notebooksDir, file), output: path.join(options.outDir, ipynb), kernel: options.kernel, cellTimeoutSeconds: options.cellTimeoutSeconds },
      (event) => report.event(event),
      (line) => report.kernelOutput(line),
    );
    const record: ChapterRecord = { file, info, seconds: round(outcome.seconds), sourceHash, libraryHash: libHash, ipynb, builtAt: new Date().toISOString() };
    for (const stale of [`${name}.html`, `${name}.pdf`]) fs.rmSync(path.join(options.outDir, stale), { force: true });

    if (!outcome.ok) {
      failures++;
      report.line(`course: ${failureReport(file, outcome.failure)}`);
      record.failure = failureHeadline(file, outcome.failure);
    } else {
      const pageStarted = Date.now();
      try {
        await exportHtml(path.join(options.outDir, ipynb), path.join(options.outDir, `${name}.html`), {
          title: info.title,
          indexHref: "index.html",
          footer: `Executed with the ${options.kernel} kernel in ${formatSeconds(outcome.seconds)} on ${record.builtAt.slice(0, 10)}.`,
        });
        record.html = `${name}.html`;
        const pageSeconds = (Date.now() - pageStarted) / 1000;
        report.line(`    executed in ${formatSeconds(outcome.seconds)}; page in ${pageSeconds.toFixed(1)} s → ${path.join(outRel, record.html)}`);
      } catch (e) {
        failures++;
        record.failure = (e as Error).message;
        report.line((e as Error).message);
      }
      if (record.html && chromium) {
        record.pdf = await printChapterPdf(chromium, options.outDir, name, report);
        if (!record.pdf) failures++;
      }
    }
    manifest.chapters[file] = record;
    writeManifest(options.outDir, manifest);
  }

  const entries: IndexEntry[] = all
    .map((f) => manifest.chapters[f])
    .filter((r): r is ChapterRecord => r !== undefined)
    .map((r) => ({ name: chapterName(r.file), info: r.info, seconds: r.seconds, html: r.html, pdf: r.pdf, ipynb: r.ipynb, failure: r.failure }));
  fs.writeFileSync(path.join(options.outDir, "index.html"), indexPage(entries, { title: COURSE_TITLE, subtitle: `built ${new Date().toISOString().slice(0, 10)}` }));
  const status = failures ? `${failures} ${failures === 1 ? "failure" : "failures"}` : "ok";
  report.line(`course: ${status} in ${formatSeconds((Date.now() - started) / 1000)} → ${path.join(outRel, "index.html")}`);
  return failures;
}

async function printChapterPdf(chromium: string, outDir: string, name: string, report: Reporter): Promise<string | undefined> {
  const started = Date.now();
  try {
    await printPdf(chromium, path.join(outDir, `${name}.html`), path.join(outDir, `${name}.pdf`));
    report.line(`    pdf in ${((Date.now() - started) / 1000).toFixed(1)} s → ${path.join(path.relative(process.cwd(), outDir) || ".", `${name}.pdf`)}`);
    return `${name}.pdf`;
  } catch (e) {
    report.line((e as Error).message);
    return undefined;
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
  const failures = await buildCourse(options);
  process.exitCode = failures ? 1 : 0;
}

if (require.main === module) {
  main().catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 2;
  });
}
