// What a displayable value is: the display symbols, MIME bundles and the Displayable contract (Deno's).
// Kept apart from the format chain so that modules the chain uses (the report) can name them too.

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

/** Anything that chooses its own display; the method may be async (Deno's `Displayable`). */
export interface Displayable {
  [displaySymbol](): MediaBundle | Promise<MediaBundle>;
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
