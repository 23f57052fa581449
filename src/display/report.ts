// The one table every result displays as: a title, notes, columns, rows and footer lines, drawn as aligned
// text (text/plain) and as an HTML table (text/html). Model summaries, shape traces, histories, kernel
// profiles, gradient checks, confusion matrices and layer statistics are all reports.
import { describeValue } from "../args/describe";
import { displaySymbol, Displayable, MediaBundle } from "./mediaBundle";
import { asText, escapeHtml } from "./html";

/** A piece of text, plain or marked: bold, code, grey or a warning (red in HTML). Text output drops the marks. */
export type Inline = string | { strong: string } | { code: string } | { muted: string } | { warn: string };

/** Text made of marked pieces; a "\n" in a table cell starts a new line within the row. */
export type Rich = Inline | readonly Inline[];

export interface ReportColumn {
  title: string;
  /** Right-aligned (numbers). */
  numeric?: boolean;
  /** Set in the code font in HTML (shapes, counts). */
  code?: boolean;
}

export interface ReportSpec {
  /** The first line: what the table is of. */
  title?: Rich;
  /** Remarks under the title: in parentheses in text, grey in HTML. */
  notes?: readonly Rich[];
  /** Column titles, or columns with their alignment and font. */
  columns: readonly (ReportColumn | string)[];
  rows: readonly (readonly Rich[])[];
  /** Lines under the table (totals). */
  footer?: readonly Rich[];
  /** "keras": `_` and `=` rules around the table, as Keras prints a model summary. Default: one `─` rule under the header. */
  frame?: "rule" | "keras";
  /** A class on the HTML's outer element, for styling and tests. */
  className?: string;
}

const INLINE_KINDS = ["strong", "code", "muted", "warn"] as const;

function inlineParts(fn: string, what: string, value: unknown): readonly Inline[] {
  const parts = Array.isArray(value) ? value : [value];
  for (const p of parts) {
    const ok = typeof p === "string" || (p !== null && typeof p === "object" && Object.keys(p).length === 1 && INLINE_KINDS.some((k) => typeof (p as Record<string, unknown>)[k] === "string"));
    if (!ok) throw new TypeError(`${fn}: expected ${what} to be text: a string, { strong | code | muted | warn: string }, or an array of those; got ${describeValue(p)}`);
  }
  return parts as readonly Inline[];
}

function plainOf(part: Inline): string {
  return typeof part === "string" ? part : Object.values(part)[0]!;
}

/** The text of rich text, its marks dropped. */
export function richText(rich: Rich): string {
  return (Array.isArray(rich) ? rich : [rich as Inline]).map(plainOf).join("");
}

/** The HTML of rich text, escaped, with its marks; newlines become line breaks. */
export function richHtml(rich: Rich): string {
  const html = (part: Inline): string => {
    if (typeof part === "string") return escapeHtml(part);
    if ("strong" in part) return `<b>${escapeHtml(part.strong)}</b>`;
    if ("code" in part) return `<code>${escapeHtml(part.code)}</code>`;
    if ("muted" in part) return `<span style="color:#888">${escapeHtml(part.muted)}</span>`;
    return `<span style="color:#c62828;font-weight:bold">${escapeHtml(part.warn)}</span>`;
  };
  return (Array.isArray(rich) ? rich : [rich as Inline]).map(html).join("").replace(/\n/g, "<br>");
}

function column(c: ReportColumn | string): ReportColumn {
  return typeof c === "string" ? { title: c } : c;
}

/** Throws, naming the field, unless `spec` is a report: columns, and rows no wider than them, of text. */
function checkSpec(fn: string, spec: unknown): asserts spec is ReportSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) throw new TypeError(`${fn}: expected a report { title?, columns, rows, notes?, footer? }; got ${describeValue(spec)}`);
  const s = spec as Record<string, unknown>;
  const columns = s.columns;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === "string" || (c !== null && typeof c === "object" && typeof (c as ReportColumn).title === "string"))) {
    throw new TypeError(`${fn}: expected columns to be an array of column titles (strings or { title, numeric?, code? }); got ${describeValue(columns)}`);
  }
  if (!Array.isArray(s.rows)) throw new TypeError(`${fn}: expected rows to be an array of rows, each an array of cells; got ${describeValue(s.rows)}`);
  s.rows.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row)) throw new TypeError(`${fn}: expected rows[${i}] to be an array of cells; got ${describeValue(row)}`);
    if (row.length > columns.length) throw new RangeError(`${fn}: expected rows[${i}] to have at most ${columns.length} cells (one per column); got ${row.length}`);
    row.forEach((cell: unknown, j: number) => inlineParts(fn, `rows[${i}][${j}]`, cell));
  });
  if (s.title !== undefined) inlineParts(fn, "title", s.title);
  for (const key of ["notes", "footer"] as const) {
    const lines = s[key];
    if (lines === undefined) continue;
    if (!Array.isArray(lines)) throw new TypeError(`${fn}: expected ${key} to be an array of lines; got ${describeValue(lines)}`);
    lines.forEach((line: unknown, i: number) => inlineParts(fn, `${key}[${i}]`, line));
  }
  if (s.frame !== undefined && s.frame !== "rule" && s.frame !== "keras") throw new TypeError(`${fn}: expected frame to be "rule" or "keras"; got ${describeValue(s.frame)}`);
  if (s.className !== undefined && typeof s.className !== "string") throw new TypeError(`${fn}: expected className to be a string; got ${describeValue(s.className)}`);
}

