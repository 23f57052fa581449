// MIME bundles and the one formatting chain that turns any value into one.
// Follows Deno's Jupyter convention, so objects written for Deno display here too.
import { inspect as nodeInspect } from "node:util";
import { checkOptions, flag } from "../args/options";

/** The symbol an object implements to choose how it is displayed (Deno's convention). */
export const displaySymbol: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * Optional, beside the display symbol: a cheaper bundle for an output that is replaced many times a second
 * (a chart under a slider that is being dragged). A chart leaves out its PNG, which the frontend does not
 * need while it draws the spec; `interact` sends the full bundle once the controls rest.
 */
export const liveDisplaySymbol: unique symbol = Symbol.for("tsdl.display.live") as never;

/**
 * A MIME bundle: MIME type to data. Text types hold strings, JSON types
 * (`application/json`, `application/vnd.vegalite.v5+json`, …) hold objects,
 * and binary types (`image/png`, …) hold bytes or a base64 string.
 */
export type MediaBundle = {
  "text/plain"?: string;
  "text/html"?: string;
  "text/markdown"?: string;
  "image/png"?: Uint8Array | string;
  "image/jpeg"?: Uint8Array | string;
  "image/svg+xml"?: string;
  "application/json"?: unknown;
  "application/vnd.vegalite.v5+json"?: unknown;
  "application/vnd.plotly.v1+json"?: unknown;
  [mime: string]: unknown;
};

/** A bundle as it goes on the wire: binary data base64-encoded, text/plain always present. */
export type WireBundle = { [mime: string]: unknown; "text/plain": string };

/** Anything that chooses its own display. */
export interface Displayable {
  [displaySymbol](): MediaBundle;
}

/** Marks a plain object as an already-built bundle for `display(bundle, { raw: true })`. */
export interface DisplayOptions {
  /** Treat the value as a MediaBundle instead of formatting it. */
  raw?: boolean;
}

export function isDisplayable(value: unknown): value is Displayable {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Record<symbol, unknown>)[displaySymbol] === "function"
  );
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

function isVegaLiteSpec(value: object): boolean {
  const schema = (value as { $schema?: unknown }).$schema;
  return typeof schema === "string" && schema.includes("vega-lite");
}

/** How plain values read as text: like Node's REPL. */
export function plainText(value: unknown): string {
  return nodeInspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
}

/**
 * Formats any value as a MediaBundle, in this order: its own display symbol,
 * a vega-lite spec, image bytes, then plain text. Returns undefined for
 * `undefined`, which shows nothing.
 */
export function formatValue(value: unknown, options: DisplayOptions = {}): MediaBundle | undefined {
  checkOptions("display", options, { raw: flag });
  if (value === undefined) return undefined;
  if (options.raw) {
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
  if (isDisplayable(value)) return value[displaySymbol]();
  if (value instanceof Uint8Array) {
    if (startsWith(value, PNG_SIGNATURE)) return { "image/png": value, "text/plain": `<PNG image, ${value.length} bytes>` };
    if (startsWith(value, JPEG_SIGNATURE)) return { "image/jpeg": value, "text/plain": `<JPEG image, ${value.length} bytes>` };
  }
  if (value !== null && typeof value === "object" && isVegaLiteSpec(value)) {
    return { "application/vnd.vegalite.v5+json": value, "text/plain": "<vega-lite chart>" };
  }
  return { "text/plain": plainText(value) };
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
