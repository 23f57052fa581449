// `npm run bench`: runs every bench/*.bench.js and prints their tables. Benchmarks, not tests.
import fs from "node:fs";
import path from "node:path";

async function main(): Promise<void> {
  const only = process.argv[2];
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".bench.js") && (!only || f.startsWith(only))).sort();
  for (const file of files) {
    const mod = require(path.join(__dirname, file)) as { run: () => Promise<void> };
    console.log(`\n=== ${file.replace(/\.bench\.js$/, "")} ===`);
    await mod.run();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
