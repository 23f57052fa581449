// The grades as a CSV (one row per student and exercise) and as an HTML report. Pure builders.
import { escapeHtml } from "../../src/display/html";
import { COURSE_PAGE_CSS } from "../indexPage";
import { GradeRow } from "./score";

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_HEADER = ["student", "exercise", "points", "max_points", "notebook", "reason"];

export function gradesCsv(rows: GradeRow[]): string {
  const lines = [CSV_HEADER, ...rows.map((r) => [r.student, r.exercise, r.points, r.maxPoints, r.notebook, r.reason])];
  return lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function points(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** One page: a table per student (exercise, points, reason), then each exercise's pass rate. */
export function gradesHtml(rows: GradeRow[], options: { title: string; notes?: Map<string, string[]> }): string {
  const students = [...new Set(rows.map((r) => r.student))];
  const exercises = [...new Set(rows.map((r) => r.exercise))];
  const total = (list: GradeRow[]) => `${points(list.reduce((s, r) => s + r.points, 0))} / ${points(list.reduce((s, r) => s + r.maxPoints, 0))}`;
  const studentSection = (student: string) => {
    const mine = rows.filter((r) => r.student === student);
    const notes = options.notes?.get(student) ?? [];
    return `<section class="student" data-student="${escapeHtml(student)}">
<h2>${escapeHtml(student)} <span class="total">${total(mine)}</span></h2>
${notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("\n")}
<table><thead><tr><th>exercise</th><th>notebook</th><th class="n">points</th><th>reason</th></tr></thead><tbody>
${mine.map((r) => `<tr class="${r.points === r.maxPoints ? "full" : r.points === 0 ? "zero" : "part"}"><td>${escapeHtml(r.exercise)}</td><td>${escapeHtml(r.notebook)}</td><td class="n">${points(r.points)} / ${points(r.maxPoints)}</td><td>${escapeHtml(r.reason)}</td></tr>`).join("\n")}
</tbody></table>
</section>`;
  };
  const summary = exercises
    .map((ex) => {
      const list = rows.filter((r) => r.exercise === ex);
      const full = list.filter((r) => r.points === r.maxPoints).length;
      return `<tr><td>${escapeHtml(ex)}</td><td class="n">${full} / ${list.length}</td></tr>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>${COURSE_PAGE_CSS}${REPORT_CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(options.title)}</h1>
<p class="meta">${students.length} ${students.length === 1 ? "student" : "students"} · ${exercises.length} exercises · ${total(rows)} points in all</p>
</header>
<main>
${students.map(studentSection).join("\n")}
<section class="exercises">
<h2>Exercises</h2>
<table><thead><tr><th>exercise</th><th class="n">full points</th></tr></thead><tbody>
${summary}
</tbody></table>
</section>
</main>
</body>
</html>
`;
}

const REPORT_CSS = `
h2 { font-size: 1.3rem; margin: 1.8rem 0 0.5rem; }
h2 .total { color: var(--muted); font-weight: 400; margin-left: 0.6rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.6rem; border-bottom: 1px solid var(--rule); }
th { color: var(--muted); font-weight: 600; }
.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.zero td:nth-child(3) { color: #d1242f; font-weight: 600; }
tr.full td:nth-child(3) { color: #1a7f37; font-weight: 600; }
.note { color: var(--muted); font-style: italic; margin: 0.2rem 0; }
`;
