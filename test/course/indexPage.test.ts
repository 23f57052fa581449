// The course index: a pure page listing chapters with titles, goals and run times.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IndexEntry, formatSeconds, indexPage, inlineMarkdown } from "../../course/indexPage";

const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
  name: "01-tensors",
  info: { title: "Tensors", summary: "What a **tensor** is.", goalsLead: "You will:", goals: ["make a `tf.tensor`", "read its shape"] },
  seconds: 12.34,
  html: "01-tensors.html",
  pdf: "01-tensors.pdf",
  ipynb: "01-tensors.ipynb",
  ...over,
});

describe("indexPage", () => {
  it("lists every chapter with its number, linked title, goals and run time", () => {
    const html = indexPage([entry(), entry({ name: "02-training", info: { title: "Training", goals: [] }, seconds: 150 })], { title: "Course" });
    assert.match(html, /<title>Course<\/title>/);
    assert.match(html, /<span class="number">1<\/span><a href="01-tensors.html">Tensors<\/a>/);
    assert.match(html, /<li>make a <code>tf.tensor<\/code><\/li>/);
    assert.match(html, /ran in 12.3 s/);
    assert.match(html, /ran in 2 min 30 s/);
    assert.match(html, /2 chapters · 2 min 42 s to run/);
    assert.match(html, /<a href="01-tensors.pdf">PDF<\/a>/);
  });

  it("escapes titles and goals, so a chapter cannot inject markup", () => {
    const html = indexPage([entry({ info: { title: "<script>x</script>", goals: ["a < b & c"] } })], { title: "T" });
    assert.ok(!html.includes("<script>x"));
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
    assert.match(html, /a &lt; b &amp; c/);
  });

  it("shows a failed chapter without a page link, with the reason", () => {
    const html = indexPage([entry({ html: undefined, pdf: undefined, failure: "01-tensors.ipynb failed at cell 4 (In [2]): RangeError: boom" })], { title: "T" });
    assert.match(html, /class="chapter failed"/);
    assert.match(html, /Build failed: 01-tensors.ipynb failed at cell 4 \(In \[2\]\): RangeError: boom/);
    assert.ok(!html.includes('href="01-tensors.html"'));
    assert.match(html, /1 failed/);
  });

  it("loads nothing: no scripts, no external stylesheets", () => {
    const html = indexPage([entry()], { title: "T" });
    assert.ok(!/<script|<link|@import|url\(/i.test(html));
  });
});

describe("inlineMarkdown", () => {
  it("renders code, bold, italics and relative or web links, and nothing else", () => {
    assert.equal(inlineMarkdown("**b** *i* `x*y*z` [doc](02-b.html)"), '<strong>b</strong> <em>i</em> <code>x*y*z</code> <a href="02-b.html">doc</a>');
    assert.equal(inlineMarkdown("[bad](javascript:void)"), "bad");
  });
});

describe("formatSeconds", () => {
  it("uses tenths of seconds under two minutes, then minutes and seconds", () => {
    assert.equal(formatSeconds(0.04), "0.0 s");
    assert.equal(formatSeconds(119.94), "119.9 s");
    assert.equal(formatSeconds(125.4), "2 min 05 s");
  });
});
