// The HTML of a tensor view, built from values already read: a header of facts, a stats line and
// a values table (one table per leading-axis slice for rank ≥ 3), optionally as a heatmap.
import { shapeText } from "../args/describe";
import { escapeHtml } from "../display/html";
import { TensorCorners } from "./corners";
import { TensorStats } from "./stats";

/** Everything the HTML shows, gathered by the view. */
export interface TensorHtmlData {
  corners: TensorCorners;
  /** The text of the element at a flat index of the corners' values, unpadded. */
  cell: (index: number) => string;
  size: number;
  bytes: number;
  backend: string;
  stats?: TensorStats;
  heatmap: boolean;
}

const FONT = "font-family:var(--jp-code-font-family,SFMono-Regular,Menlo,Consolas,monospace);font-size:12px";
const TABLE = "border-collapse:collapse;margin:2px 0 6px 0;" + FONT;
const TD = "padding:1px 6px;text-align:right;white-space:pre;border:1px solid rgba(128,128,128,0.25)";
const TH = "padding:1px 6px;text-align:right;color:#888;font-weight:normal;border:1px solid rgba(128,128,128,0.15)";
const ELLIPSIS = "padding:1px 6px;text-align:center;color:#888";
const MAX_SLICES = 6;

/** Human-readable bytes: 24 B, 3.8 MiB. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

/** A statistic for reading, not for round-tripping: six significant digits. */
export function formatStat(v: number): string {
  if (Number.isNaN(v)) return "—";
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** A light-to-dark blue ramp; t in [0, 1]. */
function heatColour(t: number): { background: string; color: string } {
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const c = from.map((f, i) => Math.round(f + (to[i]! - f) * t));
  return { background: `rgb(${c.join(",")})`, color: t > 0.55 ? "#fff" : "#000" };
}

interface Heat {
  min: number;
  max: number;
  values: ArrayLike<number>;
}

function heatOf(data: TensorHtmlData): Heat | undefined {
  const c = data.corners;
  if (!data.heatmap || c.dtype === "string" || c.dtype === "complex64") return undefined;
  const values = c.values as ArrayLike<number>;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max, values } : undefined;
}

function td(data: TensorHtmlData, heat: Heat | undefined, index: number): string {
  let style = TD;
  if (heat) {
    const v = heat.values[index]!;
    if (Number.isFinite(v)) {
      const { background, color } = heatColour(heat.max > heat.min ? (v - heat.min) / (heat.max - heat.min) : 0.5);
      style += `;background-color:${background};color:${color}`;
    } else style += ";background-color:#ddd";
  }
  return `<td style="${style}">${escapeHtml(data.cell(index))}</td>`;
}

/** Positions in a kept axis, with "…" where items were left out. */
function positions(c: TensorCorners, axis: number): (number | "…")[] {
  const kept = c.keptIndices[axis]!;
  const out: (number | "…")[] = [];
  kept.forEach((orig, k) => {
    if (k > 0 && orig !== kept[k - 1]! + 1) out.push("…");
    out.push(k);
  });
  return out;
}

/** A table of the last one or two axes, starting at `offset` in the kept values. */
function valuesTable(data: TensorHtmlData, heat: Heat | undefined, offset: number): string {
  const c = data.corners;
  const rank = c.shape.length;
  if (rank === 0) return `<table style="${TABLE}"><tr>${td(data, heat, 0)}</tr></table>`;
  const colAxis = rank - 1;
  const cols = positions(c, colAxis);
  const colHead = cols.map((k) => (k === "…" ? `<th style="${ELLIPSIS}">…</th>` : `<th style="${TH}">${c.keptIndices[colAxis]![k]}</th>`)).join("");
  const row = (rowOffset: number) => cols.map((k) => (k === "…" ? `<td style="${ELLIPSIS}">…</td>` : td(data, heat, rowOffset + k))).join("");
  if (rank === 1) return `<table style="${TABLE}"><tr><th style="${TH}"></th>${colHead}</tr><tr><th style="${TH}"></th>${row(offset)}</tr></table>`;
  const rowAxis = rank - 2;
  const width = c.keptShape[colAxis]!;
  const body = positions(c, rowAxis)
    .map((k) =>
      k === "…"
        ? `<tr><th style="${ELLIPSIS}">⋮</th>${cols.map(() => `<td style="${ELLIPSIS}">⋮</td>`).join("")}</tr>`
        : `<tr><th style="${TH}">${c.keptIndices[rowAxis]![k]}</th>${row(offset + k * width)}</tr>`,
    )
    .join("\n");
  return `<table style="${TABLE}"><tr><th style="${TH}"></th>${colHead}</tr>\n${body}</table>`;
}

