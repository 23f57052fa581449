// The course's index.html: every chapter with its title, goals and run time. A pure builder of HTML.
import { escapeHtml } from "../src/display/html";
import { ChapterInfo } from "./chapterInfo";

export interface IndexEntry {
  /** Chapter name, e.g. `01-tensors`. */
  name: string;
  info: ChapterInfo;
  /** Seconds the chapter took to execute; absent for a chapter only the student edition has. */
  seconds?: number;
  /** Links relative to index.html; a failed chapter has no page. */
  html?: string;
  pdf?: string;
  ipynb?: string;
  /** Why the last build of this chapter failed. */
  failure?: string;
  /** The student edition's notebook (solutions replaced by stubs), relative to index.html. */
  student?: string;
}

export interface IndexOptions {
  title: string;
  /** A line under the title, e.g. when and with which kernel the course was built. */
  subtitle?: string;
  /** The glossary page (용어집), relative to index.html. */
  glossaryHref?: string;
}

/** index.html of a course: one self-contained page with no scripts. */
export function indexPage(entries: IndexEntry[], options: IndexOptions): string {
  const total = entries.reduce((s, e) => s + (e.seconds ?? 0), 0);
  const failed = entries.filter((e) => e.failure).length;
  const summary = [`${entries.length} ${entries.length === 1 ? "chapter" : "chapters"}`, `${formatSeconds(total)} to run`, failed ? `${failed} failed` : ""].filter(Boolean).join(" · ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${COURSE_PAGE_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(options.title)}</h1>
<p class="meta">${escapeHtml(summary)}${options.subtitle ? ` · ${escapeHtml(options.subtitle)}` : ""}${options.glossaryHref ? ` · <a class="glossary" href="${escapeHtml(options.glossaryHref)}">Glossary · 용어집</a>` : ""}</p>
</header>
<main>
${entries.length === 0 ? '<p class="empty">No chapters have been built yet.</p>' : `<ol class="chapters">\n${entries.map(chapterItem).join("\n")}\n</ol>`}
</main>
</body>
</html>
`;
}

function chapterItem(entry: IndexEntry): string {
  const { info } = entry;
  const title = entry.html ? `<a href="${escapeHtml(entry.html)}">${escapeHtml(info.title)}</a>` : escapeHtml(info.title);
  const goals = info.goals.length
    ? `${info.goalsLead ? `<p class="lead">${inlineMarkdown(info.goalsLead)}</p>` : ""}<ul class="goals">${info.goals.map((g) => `<li>${inlineMarkdown(g)}</li>`).join("")}</ul>`
    : "";
  const links = [
    entry.html ? `<a href="${escapeHtml(entry.html)}">Read</a>` : "",
    entry.pdf ? `<a href="${escapeHtml(entry.pdf)}">PDF</a>` : "",
    entry.ipynb ? `<a href="${escapeHtml(entry.ipynb)}">Notebook</a>` : "",
    entry.student ? `<a class="student" href="${escapeHtml(entry.student)}" title="solutions replaced by stubs, checks kept">Student notebook</a>` : "",
  ].filter(Boolean);
  const status = entry.failure
    ? `<p class="failure">Build failed: ${escapeHtml(entry.failure)}</p>`
    : "";
  return `<li class="chapter${entry.failure ? " failed" : ""}" data-chapter="${escapeHtml(entry.name)}">
<h2><span class="number">${escapeHtml(chapterNumber(entry.name))}</span>${title}</h2>
${info.summary ? `<p class="summary">${inlineMarkdown(info.summary)}</p>` : ""}${goals}${status}
<p class="meta">${[entry.seconds === undefined ? "" : `<span class="time" title="time to execute every cell">ran in ${escapeHtml(formatSeconds(entry.seconds))}</span>`, ...links].filter(Boolean).join(" · ")}</p>
</li>`;
}

/** `12.3 s`, or `2 min 05 s` from two minutes on. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, "0")} s`;
}

function chapterNumber(name: string): string {
  const m = /^(\d+)/.exec(name);
  return m ? String(Number(m[1])) : "";
}

/** Escaped text with Markdown's code spans, bold, italics and links. */
export function inlineMarkdown(markdown: string): string {
  const codes: string[] = [];
  let html = escapeHtml(markdown).replace(/`([^`]+)`/g, (_, code: string) => {
    codes.push(`<code>${code}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  html = html
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, text: string, href: string) => (/^(https?:|#|[\w./-]+$)/.test(href) ? `<a href="${href}">${text}</a>` : text))
    .replace(/(\*\*|__)(.+?)\1/g, "<strong>$2</strong>")
    .replace(/(^|[^\w*])\*(?!\s)(.+?)\*(?!\w)/g, "$1<em>$2</em>")
    .replace(/(^|[^\w])_(?!\s)(.+?)_(?!\w)/g, "$1<em>$2</em>");
  return html.replace(/\u0000(\d+)\u0000/g, (_, i: string) => codes[Number(i)]!);
}

/** The look of the course's own pages (index, glossary). */
export const COURSE_PAGE_CSS = `
:root { --text: #1f2328; --muted: #59636e; --rule: #d8dee4; --accent: #b8420f; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 52rem; padding: 2.5rem 1.5rem 4rem; color: var(--text); background: #fff;
  font: 16.5px/1.6 "Noto Sans", "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }
header { border-bottom: 1px solid var(--rule); margin-bottom: 1.5rem; }
h1 { font-size: 2.2rem; line-height: 1.2; margin: 0 0 0.4rem; }
.meta { color: var(--muted); font-size: 0.9rem; margin: 0.3rem 0 1rem; }
.meta a.glossary { color: var(--accent); }
.chapters { list-style: none; padding: 0; margin: 0; }
.chapter { padding: 1.1rem 0 0.6rem; border-bottom: 1px solid var(--rule); }
.chapter h2 { font-size: 1.35rem; margin: 0 0 0.4rem; display: flex; gap: 0.7rem; align-items: baseline; }
.chapter h2 .number { color: var(--accent); font-variant-numeric: tabular-nums; min-width: 1.4rem; }
.chapter h2 a { color: inherit; text-decoration: none; }
.chapter h2 a:hover { text-decoration: underline; }
.chapter p, .chapter ul { margin: 0.3rem 0 0.3rem 2.1rem; }
.chapter .lead { font-weight: 400; }
.chapter .goals { padding-left: 1.2rem; list-style: disc; }
.chapter .meta a { color: var(--accent); }
.chapter code { background: #eff1f3; border-radius: 4px; padding: 0.1em 0.35em; font: 0.88em "DejaVu Sans Mono", ui-monospace, monospace; }
.chapter.failed h2 .number { color: #d1242f; }
.failure { color: #d1242f; font-size: 0.95rem; }
.empty { color: var(--muted); }
`;
