// Shared by the chapter tests: execute a chapter notebook through the real kernel and read what it printed.
import assert from "node:assert/strict";
import path from "node:path";
import { Cell, errorOf, ExecutedNotebook, Output, REPO_ROOT, runNotebookFile, streamText } from "../support/jupyter";

export const NOTEBOOKS = path.join(REPO_ROOT, "notebooks");

/** Executes notebooks/<name>.ipynb top to bottom in its own folder, as a student would. */
export function runChapter(name: string, timeoutSeconds: number): ExecutedNotebook {
  return runNotebookFile(path.join(NOTEBOOKS, `${name}.ipynb`), { timeoutSeconds, cwd: NOTEBOOKS, allowErrors: true });
}

/** Fails with the first error output, naming its cell and source. */
export function assertNoErrors(nb: ExecutedNotebook): void {
  assert.equal(nb.status, 0, nb.stderr);
  nb.cells.forEach((cell, i) => {
    const e = errorOf(cell);
    assert.equal(e, undefined, `cell ${i} failed: ${e?.ename}: ${e?.evalue}\n--- source ---\n${cell.source}`);
  });
  const unexecuted = nb.cells.filter((c) => c.cell_type === "code" && c.execution_count === null).length;
  assert.equal(unexecuted, 0, "every code cell runs");
}

/** Everything the notebook printed to stdout, in order. */
export function stdout(nb: ExecutedNotebook): string {
  return nb.cells.map((c) => streamText(c)).join("");
}

/** The number printed after `label` (e.g. "test accuracy: 0.9812"), or a failure naming what was printed. */
export function printedNumber(nb: ExecutedNotebook, label: string): number {
  const text = stdout(nb);
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`${escaped}\\s*(-?[0-9.]+(?:e[-+]?[0-9]+)?)`).exec(text);
  assert.ok(m, `expected the notebook to print "${label} <number>"; it printed:\n${text.slice(0, 3000)}`);
  return Number(m[1]);
}

/** How many outputs of the notebook carry this MIME type. */
export function countMime(nb: ExecutedNotebook, mime: string): number {
  return nb.cells.flatMap((c) => c.outputs).filter((o) => o.data && mime in o.data).length;
}

/** The saved widget models of an executed notebook (metadata.widgets), as nbclient writes them. */
export function savedWidgets(nb: ExecutedNotebook): Record<string, { model_name: string; state: Record<string, unknown> }> {
  const widgets = nb.metadata.widgets as Record<string, { state: Record<string, { model_name: string; state: Record<string, unknown> }> }> | undefined;
  const saved = widgets?.["application/vnd.jupyter.widget-state+json"];
  assert.ok(saved, "the executed notebook keeps its widget state in metadata.widgets");
  return saved.state;
}

/** The cell whose source starts with `prefix`, and the models of the widget view it shows. */
export function explorer(nb: ExecutedNotebook, prefix: string): { outputs: ExecutedNotebook["cells"][number]["outputs"]; box: { model_name: string; state: Record<string, unknown> }; controls: { model_name: string; state: Record<string, unknown> }[] } {
  const cell = nb.cells.find((c) => c.source.startsWith(prefix));
  assert.ok(cell, `a cell starting with ${prefix}`);
  const view = cell.outputs.find((o) => o.data?.["application/vnd.jupyter.widget-view+json"]);
  assert.ok(view, "the explorer shows its controls as a widget view");
  const models = savedWidgets(nb);
  const box = models[(view.data!["application/vnd.jupyter.widget-view+json"] as { model_id: string }).model_id];
  assert.ok(box, "the view's model is saved");
  const controls = (box.state.children as string[]).map((ref) => models[ref.replace(/^IPY_MODEL_/, "")]!);
  return { outputs: cell.outputs, box, controls };
}

/** The first cell whose source contains `needle`, or a failure naming it. */
export function cellWith(nb: ExecutedNotebook, needle: string): Cell {
  const cell = nb.cells.find((c) => c.cell_type === "code" && c.source.includes(needle));
  assert.ok(cell, `expected a code cell containing ${JSON.stringify(needle)}`);
  return cell;
}

/** The rich outputs (display_data, execute_result) of a cell. */
export function richOutputs(cell: Cell): Output[] {
  return cell.outputs.filter((o) => o.output_type === "display_data" || o.output_type === "execute_result");
}