/** A table whose display is the table: aligned text and an HTML table. */
export class Report implements Displayable {
  readonly spec: ReportSpec;

  constructor(spec: ReportSpec) {
    checkSpec("report", spec);
    this.spec = spec;
  }

  /** The aligned text: title, notes, header, rule, rows (a multi-line cell spans several lines), footer. */
  toString(): string {
    const { spec } = this;
    const columns = spec.columns.map(column);
    const header = columns.map((c) => c.title);
    // Each row becomes as many text lines as its tallest cell.
    const lines = spec.rows.flatMap((row) => {
      const cells = columns.map((_, i) => (row[i] === undefined ? [""] : richText(row[i]!).split("\n")));
      const height = Math.max(1, ...cells.map((c) => c.length));
      return Array.from({ length: height }, (_, k) => cells.map((c) => c[k] ?? ""));
    });
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const pad = (c: string, i: number) => (columns[i]!.numeric ? c.padStart(widths[i]!) : c.padEnd(widths[i]!));
    let table: string[];
    if (spec.frame === "keras") {
      const line = (cells: string[]) => " " + cells.map(pad).join("   ").trimEnd();
      const total = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) + 2;
      table = ["_".repeat(total), line(header), "=".repeat(total), ...lines.map(line), "=".repeat(total)];
    } else {
      const line = (cells: string[]) => cells.map(pad).join("  ").trimEnd();
      table = [line(header), widths.map((w) => "─".repeat(w)).join("──"), ...lines.map(line)];
    }
    return [
      ...(spec.title === undefined ? [] : [richText(spec.title)]),
      ...(spec.notes ?? []).map((n) => `(${richText(n)})`),
      ...table,
      ...(spec.footer ?? []).map(richText),
    ].join("\n");
  }

  /** The HTML: a title line, grey notes, the table with a ruled header, and footer lines. */
  html(): string {
    const { spec } = this;
    const columns = spec.columns.map(column);
    const align = (c: ReportColumn) => `text-align:${c.numeric ? "right" : "left"};padding:2px 10px`;
    const head = columns.map((c) => `<th style="${align(c)};border-bottom:2px solid #888;font-size:inherit">${escapeHtml(c.title)}</th>`).join("");
    const body = spec.rows
      .map((row) => {
        const cells = columns.map((c, i) => `<td style="${align(c)}${c.code ? ";font-family:var(--jp-code-font-family,monospace)" : ""}">${row[i] === undefined ? "" : richHtml(row[i]!)}</td>`);
        return `<tr style="border-bottom:1px solid rgba(128,128,128,0.25)">${cells.join("")}</tr>`;
      })
      .join("\n");
    const cls = spec.className ? ` ${escapeHtml(spec.className)}` : "";
    return (
      `<div class="tsdl-report${cls}">` +
      (spec.title === undefined ? "" : `<div style="margin-bottom:4px">${richHtml(spec.title)}</div>`) +
      (spec.notes ?? []).map((n) => `<div style="color:#888">${richHtml(n)}</div>`).join("") +
      `<table style="border-collapse:collapse;font-size:inherit"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>` +
      (spec.footer?.length ? `<div style="margin-top:4px">${spec.footer.map((f) => `<div>${richHtml(f)}</div>`).join("")}</div>` : "") +
      `</div>`
    );
  }

  /** console.log shows the same text as the notebook's text/plain. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [displaySymbol](): MediaBundle {
    return { "text/plain": this.toString(), "text/html": this.html() };
  }
}

/**
 * A table that displays as aligned text and as HTML.
 *
 * @example report({ title: "Scores", columns: ["name", { title: "score", numeric: true }], rows: [["a", "0.91"], ["b", "0.87"]] })
 */
export function report(spec: ReportSpec): Report {
  return new Report(spec);
}

export interface HtmlTableOptions {
  /** Column indexes whose cells are right-aligned (numbers). */
  numeric?: number[];
  caption?: string;
  className?: string;
}

/** A report of plain cells: numbers and booleans become text, missing cells stay empty. */
function plainReport(fn: string, header: unknown, rows: unknown, options: HtmlTableOptions): Report {
  if (!Array.isArray(header)) throw new TypeError(`${fn}: expected header to be an array of column titles; got ${describeValue(header)}`);
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw new TypeError(`${fn}: expected rows to be an array of rows, each an array of cells; got ${Array.isArray(rows) ? "an array with a row that is not an array" : describeValue(rows)}`);
  const numeric = new Set(options.numeric ?? []);
  const width = Math.max(header.length, ...rows.map((r: unknown[]) => r.length));
  const columns = Array.from({ length: width }, (_, i) => ({ title: asText(fn, "each header cell", header[i]), numeric: numeric.has(i) }));
  const cells = rows.map((r: unknown[]) => Array.from(r, (c) => asText(fn, "each cell", c)));
  return new Report({ columns, rows: cells, ...(options.caption ? { title: options.caption } : {}), ...(options.className ? { className: options.className } : {}) });
}

/** An HTML table with a header row; every cell is escaped. (A report without title: `report({ columns, rows }).html()`.) */
export function htmlTable(header: string[], rows: string[][], options: HtmlTableOptions = {}): string {
  return plainReport("htmlTable", header, rows, options).html();
}

/** A plain-text table with aligned columns, as Keras prints them. */
export function textTable(header: string[], rows: string[][], options: { numeric?: number[] } = {}): string {
  return plainReport("textTable", header, rows, options).toString();
}
