// --changed-only: when the last build of a chapter can stand.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ChapterRecord, isUpToDate, libraryHash, readManifest, writeManifest } from "../../course/cache";

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
const all = () => true;

describe("isUpToDate", () => {
  it("reuses a chapter whose notebook, library and outputs are unchanged", () => {
    assert.equal(isUpToDate(record, "src1", "lib1", all), true);
  });

  it("rebuilds when the notebook or the library changed", () => {
    assert.equal(isUpToDate(record, "src2", "lib1", all), false);
    assert.equal(isUpToDate(record, "src1", "lib2", all), false);
  });

  it("rebuilds a chapter never built, one that failed, or one whose page was deleted", () => {
    assert.equal(isUpToDate(undefined, "src1", "lib1", all), false);
    assert.equal(isUpToDate({ ...record, failure: "boom" }, "src1", "lib1", all), false);
    assert.equal(isUpToDate(record, "src1", "lib1", (f) => f !== "01-a.html"), false);
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
  it("round-trips through the output folder, and starts empty when missing or unreadable", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-course-manifest-"));
    assert.deepEqual(readManifest(dir), { version: 1, chapters: {} });
    writeManifest(dir, { version: 1, chapters: { [record.file]: record } });
    assert.deepEqual(readManifest(dir).chapters[record.file], record);
    fs.writeFileSync(path.join(dir, "course-manifest.json"), "{not json");
    assert.deepEqual(readManifest(dir), { version: 1, chapters: {} });
  });
});
