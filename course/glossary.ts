// The course's glossary (용어집): every term a chapter introduces in bold with its Korean gloss,
// `**shape (형상, 모양)**`, gathered into one page. The first Korean term is the course's; the others, and any
// other Korean a later chapter gives the same term, are the variants of the source notes and Korean
// editions, listed beside it. Each term links to the section of the chapter that introduces it.
import { escapeHtml } from "../src/display/html";
import { NotebookJson, plainText, sourceText } from "./chapterInfo";
import { COURSE_PAGE_CSS } from "./indexPage";

/** A chapter as the glossary reads it. */
export interface GlossaryChapter {
  /** The page it links to, e.g. `01-tensors.html`. */
  href: string;
  title: string;
  nb: NotebookJson;
}

/** Where a chapter glosses a term. */
export interface GlossPlace {
  href: string;
  chapter: string;
  /** The id nbconvert gives the heading of the section, or undefined before any heading. */
  anchor?: string;
}

export interface GlossaryEntry {
  /** The English term as first written, e.g. `mean squared error`. */
  term: string;
  /** The course's Korean term (the first one given). */
  korean: string;
  /** Other Korean terms for it, from the same or a later gloss. */
  variants: string[];
  /** Abbreviations given in the gloss, e.g. `MSE`. */
  abbreviations: string[];
  /** Where it is introduced, then where else it is glossed. */
  introduced: GlossPlace;
  alsoIn: GlossPlace[];
}

const HANGUL = /[\uac00-\ud7a3]/;
/** `**term (한국어, 변형)**` or `**term** (한국어)`. */
const GLOSS = /\*\*([^*()]+?)\s*\(([^()]*[\uac00-\ud7a3][^()]*)\)\*\*|\*\*([^*()]+?)\*\*\s*\(([^()]*[\uac00-\ud7a3][^()]*)\)/g;
const HEADING = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/;

/** The id nbconvert's `add_anchor` gives a Markdown heading: its text with spaces as hyphens. */
export function headingAnchor(markdownHeading: string): string {
  return plainText(markdownHeading).replace(/ /g, "-");
}

/** One key for `batches` and `batch`, `Reshaping` and `reshaping`. */
export function termKey(term: string): string {
  const words = term.trim().toLowerCase().split(/\s+/);
  const last = words.pop()!;
  const singular = /(ch|sh|x|ss)es$/.test(last) ? last.slice(0, -2) : /[^su]s$/.test(last) && !/(ss|us|is|as)$/.test(last) ? last.slice(0, -1) : last;
  return [...words, singular].join(" ");
}

/** A term as a headword: sentence case undone (`Reshaping` → `reshaping`), acronyms and names kept. */
function headword(term: string): string {
  const t = term.trim();
  return /^[A-Z][a-z]/.test(t) && t.slice(1) === t.slice(1).toLowerCase() ? t[0]!.toLowerCase() + t.slice(1) : t;
}

/** Every gloss of every chapter, merged by term, in the order the course introduces them. */
export function collectGlosses(chapters: GlossaryChapter[]): GlossaryEntry[] {
  const entries = new Map<string, GlossaryEntry>();
  for (const chapter of chapters) {
    let anchor: string | undefined;
    for (const cell of chapter.nb.cells) {
      if (cell.cell_type !== "markdown") continue;
      for (const line of sourceText(cell.source).split("\n")) {
        const heading = HEADING.exec(line);
        if (heading) anchor = headingAnchor(heading[1]!);
        for (const m of line.matchAll(GLOSS)) {
          const term = (m[1] ?? m[3])!.trim();
          const parts = (m[2] ?? m[4])!.split(/[,;]/).map((p) => p.trim()).filter(Boolean);
          const korean = parts.filter((p) => HANGUL.test(p));
          const abbreviations = parts.filter((p) => !HANGUL.test(p));
          const place: GlossPlace = { href: chapter.href, chapter: chapter.title, anchor };
          const key = termKey(term);
          const entry = entries.get(key);
          if (!entry) {
            entries.set(key, { term: headword(term), korean: korean[0]!, variants: korean.slice(1), abbreviations, introduced: place, alsoIn: [] });
            continue;
          }
          for (const k of korean) if (k !== entry.korean && !entry.variants.includes(k)) entry.variants.push(k);
          for (const a of abbreviations) if (!entry.abbreviations.includes(a)) entry.abbreviations.push(a);
          if (![entry.introduced, ...entry.alsoIn].some((p) => p.href === place.href)) entry.alsoIn.push(place);
        }
      }
    }
  }
  return [...entries.values()];
}

