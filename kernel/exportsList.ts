// Build step: records the library's runtime export names in dist/src/exports.json, so the
// kernel knows the prelude's names at start without loading TensorFlow.js.
import fs from "node:fs";
import path from "node:path";

export const EXPORTS_FILE = path.resolve(__dirname, "..", "src", "exports.json");

/** The prelude's names: tf, tsdl and every runtime export of the library. */
export function readExportNames(): string[] {
  try {
    return JSON.parse(fs.readFileSync(EXPORTS_FILE, "utf8")) as string[];
  } catch {
    return Object.keys(require("../src/index"));
  }
}

if (require.main === module) {
  const names = Object.keys(require("../src/index")).sort();
  fs.writeFileSync(EXPORTS_FILE, JSON.stringify(names, null, 1) + "\n");
  console.log(`exports: ${names.length} names → ${path.relative(process.cwd(), EXPORTS_FILE)}`);
}
