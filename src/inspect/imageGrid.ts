// A labelled grid of images, wrong predictions outlined and captioned in red, the way DLwP's and
// d2l's show_images figures mark them. The pixels are composed here into one raster (fast for
// resvg to draw); the captions and outlines are SVG on top of it. Pure: data in, data out.
import { escapeHtml } from "../display/html";

export interface GridCell {
  /** Caption lines; a wrong cell's last line is drawn in red. */
  lines: string[];
  wrong: boolean;
}

/** Where everything goes, in pixels. */
export interface GridLayout {
  cols: number;
  rows: number;
  /** Size of each image as drawn. */
  width: number;
  height: number;
  cellWidth: number;
  cellHeight: number;
  totalWidth: number;
  totalHeight: number;
  captionLines: number;
}

const GAP = 6;
const LINE = 13;
const FONT_SIZE = 11;

export function gridLayout(count: number, cols: number, width: number, height: number, captionLines: number, captionWidth = 0): GridLayout {
  const cellWidth = Math.max(width, 48, captionWidth);
  const cellHeight = height + captionLines * LINE + (captionLines ? 4 : 0);
  const rows = Math.ceil(count / cols);
  return { cols, rows, width, height, cellWidth, cellHeight, captionLines, totalWidth: GAP + cols * (cellWidth + GAP), totalHeight: GAP + rows * (cellHeight + GAP) };
}

/** Top-left corner of the i-th image. */
export function imageOrigin(layout: GridLayout, i: number): [number, number] {
  const x = GAP + (i % layout.cols) * (layout.cellWidth + GAP) + Math.floor((layout.cellWidth - layout.width) / 2);
  const y = GAP + Math.floor(i / layout.cols) * (layout.cellHeight + GAP);
  return [x, y];
}

/**
 * One white RGBA raster with every image upscaled by `scale` (nearest neighbour) at its place.
 * `images` holds `count` RGBA images of `w`×`h`, one after the other.
 */
export function composeGrid(images: Uint8Array, count: number, w: number, h: number, scale: number, layout: GridLayout): Uint8Array {
  const W = layout.totalWidth;
  const out = new Uint8Array(W * layout.totalHeight * 4).fill(255);
  const src = new Uint32Array(images.buffer, images.byteOffset, count * w * h);
  const dst = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) {
    const [ox, oy] = imageOrigin(layout, i);
    const base = i * w * h;
    for (let y = 0; y < h * scale; y++) {
      const row = base + Math.floor(y / scale) * w;
      const line = (oy + y) * W + ox;
      for (let x = 0; x < w * scale; x++) dst[line + x] = src[row + Math.floor(x / scale)]!;
    }
  }
  return out;
}

/** The SVG: the composed raster, red outlines around wrong cells, and the captions. */
export function gridSvg(rasterPng: Uint8Array, cells: GridCell[], layout: GridLayout, fontFamily: string): string {
  const { totalWidth: W, totalHeight: H } = layout;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<image x="0" y="0" width="${W}" height="${H}" image-rendering="optimizeSpeed" xlink:href="data:image/png;base64,${Buffer.from(rasterPng).toString("base64")}"/>`,
  ];
  cells.forEach((cell, i) => {
    const [x, y] = imageOrigin(layout, i);
    const centre = x + layout.width / 2;
    if (cell.wrong) parts.push(`<rect x="${x - 1.5}" y="${y - 1.5}" width="${layout.width + 3}" height="${layout.height + 3}" fill="none" stroke="#d62728" stroke-width="3"/>`);
    cell.lines.forEach((text, j) => {
      const red = cell.wrong && j === cell.lines.length - 1;
      parts.push(
        `<text x="${centre}" y="${y + layout.height + (j + 1) * LINE}" text-anchor="middle" font-family="${fontFamily}" font-size="${FONT_SIZE}"` +
          ` fill="${red ? "#d62728" : "#333"}"${red ? ' font-weight="bold"' : ""}>${escapeHtml(text)}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return parts.join("\n");
}