function link(place: GlossPlace, text = place.chapter): string {
  const href = place.anchor ? `${place.href}#${encodeURIComponent(place.anchor)}` : place.href;
  return `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

function row(e: GlossaryEntry, koreanFirst: boolean): string {
  const english = `<span class="term" lang="en">${escapeHtml(e.term)}</span>${e.abbreviations.length ? ` <span class="abbr">(${escapeHtml(e.abbreviations.join(", "))})</span>` : ""}`;
  const korean = `<span class="korean" lang="ko">${escapeHtml(e.korean)}</span>`;
  const variants = e.variants.length ? `<span lang="ko">${e.variants.map(escapeHtml).join(", ")}</span>` : "";
  const where = [link(e.introduced), ...e.alsoIn.map((p) => `<span class="also">${link(p)}</span>`)].join("<br>");
  const [first, second] = koreanFirst ? [korean, english] : [english, korean];
  return `<tr><td>${first}</td><td>${second}</td><td>${variants}</td><td>${where}</td></tr>`;
}

/** glossary.html: the terms in English order, then in Korean (가나다) order. One self-contained page. */
export function glossaryPage(entries: GlossaryEntry[], options: { title: string; indexHref: string }): string {
  const english = [...entries].sort((a, b) => a.term.localeCompare(b.term, "en", { sensitivity: "base" }));
  const korean = [...entries].sort((a, b) => a.korean.localeCompare(b.korean, "ko"));
  const table = (list: GlossaryEntry[], koreanFirst: boolean, id: string) => `<table class="glossary" id="${id}">
<thead><tr><th>${koreanFirst ? "한국어" : "English"}</th><th>${koreanFirst ? "English" : "한국어"}</th><th>also written</th><th>introduced in</th></tr></thead>
<tbody>
${list.map((e) => row(e, koreanFirst)).join("\n")}
</tbody>
</table>`;
  const varied = entries.filter((e) => e.variants.length).length;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${COURSE_PAGE_CSS}${GLOSSARY_CSS}</style>
</head>
<body>
<nav class="back"><a href="${escapeHtml(options.indexHref)}">&larr; All chapters</a></nav>
<header>
<h1>${escapeHtml(options.title)}</h1>
<p class="meta">${entries.length} terms, each with the Korean term this course uses and the other spellings the source notes and Korean editions use (${varied} terms have more than one). A link goes to the section that introduces the term.</p>
<p class="meta"><a href="#english">English → 한국어</a> · <a href="#korean">한국어 → English</a></p>
</header>
<main>
<h2>English → 한국어</h2>
${table(english, false, "english")}
<h2 lang="ko">한국어 → English</h2>
${table(korean, true, "korean")}
</main>
</body>
</html>
`;
}

const GLOSSARY_CSS = `
body { max-width: 64rem; }
nav.back { margin-bottom: 1rem; font-size: 0.95rem; }
nav.back a, .glossary a, .meta a { color: var(--accent); }
h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; }
table.glossary { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
.glossary th, .glossary td { text-align: left; vertical-align: top; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--rule); }
.glossary th { font-weight: 600; color: var(--muted); }
.glossary .term { font-weight: 600; }
.glossary .korean { font-weight: 600; }
.glossary .abbr, .glossary .also a { color: var(--muted); }
`;
