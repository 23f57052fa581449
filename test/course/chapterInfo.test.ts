// Reading a chapter's title, summary and goals from the Markdown that opens it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { NotebookJson, chapterInfo, plainText } from "../../course/chapterInfo";
import { REPO_ROOT } from "../../course/paths";

const md = (source: string) => ({ cell_type: "markdown", source });
const code = (source: string) => ({ cell_type: "code", source, outputs: [] });

describe("chapterInfo", () => {
  it("takes the title from the first heading, without its Markdown", () => {
    const info = chapterInfo({ cells: [md("# Tensors and `tf.tidy`\n\nSome words.")] }, "01-tensors.ipynb");
    assert.equal(info.title, "Tensors and tf.tidy");
  });

  it("reads the goals from the first list and the sentence that introduces them", () => {
    const welcome = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "notebooks", "00-welcome.ipynb"), "utf8")) as NotebookJson;
    const info = chapterInfo(welcome, "00-welcome.ipynb");
    assert.equal(info.title, "Welcome to tsdl");
    assert.match(info.summary!, /^This notebook runs on the \*\*tsdl\*\* kernel/);
    assert.equal(info.goalsLead, "**You will check that:**");
    assert.equal(info.goals.length, 3);
    assert.match(info.goals[0]!, /^the kernel starts and tells you which compute backend/);
  });

  it("reads goals spread over several Markdown cells before the first code cell, and none after it", () => {
    const info = chapterInfo(
      { cells: [md("# Gradients"), md("Why derivatives matter.\n\nGoals:\n\n1. compute a numerical gradient\n2. compare it with backprop\n   line two of goal 2"), code("1"), md("- not a goal")] },
      "04-gradients.ipynb",
    );
    assert.deepEqual(info.goals, ["compute a numerical gradient", "compare it with backprop line two of goal 2"]);
    assert.equal(info.goalsLead, "Goals:");
    assert.equal(info.summary, "Why derivatives matter.");
  });

  it("ignores lists and headings inside fenced code", () => {
    const info = chapterInfo({ cells: [md("```\n# not a title\n- not a goal\n```\n# Real title")] }, "x.ipynb");
    assert.equal(info.title, "Real title");
    assert.deepEqual(info.goals, []);
  });

  it("prefers the notebook's title metadata, and falls back to the file name", () => {
    assert.equal(chapterInfo({ cells: [md("# Heading")], metadata: { title: "From metadata" } }, "a.ipynb").title, "From metadata");
    assert.equal(chapterInfo({ cells: [code("1")] }, "03-loss-functions.ipynb").title, "Loss functions");
  });

  it("accepts nbformat's list-of-lines sources", () => {
    const info = chapterInfo({ cells: [{ cell_type: "markdown", source: ["# Split\n", "\n", "- one\n", "- two"] }] }, "a.ipynb");
    assert.deepEqual(info.goals, ["one", "two"]);
  });
});

describe("plainText", () => {
  it("drops emphasis, code spans and link targets", () => {
    assert.equal(plainText("**Bold** _it_ `code` [link](http://x)"), "Bold it code link");
  });
});
