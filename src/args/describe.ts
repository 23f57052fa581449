// How values and shapes read in error messages: what was received, said briefly and without ever throwing.

/** A short description of any value for error messages: its type and a glimpse of it. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "function") return "a function";
  if (typeof value === "bigint") return `the bigint ${value}n`;
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return `the ${typeof value} ${String(value)}`;
}

const isShortLiteral = (v: unknown) => v === null || ["number", "boolean", "bigint"].includes(typeof v) || (typeof v === "string" && v.length <= 40);

/**
 * A value as the student wrote it, when that is short (`[1,0]`, `"abc"`, `10n`), else `describeValue`.
 * Unlike JSON.stringify it never throws (BigInt) and never prints a million elements.
 */
export function valueText(value: unknown): string {
  const literal = (v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? JSON.stringify(v) : String(v));
  if (isShortLiteral(value)) return literal(value);
  if (Array.isArray(value) && value.length <= 8 && value.every(isShortLiteral)) return `[${value.map(literal).join(",")}]`;
  return describeValue(value);
}

/** `[2,3]`: how shapes read in headers and messages. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(",")}]`;
}
