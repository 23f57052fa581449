// `npm run course` on fixture chapters, through the real kernel: what it writes, what its pages load,
// and how it reports progress, failures, a missing Chromium and unchanged chapters.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { chartLibraries } from "../../course/libraries";
import { FIXTURES, chartKinds, fixtureCourse, runBuild } from "./fixtureCourse";

/** The HTML outside inline scripts: what the browser would fetch is named there. */
function markupOnly(html: string): string {
  return html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, "$1$2");
}

function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe("the course build of the fixture chapters", () => {
  const { outDir, run } = fixtureCourse();
  const page = (name: string) => fs.readFileSync(path.join(outDir, name), "utf8");

  it("writes the executed notebook, a page and a PDF per chapter, and index.html", () => {
    for (const name of ["01-charts", "02-text"]) {
      for (const ext of [".ipynb", ".html", ".pdf"]) assert.ok(fs.existsSync(path.join(outDir, name + ext)), `${name}${ext} expected in ${outDir}\n${run.stdout}`);
    }
    assert.ok(fs.existsSync(path.join(outDir, "index.html")));
  });

  it("executes every code cell through the kernel", () => {
    const nb = JSON.parse(page("01-charts.ipynb")) as { cells: { cell_type: string; execution_count?: number; outputs?: unknown[] }[] };
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.deepEqual(
      code.map((c) => c.execution_count),
      code.map((_, i) => i + 1),
    );
    assert.deepEqual(chartKinds(path.join(outDir, "01-charts.ipynb")), ["vega-lite", "plotly", "vega-lite", "plotly"]);
  });

  it("names each page after the chapter's first heading and numbers its prompts", () => {
    const html = page("01-charts.html");
    assert.match(html, /<title>Charts in the course export<\/title>/);
    assert.match(html, /In&nbsp;\[1\]:/);
    assert.ok(!/In&nbsp;\[&nbsp;\]/.test(html), "no `In [ ]:` prompts");
    assert.ok(!/In&nbsp;\[&nbsp;\]/.test(page("02-text.html")), "an empty code cell is left out");
  });

  it("loads nothing from anywhere: no script, stylesheet or image outside the page", () => {
    for (const name of ["01-charts.html", "02-text.html", "index.html"]) {
      const markup = markupOnly(page(name));
      assert.ok(!/<script\b[^>]*\bsrc=/i.test(markup), `${name}: <script src>`);
      assert.ok(!/<link\b/i.test(markup), `${name}: <link>`);
      assert.ok(!/<(img|iframe|source|video|audio|embed)\b[^>]*\bsrc\s*=\s*(?:"(?!data:)|'(?!data:)|(?!["']|data:))/i.test(markup), `${name}: an element loads a file`);
      assert.ok(!/@import|url\(["']?(https?:|\/\/|file:)/i.test(markup), `${name}: a stylesheet loads a file`);
    }
  });

  it("embeds each chart library once on a page that needs it, and none on a page without charts", () => {
    const libraries = chartLibraries();
    const charts = page("01-charts.html");
    const text = page("02-text.html");
    for (const [name, file] of Object.entries(libraries)) {
      const code = fs.readFileSync(file, "utf8");
      const sample = code.slice(code.length >> 1, (code.length >> 1) + 200);
      assert.equal(occurrences(charts, sample), occurrences(code, sample), `${name} once in 01-charts.html`);
      assert.equal(occurrences(charts, `data-tsdl-library="${name}"`), 1, `${name}'s script tag once in 01-charts.html`);
      assert.equal(occurrences(text, sample), 0, `${name} absent from 02-text.html`);
    }
  });

  it("embeds MathJax, inline, only on a page whose Markdown has TeX math", () => {
    assert.equal(occurrences(page("02-text.html"), 'data-tsdl-library="mathjax"'), 1);
    assert.equal(occurrences(page("01-charts.html"), 'data-tsdl-library="mathjax'), 0);
  });

  it("keeps every chart's PNG as its fallback, beside its spec", () => {
    const charts = page("01-charts.html");
    assert.equal(occurrences(charts, 'class="tsdl-chart-spec"'), 4);
    assert.equal(charts.match(/<div class="tsdl-chart-fallback">\s*<img alt="[^"]*" src="data:image\/png;base64,/g)?.length, 4);
  });

  it("keeps an SVG output as an image, which nbconvert's sanitizer cannot strip", () => {
    const svg = /<img alt="a circle" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)">/.exec(page("01-charts.html"));
    assert.ok(svg, "an <img> with the SVG as a data: URL");
    assert.match(Buffer.from(svg[1]!, "base64").toString("utf8"), /^<svg [^>]*><circle /);
  });

  it("lists both chapters in index.html with their titles, goals and run times", () => {
    const index = page("index.html");
    assert.match(index, /<a href="01-charts.html">Charts in the course export<\/a>/);
    assert.match(index, /<a href="02-text.html">Tensors as text<\/a>/);
    assert.match(index, /<li>a plotly scatter plot;<\/li>/);
    assert.match(index, /<li>show a tensor as a table.<\/li>/);
    assert.equal(index.match(/ran in \d+\.\d s/g)?.length, 2);
  });

  it("writes the student edition: the solution replaced by the stub, the check kept, no outputs, nbgrader checksums", () => {
    const student = JSON.parse(page("student/02-text.ipynb")) as { cells: { cell_type: string; source: string | string[]; outputs?: unknown[]; metadata: { nbgrader?: { grade_id: string; checksum?: string } } }[] };
    const text = (s: string | string[]) => (Array.isArray(s) ? s.join("") : s);
    const solution = student.cells.find((c) => c.metadata.nbgrader?.grade_id === "fx02-ex1-solution")!;
    assert.equal(text(solution.source), "let doubled: tf.Tensor | undefined;\n// your code here");
    const grade = student.cells.find((c) => c.metadata.nbgrader?.grade_id === "fx02-ex1")!;
    assert.match(text(grade.source), /^check\.tensorClose\(doubled/);
    assert.match(grade.metadata.nbgrader!.checksum!, /^[0-9a-f]{32}$/);
    assert.ok(student.cells.every((c) => c.cell_type !== "code" || (c.outputs ?? []).length === 0), "no outputs");
    assert.ok(fs.existsSync(path.join(outDir, "student", "01-charts.ipynb")), "every chapter, with or without exercises");
    assert.match(run.stdout, /course: student edition, 1 exercises in 2 notebooks → .*student\//);
  });

  it("runs the teacher's exercise: its check passes in the executed notebook", () => {
    const executed = JSON.parse(page("02-text.ipynb")) as { cells: { metadata: { nbgrader?: { grade_id: string } }; outputs?: { data?: Record<string, unknown> }[] }[] };
    const grade = executed.cells.find((c) => c.metadata.nbgrader?.grade_id === "fx02-ex1")!;
    assert.ok(grade.outputs?.some((o) => o.data?.["application/vnd.tsdl.check+json"]), "the passed check's record");
  });

  it("links each chapter's student notebook and the glossary from index.html", () => {
    const index = page("index.html");
    assert.match(index, /<a class="student" href="student\/02-text.ipynb"[^>]*>Student notebook<\/a>/);
    assert.match(index, /<a class="glossary" href="glossary.html">Glossary · 용어집<\/a>/);
  });

  it("writes the glossary from the chapters' glosses: each term once, its variants reconciled, linked to where it is introduced", () => {
    const glossary = page("glossary.html");
    assert.match(run.stdout, /course: glossary of 2 terms → /);
    const english = /<table class="glossary" id="english">([\s\S]*?)<\/table>/.exec(glossary)![1]!;
    const rows = english.match(/<tr><td>[\s\S]*?<\/tr>/g) ?? [];
    assert.equal(rows.length, 2, english);
    assert.match(rows[0]!, /<span class="term" lang="en">charts<\/span>.*<span class="korean" lang="ko">차트<\/span><\/td><td><span lang="ko">도표<\/span><\/td><td><a href="01-charts.html#Charts-in-the-course-export">Charts in the course export<\/a><br><span class="also"><a href="02-text.html#Tensors-as-text">Tensors as text<\/a><\/span>/);
    assert.match(rows[1]!, /<span class="term" lang="en">sigmoid<\/span>.*시그모이드.*<a href="02-text.html#Some-maths">Tensors as text<\/a>/);
    assert.match(glossary, /<table class="glossary" id="korean">/);
  });
});

describe("the student edition alone (--student)", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-student-"));
  const started = Date.now();
  const run = runBuild(["--notebooks", FIXTURES, "--out", out, "--student"]);
  const seconds = (Date.now() - started) / 1000;

  it("writes the student notebooks without starting a kernel, and an index that links them", () => {
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.doesNotMatch(run.stdout, /kernel ready/);
    assert.deepEqual(fs.readdirSync(path.join(out, "student")).sort(), ["01-charts.ipynb", "02-text.ipynb"]);
    assert.ok(!fs.existsSync(path.join(out, "02-text.html")), "no teacher page");
    assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /href="student\/02-text.ipynb"/);
    assert.ok(seconds < 30, `took ${seconds} s`);
  });
});

describe("course build options", () => {
  const notebooks = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-src-"));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-out-"));
  for (const f of ["01-charts.ipynb", "02-text.ipynb"]) fs.copyFileSync(path.join(FIXTURES, f), path.join(notebooks, f));
  const first = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--chromium", "/nonexistent/chromium"]);
  const ipynb = path.join(out, "02-text.ipynb");
  const firstMtime = fs.statSync(ipynb, { throwIfNoEntry: false })?.mtimeMs;
  const unchanged = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--changed-only", "--no-pdf"]);
  const unchangedMtime = fs.statSync(ipynb, { throwIfNoEntry: false })?.mtimeMs;
  const nb = JSON.parse(fs.readFileSync(path.join(notebooks, "02-text.ipynb"), "utf8")) as { cells: unknown[] };
  nb.cells.push({ cell_type: "code", id: "added", metadata: {}, execution_count: null, outputs: [], source: "1 + 1" });
  fs.writeFileSync(path.join(notebooks, "02-text.ipynb"), JSON.stringify(nb));
  const changed = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--changed-only", "--no-pdf"]);
  const pagerBefore = fs.readFileSync(path.join(out, "02-text.html"), "utf8");
  const more = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", id: "m", metadata: {}, source: "# More to come" }] };
  fs.writeFileSync(path.join(notebooks, "03-more.ipynb"), JSON.stringify(more));
  const added = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--changed-only", "--no-pdf"]);
  const pageBytes = fs.statSync(path.join(out, "02-text.html")).size;
  fs.truncateSync(path.join(out, "02-text.html"), 100);
  const truncated = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--changed-only", "--no-pdf"]);
  const manifestText = fs.readFileSync(path.join(out, "course-manifest.json"), "utf8");
  fs.writeFileSync(path.join(out, "course-manifest.json"), manifestText.slice(0, manifestText.length >> 1));
  const corrupt = runBuild(["--notebooks", notebooks, "--out", out, "--only", "02-text", "--changed-only", "--no-pdf"]);

  it("--only builds just the chapter named, and index.html lists what was built", () => {
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), ["02-text.html", "02-text.ipynb", "course-manifest.json", "glossary.html", "index.html", "student"]);
    assert.deepEqual(fs.readdirSync(path.join(out, "student")), ["02-text.ipynb"]);
    assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /Tensors as text/);
    assert.ok(!fs.readFileSync(path.join(out, "index.html"), "utf8").includes("Charts in the course export"));
  });

  it("shows progress per notebook and per cell with the time each took", () => {
    assert.match(first.stdout, /\[1\/1\] 02-text.ipynb — Tensors as text/);
    assert.match(first.stdout, /kernel ready in \d+\.\d s, 4 code cells/);
    assert.match(first.stdout, /cell 2 \(In \[1\]\) +\d+\.\d\d s {2}console\.log\("hello from the kernel"\);/);
    assert.match(first.stdout, /cell 3 \(In \[2\]\) +\d+\.\d\d s {2}const t = tf\.tensor2d/);
    assert.match(first.stdout, /executed in \d+\.\d s/);
  });

  it("without Chromium, says so and skips the PDFs without failing", () => {
    assert.match(first.stdout, /Chromium not found \(looked for \/nonexistent\/chromium\); skipping the PDFs/);
    assert.ok(!fs.existsSync(path.join(out, "02-text.pdf")));
  });

  it("--changed-only skips a chapter whose notebook and library are unchanged", () => {
    assert.equal(unchanged.status, 0, unchanged.stdout + unchanged.stderr);
    assert.match(unchanged.stdout, /02-text.ipynb: unchanged since the last build, skipped/);
    assert.ok(!unchanged.stdout.includes("kernel ready"));
    assert.equal(unchangedMtime, firstMtime, "the executed notebook was not rewritten");
  });

  it("--changed-only executes a chapter again once its notebook changed", () => {
    assert.equal(changed.status, 0, changed.stdout + changed.stderr);
    assert.match(changed.stdout, /kernel ready in \d+\.\d s, 5 code cells/);
    const executed = JSON.parse(fs.readFileSync(ipynb, "utf8")) as { cells: { id: string; outputs?: { data?: Record<string, string | string[]> }[] }[] };
    assert.deepEqual(executed.cells.find((c) => c.id === "added")?.outputs?.[0]?.data?.["text/plain"], ["2"]);
  });

  it("--changed-only builds a chapter again, saying why, when its page was truncated since", () => {
    assert.equal(truncated.status, 0, truncated.stdout + truncated.stderr);
    assert.match(truncated.stdout, new RegExp(`built again: 02-text\\.html has 100 bytes but ${pageBytes} were written \\(truncated or changed\\)`));
    assert.match(truncated.stdout, /kernel ready/);
    assert.match(fs.readFileSync(path.join(out, "02-text.html"), "utf8"), /<\/html>\s*$/);
  });

  it("--changed-only ignores a truncated manifest, saying so, builds again and writes a whole one", () => {
    assert.equal(corrupt.status, 0, corrupt.stdout + corrupt.stderr);
    assert.match(corrupt.stdout, /course: course-manifest\.json is not valid JSON \(.+\); it is ignored/);
    assert.match(corrupt.stdout, /built again: not built before/);
    assert.match(corrupt.stdout, /kernel ready/);
    assert.ok(JSON.parse(fs.readFileSync(path.join(out, "course-manifest.json"), "utf8")).chapters["02-text.ipynb"]);
    assert.deepEqual(fs.readdirSync(out).sort(), ["02-text.html", "02-text.ipynb", "course-manifest.json", "glossary.html", "index.html", "student"], "no partial file left");
  });

  describe("links between chapter pages", () => {
    it("link each page to the chapters before and after it, by title", () => {
      assert.match(pagerBefore, /<a class="prev" href="01-charts.html"><span>&larr; Previous<\/span>Charts in the course export<\/a>/);
      assert.ok(!pagerBefore.includes('class="next"'), "the last chapter has no next link");
    });

    it("--changed-only refreshes a page, without executing it, when a chapter is added next to it", () => {
      assert.equal(added.status, 0, added.stdout + added.stderr);
      assert.match(added.stdout, /02-text.ipynb: unchanged since the last build, skipped/);
      assert.ok(!added.stdout.includes("kernel ready"));
      assert.match(fs.readFileSync(path.join(out, "02-text.html"), "utf8"), /<a class="next" href="03-more.html"><span>Next &rarr;<\/span>More to come<\/a>/);
    });
  });
});

