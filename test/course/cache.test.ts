// --changed-only: when the last build of a chapter can stand, and why a damaged manifest or output never does.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ChapterRecord, MANIFEST_FILE, libraryHash, outputProblem, parseManifest, readManifest, recordOutput, reuseProblem, writeManifest } from "../../course/cache";
import { writeFileAtomic } from "../../kernel/atomicFile";

const record: ChapterRecord = {
  file: "01-a.ipynb",
  info: { title: "A", goals: [] },
  seconds: 3,
  sourceHash: "src1",
  libraryHash: "lib1",
  ipynb: "01-a.ipynb",
  html: "01-a.html",
  builtAt: "2026-01-01T00:00:00.000Z",
};
const intact = () => undefined;

function outDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-cache-"));
}

describe("reuseProblem", () => {
  it("reuses a chapter whose notebook, library and outputs are unchanged", () => {
    assert.equal(reuseProblem(record, "src1", "lib1", intact), undefined);
  });

  it("rebuilds when the notebook or the library changed", () => {
    assert.equal(reuseProblem(record, "src2", "lib1", intact), "its notebook changed");
    assert.equal(reuseProblem(record, "src1", "lib2", intact), "the library, kernel or course build changed");
  });

  it("rebuilds a chapter never built, one that failed, one without a page, or one whose output is damaged", () => {
    assert.equal(reuseProblem(undefined, "src1", "lib1", intact), "not built before");
    assert.equal(reuseProblem({ ...record, failure: "boom" }, "src1", "lib1", intact), "it failed last time");
    assert.equal(reuseProblem({ ...record, html: undefined }, "src1", "lib1", intact), "its page was not made");
    assert.equal(reuseProblem(record, "src1", "lib1", (f) => (f === "01-a.html" ? "01-a.html is missing" : undefined)), "01-a.html is missing");
  });
});

describe("outputProblem", () => {
  const dir = outDir();
  const file = path.join(dir, "01-a.html");
  const fresh = (): ChapterRecord => {
    fs.writeFileSync(file, "<html>the whole page</html>");
    const r = { ...record };
    recordOutput(dir, r, "01-a.html");
    return r;
  };

  it("accepts an output that is as it was written", () => {
    assert.equal(outputProblem(dir, fresh(), "01-a.html"), undefined);
  });

  it("finds a missing, truncated or changed output", () => {
    let r = fresh();
    fs.rmSync(file);
    assert.equal(outputProblem(dir, r, "01-a.html"), "01-a.html is missing");
    r = fresh();
    fs.truncateSync(file, 10);
    assert.equal(outputProblem(dir, r, "01-a.html"), "01-a.html has 10 bytes but 27 were written (truncated or changed)");
    r = fresh();
    fs.writeFileSync(file, "<html>the WHOLE page</html>");
    assert.equal(outputProblem(dir, r, "01-a.html"), "01-a.html differs from the file written (changed since)");
  });

  it("does not trust an output recorded without a size and hash (an older build's)", () => {
    fresh();
    assert.match(String(outputProblem(dir, record, "01-a.html")), /01-a\.html has no recorded size and hash/);
  });
});

describe("libraryHash", () => {
  it("changes when a file of the built library changes, and only then", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-hash-"));
    fs.mkdirSync(path.join(root, "dist", "src"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "src", "index.js"), "exports.a = 1;");
    fs.writeFileSync(path.join(root, "package-lock.json"), "{}");
    const first = libraryHash(root);
    assert.equal(libraryHash(root), first);
    fs.writeFileSync(path.join(root, "dist", "src", "index.js.map"), "{}");
    assert.equal(libraryHash(root), first, "source maps do not count");
    fs.writeFileSync(path.join(root, "dist", "src", "index.js"), "exports.a = 2;");
    assert.notEqual(libraryHash(root), first);
  });
});

describe("the manifest", () => {
  it("round-trips through the output folder, and starts empty, without complaint, when missing", () => {
    const dir = outDir();
    assert.deepEqual(readManifest(dir), { manifest: { version: 1, chapters: {} }, problems: [] });
    writeManifest(dir, { version: 1, chapters: { [record.file]: record } });
    assert.deepEqual(readManifest(dir), { manifest: { version: 1, chapters: { [record.file]: record } }, problems: [] });
  });

  it("is ignored, saying why, when it is truncated or not JSON", () => {
    const whole = JSON.stringify({ version: 1, chapters: { [record.file]: record } });
    for (const text of [whole.slice(0, whole.length - 7), "", "{not json"]) {
      const read = parseManifest(text);
      assert.deepEqual(read.manifest.chapters, {});
      assert.match(read.problems.join("\n"), /^course-manifest\.json is not valid JSON \(.+\); it is ignored$/);
    }
  });

  it("is ignored, saying why, when it is JSON of another shape", () => {
    for (const json of [null, [], { version: 2, chapters: {} }, { version: 1 }, { version: 1, chapters: [] }]) {
      const read = parseManifest(JSON.stringify(json));
      assert.deepEqual(read.manifest.chapters, {});
      assert.deepEqual(read.problems, ["course-manifest.json is not a version-1 manifest with a chapters object; it is ignored"]);
    }
  });

  it("keeps the well-formed records and drops, by name, each malformed one", () => {
    const chapters = {
      [record.file]: record,
      "02-b.ipynb": { ...record, file: "02-b.ipynb", sourceHash: 42 },
      "03-c.ipynb": { ...record, file: "03-c.ipynb", info: "C" },
      "04-d.ipynb": { ...record },
      "05-e.ipynb": { ...record, file: "05-e.ipynb", outputs: { "05-e.html": { bytes: "12" } } },
      "06-f.ipynb": "a string",
    };
    const read = parseManifest(JSON.stringify({ version: 1, chapters }));
    assert.deepEqual(Object.keys(read.manifest.chapters), [record.file]);
    assert.deepEqual(read.problems, [
      "course-manifest.json: the record of 02-b.ipynb is malformed (sourceHash is not a string); it is ignored",
      "course-manifest.json: the record of 03-c.ipynb is malformed (info has no title and goals); it is ignored",
      'course-manifest.json: the record of 04-d.ipynb is malformed (its file is "01-a.ipynb"); it is ignored',
      'course-manifest.json: the record of 05-e.ipynb is malformed (outputs["05-e.html"] is not { bytes, sha256 }); it is ignored',
      "course-manifest.json: the record of 06-f.ipynb is malformed (not an object); it is ignored",
    ]);
  });

  it("is replaced atomically: a write that fails leaves the old manifest whole and no partial file", () => {
    const dir = outDir();
    writeManifest(dir, { version: 1, chapters: { [record.file]: record } });
    const before = fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8");
    // A folder where the temporary file would go makes the write fail halfway, as a full disk would.
    const blocker = path.join(dir, `${MANIFEST_FILE}.${process.pid}.partial`);
    fs.mkdirSync(blocker);
    assert.throws(() => writeManifest(dir, { version: 1, chapters: {} }));
    fs.rmSync(blocker, { recursive: true });
    assert.equal(fs.readFileSync(path.join(dir, MANIFEST_FILE), "utf8"), before);
    assert.deepEqual(fs.readdirSync(dir), [MANIFEST_FILE]);
  });
});

describe("writeFileAtomic", () => {
  it("replaces the file whole and leaves nothing beside it", () => {
    const dir = outDir();
    const file = path.join(dir, "index.html");
    fs.writeFileSync(file, "old");
    writeFileAtomic(file, "new and longer");
    assert.equal(fs.readFileSync(file, "utf8"), "new and longer");
    assert.deepEqual(fs.readdirSync(dir), ["index.html"]);
  });
});
