// Small pure builders for the HTML that displays share.

/** What a wrong argument is, for an error message, without calling its own toString. */
function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? `a ${(value as object).constructor?.name ?? "object"}` : typeof value;
}

/** Strings pass; numbers and booleans become text, a missing cell empty; anything else is a mistake named in the error. */
function asText(fn: string, what: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  throw new TypeError(`${fn}: expected ${what} to be a string; got ${kindOf(value)}`);
}

export function escapeHtml(text: string): string {
  return asText("escapeHtml", "text", text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface HtmlTableOptions {
  /** Column indexes whose cells are right-aligned (numbers). */
  numeric?: number[];
  caption?: string;
  className?: string;
}

function checkTable(fn: string, header: unknown, rows: unknown): void {
  if (!Array.isArray(header)) throw new TypeError(`${fn}: expected header to be an array of column titles; got ${kindOf(header)}`);
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw new TypeError(`${fn}: expected rows to be an array of rows, each an array of cells; got ${Array.isArray(rows) ? "an array with a row that is not an array" : kindOf(rows)}`);
}

/** A table with a header row; every cell is escaped. */
export function htmlTable(header: string[], rows: string[][], options: HtmlTableOptions = {}): string {
  checkTable("htmlTable", header, rows);
  const numeric = new Set(options.numeric ?? []);
  const align = (i: number) => (numeric.has(i) ? ' style="text-align:right"' : ' style="text-align:left"');
  const head = header.map((h, i) => `<th${align(i)}>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${align(i)}>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n");
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : "";
  return `<table${cls}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A plain-text table with aligned columns, as Keras prints them. */
export function textTable(header: string[], rows: string[][], options: { numeric?: number[] } = {}): string {
  checkTable("textTable", header, rows);
  [header, rows] = [header.map((h) => asText("textTable", "each header cell", h)), rows.map((r) => Array.from(r, (c) => asText("textTable", "each cell", c)))];
  const numeric = new Set(options.numeric ?? []);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("──");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
