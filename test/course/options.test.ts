// The build's command line and the choice of chapters.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { neighbours, selectChapters } from "../../course/chapters";
import { parseOptions } from "../../course/options";

describe("parseOptions", () => {
  it("builds both editions of every chapter of notebooks/ into site/ with PDFs by default", () => {
    const o = parseOptions([], "/repo");
    assert.equal(o.notebooksDir, "/repo/notebooks");
    assert.equal(o.outDir, "/repo/site", "the course goes where nothing else lives, not beside the compiled build scripts");
    assert.deepEqual(o.editions, { teacher: true, student: true });
    assert.deepEqual(o.only, []);
    assert.equal(o.pdf, true);
    assert.equal(o.changedOnly, false);
    assert.equal(o.kernel, "tsdl");
  });

  it("reads --only (repeatable), --out, --no-pdf and --changed-only", () => {
    const o = parseOptions(["--only", "01", "--only=02-b", "--out", "site", "--no-pdf", "--changed-only"], "/repo", "/home/t");
    assert.deepEqual(o.only, ["01", "02-b"]);
    assert.equal(o.outDir, "/home/t/site", "a path given is relative to the working directory");
    assert.equal(o.notebooksDir, "/repo/notebooks");
    assert.equal(o.pdf, false);
    assert.equal(o.changedOnly, true);
  });

  it("builds only the student edition with --student, only the teacher edition with --teacher, and refuses both", () => {
    assert.deepEqual(parseOptions(["--student"], "/r").editions, { teacher: false, student: true });
    assert.deepEqual(parseOptions(["--teacher"], "/r").editions, { teacher: true, student: false });
    assert.throws(() => parseOptions(["--student", "--teacher"], "/r"), /--student and --teacher each build one edition/);
  });

  it("names the flag and what it got when a value is missing or wrong", () => {
    assert.throws(() => parseOptions(["--out"], "/r"), /--out expects a value; got nothing/);
    assert.throws(() => parseOptions(["--only", "--no-pdf"], "/r"), /--only expects a value; got "--no-pdf"/);
    assert.throws(() => parseOptions(["--timeout", "soon"], "/r"), /--timeout expects a positive whole number of seconds; got "soon"/);
    assert.throws(() => parseOptions(["--pdf-only"], "/r"), /unknown option "--pdf-only"/);
  });
});

describe("selectChapters", () => {
  const files = ["00-welcome.ipynb", "01-tensors.ipynb", "01b-tensor-ops.ipynb", "02-training.ipynb"];

  it("keeps every chapter without --only", () => {
    assert.deepEqual(selectChapters(files, []), files);
  });

  it("matches a file name, a chapter name, or a unique prefix, in course order", () => {
    assert.deepEqual(selectChapters(files, ["02", "00-welcome.ipynb", "01-tensors"]), ["00-welcome.ipynb", "01-tensors.ipynb", "02-training.ipynb"]);
    assert.deepEqual(selectChapters(files, ["notebooks/01b-tensor-ops.ipynb"]), ["01b-tensor-ops.ipynb"]);
  });

  it("names the chapters when a name matches none or several", () => {
    assert.throws(() => selectChapters(files, ["09"]), /--only expects the name of one chapter \(00-welcome, 01-tensors, 01b-tensor-ops, 02-training\); got "09": no notebook has that name/);
    assert.throws(() => selectChapters(files, ["01"]), /got "01": it matches 01-tensors.ipynb, 01b-tensor-ops.ipynb/);
  });
});

describe("neighbours", () => {
  const files = ["00-welcome.ipynb", "01-tensors.ipynb", "02-training.ipynb"];
  const titles = new Map([["00-welcome.ipynb", "Welcome"], ["02-training.ipynb", "Training"]]);

  it("links a chapter to the pages before and after it, by title or else by name", () => {
    assert.deepEqual(neighbours(files, titles, "01-tensors.ipynb"), { prev: { href: "00-welcome.html", title: "Welcome" }, next: { href: "02-training.html", title: "Training" } });
    assert.deepEqual(neighbours(files, new Map(), "00-welcome.ipynb"), { prev: undefined, next: { href: "01-tensors.html", title: "01-tensors" } });
    assert.equal(neighbours(files, titles, "02-training.ipynb").next, undefined);
  });
});
