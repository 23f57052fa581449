// Build step: records the library's runtime export names in dist/src/exports.json, so the
// kernel knows the prelude's names at start without loading TensorFlow.js.
import fs from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./atomicFile";

export const EXPORTS_FILE = path.resolve(__dirname, "..", "src", "exports.json");

/** The recorded names, or why they cannot be used. */
function recordedNames(file: string): { names?: string[]; problem?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    return { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  let names: unknown;
  try {
    names = JSON.parse(text);
  } catch (e) {
    return { problem: `is not valid JSON (${(e as Error).message})` };
  }
  if (!Array.isArray(names) || !names.length || !names.every((n) => typeof n === "string")) return { problem: "is not a list of names" };
  return { names };
}

/**
 * The prelude's names: tf, tsdl and every runtime export of the library. When the recorded list is missing
 * or damaged, says so through `log` and reads the names from the library itself (slower: it loads tf).
 */
export function readExportNames(file = EXPORTS_FILE, log: (line: string) => void = () => {}): string[] {
  const { names, problem } = recordedNames(file);
  if (names) return names;
  log(`tsdl: ${file} ${problem}; reading the names from the library instead (run npm run build to record them)`);
  return Object.keys(require("../src/index"));
}

/** Writes the names whole or not at all, so a build that dies midway leaves no truncated list. */
export function writeExportNames(names: string[], file = EXPORTS_FILE): void {
  writeFileAtomic(file, JSON.stringify(names, null, 1) + "\n");
}

if (require.main === module) {
  const names = Object.keys(require("../src/index")).sort();
  writeExportNames(names);
  console.log(`exports: ${names.length} names → ${path.relative(process.cwd(), EXPORTS_FILE)}`);
}
