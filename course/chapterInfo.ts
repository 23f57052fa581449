// What the course index says about a chapter, read from the Markdown that opens its notebook.

/** The parts of an nbformat 4 notebook that the course build reads. */
export interface NotebookJson {
  cells: { cell_type: string; source: string | string[]; outputs?: unknown[] }[];
  metadata?: { title?: string; [key: string]: unknown };
}

export interface ChapterInfo {
  /** The first heading, or the notebook's `title` metadata, or a name made from the file name. */
  title: string;
  /** The first paragraph after the title, as Markdown. */
  summary?: string;
  /** The sentence that introduces the goals, e.g. "**You will check that:**". */
  goalsLead?: string;
  /** The items of the first list: the chapter's learning goals, as Markdown. */
  goals: string[];
}

type Block = { kind: "heading"; level: number; text: string } | { kind: "paragraph"; text: string } | { kind: "list"; items: string[] };

export function sourceText(source: string | string[]): string {
  return Array.isArray(source) ? source.join("") : source;
}

/** Title, summary and goals of a chapter, from the Markdown cells before its first code cell. */
export function chapterInfo(nb: NotebookJson, fileName: string): ChapterInfo {
  const intro: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type === "code" && sourceText(cell.source).trim() !== "") break;
    if (cell.cell_type === "markdown") intro.push(sourceText(cell.source));
  }
  const blocks = markdownBlocks(intro.join("\n\n"));
  const heading = blocks.find((b): b is Extract<Block, { kind: "heading" }> => b.kind === "heading");
  const metaTitle = typeof nb.metadata?.title === "string" && nb.metadata.title.trim() ? nb.metadata.title.trim() : undefined;
  const title = metaTitle ?? (heading ? plainText(heading.text) : titleFromFileName(fileName));

  const afterTitle = heading ? blocks.slice(blocks.indexOf(heading) + 1) : blocks;
  const listAt = afterTitle.findIndex((b) => b.kind === "list");
  const list = listAt >= 0 ? (afterTitle[listAt] as Extract<Block, { kind: "list" }>) : undefined;
  const before = listAt > 0 ? afterTitle[listAt - 1] : undefined;
  const goalsLead = before?.kind === "paragraph" && /:\**\s*$/.test(before.text) ? before.text : undefined;
  const summaryBlock = afterTitle.find((b) => b.kind === "paragraph" && b.text !== goalsLead);
  return {
    title,
    summary: summaryBlock?.kind === "paragraph" && (listAt < 0 || afterTitle.indexOf(summaryBlock) < listAt) ? summaryBlock.text : undefined,
    goalsLead,
    goals: list?.items ?? [],
  };
}

const LIST_ITEM = /^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;

/** Headings, paragraphs and flat lists: enough Markdown to find a title and a list of goals. */
function markdownBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  let fenced = false;
  const close = () => {
    if (open) blocks.push(open);
    open = undefined;
  };
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      close();
      continue;
    }
    if (fenced) continue;
    const heading = HEADING.exec(line);
    const item = LIST_ITEM.exec(line);
    if (line.trim() === "") {
      if (open?.kind !== "list") close();
    } else if (heading) {
      close();
      blocks.push({ kind: "heading", level: heading[1]!.length, text: heading[2]! });
    } else if (item) {
      if (open?.kind !== "list") {
        close();
        open = { kind: "list", items: [] };
      }
      open.items.push(item[1]!.trim());
    } else if (open?.kind === "list" && /^\s+\S/.test(line)) {
      const items = open.items;
      items[items.length - 1] += ` ${line.trim()}`;
    } else if (open?.kind === "paragraph") {
      open.text += ` ${line.trim()}`;
    } else {
      close();
      open = { kind: "paragraph", text: line.trim() };
    }
  }
  close();
  return blocks;
}

/** Markdown inline syntax removed: for the page title and the index's headings. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(\*|_)(.+?)\1/g, "$2")
    .replace(/`([^`]*)`/g, "$1")
    .trim();
}

function titleFromFileName(fileName: string): string {
  const words = fileName.replace(/\.ipynb$/, "").replace(/^\d+[-_ ]*/, "").replace(/[-_]+/g, " ").trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : fileName;
}