describe("a chapter with a failing cell", () => {
  const notebooks = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-fail-"));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-out-"));
  const cells = [
    { cell_type: "markdown", id: "m", metadata: {}, source: "# Broken chapter" },
    { cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [], source: "const x = 1;" },
    { cell_type: "code", id: "b", metadata: {}, execution_count: null, outputs: [], source: 'throw new RangeError("learning rate must be positive");' },
    { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [], source: "x + 1" },
  ];
  fs.writeFileSync(path.join(notebooks, "07-broken.ipynb"), JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: "tsdl", display_name: "TypeScript (tsdl)" } }, cells }));
  const run = runBuild(["--notebooks", notebooks, "--out", out, "--no-pdf"]);

  it("stops that notebook with a message naming the notebook, the cell number and the error, and fails the build", () => {
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /07-broken\.ipynb failed at cell 3 \(In \[2\]\): RangeError: learning rate must be positive/);
    const executed = JSON.parse(fs.readFileSync(path.join(out, "07-broken.ipynb"), "utf8")) as { cells: { id: string; execution_count: number | null }[] };
    assert.equal(executed.cells.find((c) => c.id === "c")?.execution_count, null, "the cell after the failure did not run");
  });

  it("writes no page for it, and index.html says why", () => {
    assert.ok(!fs.existsSync(path.join(out, "07-broken.html")));
    assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /Build failed: 07-broken\.ipynb failed at cell 3/);
  });
});
