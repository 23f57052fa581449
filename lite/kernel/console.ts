// A cell's console output in the browser: what Node's console writes to stdout and stderr (which the Node
// kernel's Publisher captures), here formatted as Node formats it and written to the same Publisher.
import { format } from "node:util";
import type { Publisher } from "../../kernel/publisher";

const CUSTOM_INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** What Node's console prints for a value with a custom inspection (a tensor's numpy-style text); the browser's util knows no such symbol. */
function customText(value: unknown): unknown {
  const custom = value !== null && typeof value === "object" ? (value as Record<symbol, unknown>)[CUSTOM_INSPECT] : undefined;
  return typeof custom === "function" ? (custom as () => unknown).call(value) : value;
}

/** Sends console.log and friends to the notebook; returns the browser's own console.log, for the kernel's log. */
export function captureConsole(publisher: Publisher): (line: string) => void {
  const original = console.log.bind(console);
  const to = (name: "stdout" | "stderr") => (...args: unknown[]) => publisher.write(name, `${format(...args.map(customText))}\n`);
  console.log = console.info = console.debug = to("stdout");
  console.warn = console.error = to("stderr");
  return original;
}
