// Small pure builders for the HTML that displays share.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export interface HtmlTableOptions {
  /** Column indexes whose cells are right-aligned (numbers). */
  numeric?: number[];
  caption?: string;
  className?: string;
}

/** A table with a header row; every cell is escaped. */
export function htmlTable(header: string[], rows: string[][], options: HtmlTableOptions = {}): string {
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
  const numeric = new Set(options.numeric ?? []);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("──");
  return [line(header), rule, ...rows.map(line)].join("\n");
}
