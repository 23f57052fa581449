// The source-map reader showSource uses on every platform, against Node's own SourceMap on the library's maps.
import assert from "node:assert/strict";
import fs from "node:fs";
import { SourceMap, SourceMapPayload } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { findEntry, SourceMapJson } from "../../src/source/sourceMap";

const LIBRARY = path.resolve(__dirname, "..", "..", "src");

describe("findEntry", () => {
  it("finds the same original line as node:module's SourceMap for points all over the library's compiled files", () => {
    const maps = ["scratch/functions.js", "charts/chart.js", "widgets/interact.js", "index.js"].map((f) => path.join(LIBRARY, `${f}.map`));
    let compared = 0;
    for (const file of maps) {
      const payload = JSON.parse(fs.readFileSync(file, "utf8")) as SourceMapJson & SourceMapPayload;
      const node = new SourceMap(payload);
      const lines = fs.readFileSync(file.replace(/\.map$/, ""), "utf8").split("\n");
      lines.forEach((text, line) => {
        for (const column of [0, Math.floor(text.length / 2), Math.max(0, text.length - 1)]) {
          const theirs = node.findEntry(line, column) as { originalSource?: string; originalLine?: number };
          const ours = findEntry(payload, line, column);
          // Node answers with the previous line's last mapping where a line has none before the column.
          if (!ours) continue;
          // Node names the source by its absolute URL; the map by its relative path.
          assert.equal(path.basename(payload.sources[ours.source]!), path.basename(theirs.originalSource ?? ""));
          assert.equal(ours.line, theirs.originalLine, `${path.basename(file)}:${line + 1}:${column}`);
          compared++;
        }
      });
    }
    assert.ok(compared > 500, `compared ${compared} points`);
  });

  it("says a point before any mapping on its line came from nowhere, and rejects a mapping that is not base64", () => {
    assert.equal(findEntry({ sources: ["a.ts"], mappings: ";AAAA" }, 0, 5), undefined);
    assert.deepEqual(findEntry({ sources: ["a.ts"], mappings: ";AAAA;AACA" }, 2, 0), { source: 0, line: 1 });
    assert.throws(() => findEntry({ sources: ["a.ts"], mappings: "A!AA" }, 0, 0), /'!' is not a base64 digit/);
  });
});
