// The report primitive (src/display/report.ts): the one table every result displays as, as text and HTML.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { displaySymbol } from "../../src/display/bundle";
import { htmlTable, report, textTable } from "../../src/display/report";

describe("report", () => {
  const scores = report({
    title: ["Scores of ", { strong: "run 1" }],
    notes: ["on the test set"],
    columns: ["name", { title: "score", numeric: true, code: true }],
    rows: [
      ["alpha", "0.91"],
      [[{ warn: "beta" }], "0.8"],
    ],
    footer: [[{ muted: "mean:" }, " ", { strong: "0.855" }]],
  });

  it("draws aligned text: title, notes in parentheses, header, rule, right-aligned numbers, footer", () => {
    assert.equal(scores.toString(), ["Scores of run 1", "(on the test set)", "name   score", "────────────", "alpha   0.91", "beta     0.8", "mean: 0.855"].join("\n"));
  });

  it("draws an HTML table with the marks: bold, grey, red, code font, right-aligned numbers", () => {
    const html = scores.html();
    assert.match(html, /^<div class="tsdl-report"><div[^>]*>Scores of <b>run 1<\/b><\/div><div style="color:#888">on the test set<\/div><table/);
    assert.match(html, /<th style="text-align:right[^"]*">score<\/th>/);
    assert.match(html, /<span style="color:#c62828;font-weight:bold">beta<\/span>/);
    assert.match(html, /<td style="text-align:right;padding:2px 10px;font-family:var\(--jp-code-font-family,monospace\)">0\.91<\/td>/);
    assert.match(html, /<span style="color:#888">mean:<\/span> <b>0\.855<\/b>/);
    const bundle = scores[displaySymbol]();
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  });

  it("escapes every piece of text", () => {
    const html = report({ title: "<b>", columns: ["<i>"], rows: [[{ code: "a<b" }]] }).html();
    assert.ok(!html.includes("<i>") && html.includes("&lt;i&gt;") && html.includes("<code>a&lt;b</code>"), html);
  });

  it("sets a cell with line breaks on several lines, the other cells empty, and Keras's rules when asked", () => {
    const text = report({ columns: ["layer", { title: "params", numeric: true }, "to"], rows: [["concat", "0", "a\nb"]], frame: "keras" }).toString();
    assert.equal(text, ["______________________", " layer    params   to", "======================", " concat        0   a", "                   b", "======================"].join("\n"));
    assert.match(report({ columns: ["to"], rows: [["a\nb"]] }).html(), /<td[^>]*>a<br>b<\/td>/);
  });

  it("says which part of a report is wrong", () => {
    assert.throws(() => report(null as never), /report: expected a report \{ title\?, columns, rows, notes\?, footer\? \}; got null/);
    assert.throws(() => report({ columns: "a" } as never), /report: expected columns to be an array of column titles .*; got "a"/);
    assert.throws(() => report({ columns: ["a"], rows: [["x", "y"]] }), /report: expected rows\[0\] to have at most 1 cells \(one per column\); got 2/);
    assert.throws(() => report({ columns: ["a"], rows: [[5 as never]] }), /report: expected rows\[0\]\[0\] to be text: .*; got 5/);
    assert.throws(() => report({ columns: ["a"], rows: [], footer: "x" as never }), /report: expected footer to be an array of lines; got "x"/);
  });
});

describe("textTable and htmlTable, reports of plain cells", () => {
  it("align numbers right and accept numbers as cells", () => {
    assert.equal(textTable(["a", "n"], [["x", 1 as never], ["yy", "10"]], { numeric: [1] }), "a    n\n──────\nx    1\nyy  10");
    assert.match(htmlTable(["a"], [["<x>"]], { caption: "T" }), /<div[^>]*>T<\/div><table[^>]*><thead><tr><th[^>]*>a<\/th><\/tr><\/thead><tbody>\n<tr[^>]*><td[^>]*>&lt;x&gt;<\/td><\/tr>/);
  });

  it("name a header or rows that are not arrays", () => {
    assert.throws(() => textTable("a" as never, []), /textTable: expected header to be an array of column titles; got "a"/);
    assert.throws(() => htmlTable(["a"], [{}] as never), /htmlTable: expected rows to be an array of rows, each an array of cells; got an array with a row that is not an array/);
    assert.throws(() => textTable(["a"], [[{}]] as never), /textTable: expected each cell to be a string; got an object/);
  });
});
