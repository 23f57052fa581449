// The progress events of execute_notebook.py, and the lines the build prints for them. Pure.

/** Prefix of every event line; anything else on the driver's stdout came from the kernel process. */
export const EVENT_PREFIX = "@@tsdl-course ";

export type ExecutionEvent =
  | { event: "kernel_ready"; seconds: number; code_cells: number }
  | { event: "cell_start"; index: number; source: string }
  | { event: "cell_done"; index: number; status: string; execution_count: number | null; seconds: number }
  | { event: "cell_error"; index: number | null; execution_count?: number | null; ename: string; evalue: string; traceback: string[] }
  | { event: "failed"; index: number | null; ename: string; evalue: string }
  | { event: "done"; seconds: number };

/** The event on a line of the driver's stdout, or undefined for any other line. */
export function parseEvent(line: string): ExecutionEvent | undefined {
  if (!line.startsWith(EVENT_PREFIX)) return undefined;
  const value = JSON.parse(line.slice(EVENT_PREFIX.length)) as ExecutionEvent;
  return value;
}

/** Where and why a chapter stopped. `cell` counts every cell of the notebook from 1, as a reader does. */
export interface ChapterFailure {
  cell?: number;
  executionCount?: number | null;
  source?: string;
  ename: string;
  evalue: string;
  traceback: string[];
}

/** `cell 5 (In [3])`, or `cell 5`. */
export function cellLabel(cell: number, executionCount?: number | null): string {
  return executionCount ? `cell ${cell} (In [${executionCount}])` : `cell ${cell}`;
}

/** One line: which notebook, which cell, which error. */
export function failureHeadline(notebook: string, failure: ChapterFailure): string {
  const where = failure.cell === undefined ? "before its first cell ran" : `at ${cellLabel(failure.cell, failure.executionCount)}`;
  const error = failure.evalue ? `${failure.ename}: ${failure.evalue}` : failure.ename;
  return `${notebook} failed ${where}: ${error}`;
}

/** The headline, the cell's first lines and the end of the traceback, without terminal colours. */
export function failureReport(notebook: string, failure: ChapterFailure): string {
  const lines = [failureHeadline(notebook, failure)];
  if (failure.source) {
    const src = failure.source.split("\n");
    lines.push(...src.slice(0, 6).map((l) => `  | ${l}`), ...(src.length > 6 ? [`  | … (${src.length - 6} more lines)`] : []));
  }
  const trace = failure.traceback.flatMap((t) => stripAnsi(t).split("\n")).filter((l) => l.trim() !== "");
  if (trace.length) lines.push(...trace.slice(-12).map((l) => `  ${l}`));
  return lines.join("\n");
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");
}

/** The first non-blank line of a cell, shortened to `width` characters. */
export function firstLine(source: string, width = 60): string {
  const line = source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

/** `  cell 5 (In [3])   0.42 s  const x = tf.ones([2, 2])` */
export function cellLine(cell: number, executionCount: number | null, seconds: number, source: string): string {
  return `    ${cellLabel(cell, executionCount).padEnd(20)}${`${seconds.toFixed(2)} s`.padStart(9)}  ${firstLine(source)}`;
}
