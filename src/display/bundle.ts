// MIME bundles and the one formatting chain that turns any value into one.
// Follows Deno's Jupyter convention, so objects written for Deno display here too.
import { inspect as nodeInspect } from "node:util";
import { checkOptions, flag } from "../args/options";
import { htmlTable } from "./report";

import { displaySymbol, DisplayOptions, isDisplayable, MediaBundle, WireBundle } from "./mediaBundle";

export { displaySymbol, liveDisplaySymbol, isDisplayable } from "./mediaBundle";
export type { MediaBundle, WireBundle, Displayable, DisplayOptions } from "./mediaBundle";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** A JPEG starts with FF D8 and ends with FF D9 (Deno's test). */
function isJpeg(bytes: Uint8Array): boolean {
  const n = bytes.length;
  return n >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
}

/** The MIME type of a vega or vega-lite spec, from its $schema; undefined for anything else. */
function vegaMime(spec: unknown): string | undefined {
  const schema = spec !== null && typeof spec === "object" ? (spec as { $schema?: unknown }).$schema : undefined;
  if (typeof schema !== "string") return undefined;
  if (schema.includes("vega-lite/v4")) return "application/vnd.vegalite.v4+json";
  if (schema.includes("vega-lite")) return "application/vnd.vegalite.v5+json";
  return schema.includes("vega.github.io/schema/vega/") ? "application/vnd.vega.v5+json" : undefined;
}

/** A canvas (or anything with toDataURL): its data URL's MIME type and base64 data. */
function canvasBundle(canvas: { toDataURL(): unknown }): MediaBundle | undefined {
  const url = canvas.toDataURL();
  const m = typeof url === "string" ? /^data:([^;,]+)(;base64)?,(.*)$/s.exec(url) : null;
  return m && m[2] ? { [m[1]!]: m[3]! } : undefined;
}

/** A data frame as Polars (and Deno) shape it: schema, head(n), toRecords(). */
interface DataFrameLike {
  schema: Record<string, unknown>;
  head(n: number): { toRecords(): Record<string, unknown>[] };
}

function isDataFrameLike(value: object): value is DataFrameLike {
  const df = value as Partial<Record<"schema" | "head" | "toRecords", unknown>>;
  return df.schema !== null && typeof df.schema === "object" && typeof df.head === "function" && typeof df.toRecords === "function";
}

/** A JSON Schema type for a column, from its first value. */
function jsonType(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  if (typeof value === "boolean") return "boolean";
  if (Array.isArray(value)) return "array";
  if (value === null || value === undefined) return "null";
  return typeof value === "object" && !(value instanceof Date) ? "object" : "string";
}

/** A data frame as a Frictionless data resource (the first 50 rows) and an HTML table (the first 10). */
function dataFrameBundle(df: DataFrameLike): MediaBundle {
  const data = df.head(50).toRecords();
  const names = Object.keys(df.schema);
  const fields = names.map((name) => ({ name, type: jsonType(data[0]?.[name]) }));
  const rows = data.slice(0, 10).map((row) => names.map((n) => String(row[n])));
  return { "application/vnd.dataresource+json": { data, schema: { fields } }, "text/html": htmlTable(names, rows) };
}

function outerHtml(value: object): string | undefined {
  const html = (value as { outerHTML?: unknown }).outerHTML;
  return typeof html === "string" ? html : undefined;
}

/** How plain values read as text: like Node's REPL. */
export function plainText(value: unknown): string {
  return nodeInspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

function rawBundle(value: unknown): MediaBundle {
  if (value === null || typeof value !== "object") {
    throw new TypeError(`display: with { raw: true } expected a MediaBundle object; got ${plainText(value)}`);
  }
  // The bundle goes out as JSON: refuse here, with the MIME type named, what could not be sent.
  for (const [mime, data] of Object.entries(value)) {
    if (data === undefined || typeof data === "string" || data instanceof Uint8Array) continue;
    try {
      JSON.stringify(data);
    } catch (e) {
      throw new TypeError(`display: with { raw: true } expected each MIME type to hold a string, bytes or JSON data; "${mime}" cannot be sent as JSON (${(e as Error).message.split("\n")[0]})`);
    }
  }
  return value as MediaBundle;
}

/**
 * The format chain, Deno's order: the value's own display symbol, then a canvas, a vega or vega-lite spec
 * (or an object whose toSpec() gives one), a data frame, PNG or JPEG bytes, an SVG or HTML element, and
 * plain text. A bundle, a promise of one when the display method is async, or undefined for `undefined`
 * (which shows nothing). Bad options throw at once.
 */
export function formatNow(value: unknown, options: DisplayOptions = {}): MediaBundle | undefined | Promise<MediaBundle> {
  checkOptions("display", options, { raw: flag });
  if (value === undefined) return undefined;
  if (options.raw) return rawBundle(value);
  if (isDisplayable(value)) return value[displaySymbol]();
  if (value === null || typeof value !== "object") return { "text/plain": plainText(value) };
  if (typeof (value as { toDataURL?: unknown }).toDataURL === "function") {
    const image = canvasBundle(value as { toDataURL(): unknown });
    if (image) return image;
  }
  const spec = typeof (value as { toSpec?: unknown }).toSpec === "function" ? (value as { toSpec(): unknown }).toSpec() : value;
  const vega = vegaMime(spec);
  if (vega) return { [vega]: spec, "text/plain": `<${vega.includes("lite") ? "vega-lite" : "vega"} chart>` };
  if (isDataFrameLike(value)) return dataFrameBundle(value);
  if (value instanceof Uint8Array) {
    if (isPng(value)) return { "image/png": value, "text/plain": `<PNG image, ${value.length} bytes>` };
    if (isJpeg(value)) return { "image/jpeg": value, "text/plain": `<JPEG image, ${value.length} bytes>` };
  }
  const html = outerHtml(value);
  if (html !== undefined) return html.startsWith("<svg") ? { "image/svg+xml": html } : { "text/html": html };
  return { "text/plain": plainText(value) };
}

/** Formats any value as a MediaBundle (see formatNow): Deno's `format`, awaited. */
export async function formatValue(value: unknown, options: DisplayOptions = {}): Promise<MediaBundle | undefined> {
  return formatNow(value, options);
}

/** Encodes binary data as base64 and guarantees a text/plain entry, as Jupyter expects. */
export function toWireBundle(bundle: MediaBundle): WireBundle {
  if (bundle === null || typeof bundle !== "object") throw new TypeError(`toWireBundle: expected a MediaBundle object; got ${plainText(bundle)}`);
  const wire: Record<string, unknown> = {};
  for (const [mime, data] of Object.entries(bundle)) {
    if (data === undefined) continue;
    wire[mime] = data instanceof Uint8Array ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64") : data;
  }
  if (typeof wire["text/plain"] !== "string") {
    const kinds = Object.keys(wire).join(", ") || "nothing";
    wire["text/plain"] = `<${kinds}>`;
  }
  return wire as WireBundle;
}
