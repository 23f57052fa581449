// How values and shapes read in error messages: what was received, said briefly and without ever throwing.

const SHORT = 40;

const isShortLiteral = (v: unknown) => v === null || ["number", "boolean", "bigint"].includes(typeof v) || (typeof v === "string" && v.length <= SHORT);

const article = (name: string) => `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name}`;

const literal = (v: unknown) => (typeof v === "bigint" ? `${v}n` : typeof v === "string" ? JSON.stringify(v) : String(v));

/** A tensor told by its fields, not its class: a second copy of tfjs (next to a notebook) makes its own Tensor class. */
function tensorText(value: object): string | undefined {
  const t = value as { shape?: unknown; dtype?: unknown; isDisposed?: unknown; constructor?: { name?: string } };
  if (!Array.isArray(t.shape) || typeof t.dtype !== "string" || typeof t.isDisposed !== "boolean") return undefined;
  const kind = `${t.dtype} ${t.constructor?.name === "Variable" ? "variable" : "tensor"} of shape ${shapeText(t.shape as number[])}`;
  return t.isDisposed ? `a disposed ${kind}` : /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/**
 * The one description of a received value in error messages: short values as the student wrote them
 * (`42`, `"abc"`, `10n`, `[1,0]`, `null`), anything else by its kind (`an array of length 3`, `a float32
 * tensor of shape [2,3]`, `a Map`). Unlike JSON.stringify or String it never throws (BigInt, symbols,
 * objects without a prototype) and never prints a million elements.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  if (isShortLiteral(value)) return literal(value);
  if (typeof value === "string") return `a string of ${value.length} characters (${JSON.stringify(value.slice(0, SHORT) + "…")})`;
  if (typeof value === "symbol") return `the symbol ${String(value)}`;
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return value.length <= 8 && value.every(isShortLiteral) ? `[${value.map(literal).join(",")}]` : `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value) && "length" in value) return `${article(value.constructor.name)} of length ${(value as unknown as ArrayLike<unknown>).length}`;
  const object = value as object;
  const tensor = tensorText(object);
  if (tensor) return tensor;
  const name = (object.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === "string" && name && name !== "Object" ? article(name) : "an object";
}

/** @deprecated The former name of `describeValue`, kept for code written against it. */
export const valueText = describeValue;

/** `[2,3]`: how shapes read in headers and messages. */
export function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? "null" : String(d))).join(",")}]`;
}
