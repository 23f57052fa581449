// The PDF of each chapter, printed by headless Chromium: it exists and has pages.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { findChromium } from "../../course/pdf";
import { fixtureCourse } from "./fixtureCourse";
import { missingTool, unlessInstalled } from "../support/tools";

/** Page count from poppler's pdfinfo, or from the /Type /Page objects when pdfinfo is missing. */
function pageCount(pdf: string): number {
  const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" });
  if (!info.error && info.status === 0) return Number(/^Pages:\s+(\d+)/m.exec(info.stdout)?.[1] ?? 0);
  return fs.readFileSync(pdf).toString("latin1").match(/\/Type\s*\/Page\b/g)?.length ?? 0;
}

describe("the chapter PDFs", { skip: unlessInstalled("Chromium (to print PDFs)", Boolean(findChromium())) }, () => {
  const { outDir } = fixtureCourse();

  for (const chapter of ["01-charts", "02-text"]) {
    it(`${chapter}.pdf is a PDF with pages`, () => {
      const pdf = path.join(outDir, `${chapter}.pdf`);
      assert.ok(fs.existsSync(pdf), `${pdf} expected`);
      assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString("latin1"), "%PDF-");
      assert.ok(pageCount(pdf) >= 1, `pages expected in ${pdf}`);
    });
  }

  it("prints math typeset, not as TeX", (t) => {
    const text = spawnSync("pdftotext", [path.join(outDir, "02-text.pdf"), "-"], { encoding: "utf8" });
    if (text.error) return missingTool(t, "pdftotext (poppler-utils)");
    assert.match(text.stdout, /The sigmoid/);
    assert.ok(!/\\frac|\$\$/.test(text.stdout), text.stdout);
  });

  it("prints the charts as their PNGs, so the chart chapter runs longer than one page", () => {
    assert.ok(pageCount(path.join(outDir, "01-charts.pdf")) >= 2);
  });
});
