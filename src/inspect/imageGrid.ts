// A labelled grid of images as SVG, wrong predictions outlined and captioned in red, the way
// DLwP's and d2l's show_images figures mark them. Pure: PNGs in, SVG text out.
import { escapeHtml } from "../display/html";

export interface GridCell {
  png: Uint8Array;
  /** Caption lines; a wrong cell's last line is drawn in red. */
  lines: string[];
  wrong: boolean;
}

export interface GridLayout {
  cols: number;
  /** Size of each image as drawn, in pixels. */
  width: number;
  height: number;
  fontFamily: string;
}

const GAP = 6;
const LINE = 13;
const FONT_SIZE = 11;

export function gridSvg(cells: GridCell[], layout: GridLayout): string {
  const lines = Math.max(0, ...cells.map((c) => c.lines.length));
  const cellW = Math.max(layout.width, 40);
  const cellH = layout.height + lines * LINE + (lines ? 4 : 0);
  const rows = Math.ceil(cells.length / layout.cols);
  const totalW = GAP + layout.cols * (cellW + GAP);
  const totalH = GAP + rows * (cellH + GAP);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${totalW}" height="${totalH}" viewBox="0 0 ${totalW} ${totalH}">`,
    `<rect width="${totalW}" height="${totalH}" fill="white"/>`,
  ];
  cells.forEach((cell, i) => {
    const x = GAP + (i % layout.cols) * (cellW + GAP);
    const y = GAP + Math.floor(i / layout.cols) * (cellH + GAP);
    const ix = x + (cellW - layout.width) / 2;
    const href = "data:image/png;base64," + Buffer.from(cell.png).toString("base64");
    parts.push(`<image x="${ix}" y="${y}" width="${layout.width}" height="${layout.height}" image-rendering="optimizeSpeed" xlink:href="${href}"/>`);
    if (cell.wrong) parts.push(`<rect x="${ix - 1.5}" y="${y - 1.5}" width="${layout.width + 3}" height="${layout.height + 3}" fill="none" stroke="#d62728" stroke-width="3"/>`);
    cell.lines.forEach((text, j) => {
      const red = cell.wrong && j === cell.lines.length - 1;
      parts.push(
        `<text x="${x + cellW / 2}" y="${y + layout.height + 2 + (j + 1) * LINE - 2}" text-anchor="middle" font-family="${layout.fontFamily}" font-size="${FONT_SIZE}"` +
          ` fill="${red ? "#d62728" : "#333"}"${red ? ' font-weight="bold"' : ""}>${escapeHtml(text)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