/** One table per combination of the leading indices (all but the last two axes). */
function sliceTables(data: TensorHtmlData, heat: Heat | undefined): string {
  const c = data.corners;
  const lead = c.shape.length - 2;
  const sliceSize = c.keptShape[lead]! * c.keptShape[lead + 1]!;
  let combos: number[][] = [[]];
  for (let axis = 0; axis < lead; axis++) combos = combos.flatMap((p) => c.keptShape[axis] ? c.keptIndices[axis]!.map((_, k) => [...p, k]) : []);
  const total = c.shape.slice(0, lead).reduce((a, b) => a * b, 1);
  const shown = combos.length > MAX_SLICES ? [...combos.slice(0, MAX_SLICES / 2), undefined, ...combos.slice(-MAX_SLICES / 2)] : combos;
  const omitted = total - (combos.length > MAX_SLICES ? MAX_SLICES : combos.length);
  return shown
    .map((ks) => {
      if (!ks) return `<div style="color:#888;${FONT}">⋮ ${omitted} more slices</div>`;
      const flat = ks.reduce((acc, k, axis) => acc * c.keptShape[axis]! + k, 0);
      const label = `[${ks.map((k, axis) => c.keptIndices[axis]![k]).join(", ")}, :, :]`;
      return `<div style="${FONT};color:#666">${escapeHtml(label)}</div>${valuesTable(data, heat, flat * sliceSize)}`;
    })
    .join("\n");
}

function statsLine(s: TensorStats): string {
  const items: [string, string][] = [
    [s.of === "magnitude" ? "min |z|" : "min", formatStat(s.min)],
    [s.of === "magnitude" ? "max |z|" : "max", formatStat(s.max)],
    ["mean", formatStat(s.mean)],
    ["std", formatStat(s.std)],
    ["NaN", String(s.nanCount)],
    ["±Inf", s.infCount ? `${s.infCount} (+${s.posInfCount} / −${s.negInfCount})` : "0"],
  ];
  const warn = (name: string, value: string) => (name === "NaN" || name === "±Inf") && value !== "0";
  return items
    .map(([k, v]) => `<span style="margin-right:12px"><span style="color:#888">${escapeHtml(k)}</span> <span${warn(k, v) ? ' style="color:#c00;font-weight:bold"' : ""}>${escapeHtml(v)}</span></span>`)
    .join("");
}

/** The whole HTML view of a tensor. */
export function tensorHtml(data: TensorHtmlData): string {
  const c = data.corners;
  const facts = [
    `ndim ${c.shape.length}`,
    `<b>shape ${escapeHtml(shapeText(c.shape))}</b>`,
    `<span style="color:#2a7">dtype ${escapeHtml(c.dtype)}</span>`,
    `size ${data.size.toLocaleString("en-US")}`,
    formatBytes(data.bytes),
    `backend ${escapeHtml(data.backend)}`,
  ];
  const head = `<div style="${FONT};margin-bottom:2px"><b>Tensor</b> <span style="color:#666">${facts.join(" · ")}</span></div>`;
  const stats = data.stats ? `<div style="${FONT};margin-bottom:2px">${statsLine(data.stats)}</div>` : "";
  const heat = heatOf(data);
  let values: string;
  if (c.shape.some((d) => d === 0)) values = `<div style="${FONT};color:#888">[] (empty: no elements)</div>`;
  else if (c.shape.length <= 2) values = valuesTable(data, heat, 0);
  else values = sliceTables(data, heat);
  const note = c.summarised ? `<div style="${FONT};color:#888">showing ${c.edgeItems} items at each end of long axes (${data.size.toLocaleString("en-US")} elements in all)</div>` : "";
  return `<div class="tsdl-tensor">${head}${stats}<div style="overflow:auto;max-height:600px">${values}</div>${note}</div>`;
}
