// Escaping for the HTML that displays build.
import { describeValue } from "../args/describe";

/** Strings pass; numbers and booleans become text, a missing cell empty; anything else is a mistake named in the error. */
export function asText(fn: string, what: string, value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  throw new TypeError(`${fn}: expected ${what} to be a string; got ${describeValue(value)}`);
}

export function escapeHtml(text: string): string {
  return asText("escapeHtml", "text", text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
