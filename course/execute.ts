// Executes one notebook through a Jupyter kernel with nbclient, via course/python/execute_notebook.py,
// and reports each cell as it starts and ends.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { PYTHON, PYTHON_DIR } from "./paths";
import { ChapterFailure, ExecutionEvent, parseEvent } from "./progress";

export interface ExecuteRequest {
  notebook: string;
  /** Where the executed copy goes; it is written even when a cell fails. */
  output: string;
  kernel: string;
  cellTimeoutSeconds: number;
  env?: NodeJS.ProcessEnv;
}

export type ExecuteOutcome = { ok: true; seconds: number } | { ok: false; seconds: number; failure: ChapterFailure };

/** Runs the notebook; `onEvent` sees every progress event, `onKernelOutput` whatever else the kernel prints. */
export function executeNotebook(
  request: ExecuteRequest,
  onEvent: (event: ExecutionEvent) => void,
  onKernelOutput: (line: string) => void = () => {},
): Promise<ExecuteOutcome> {
  const args = [
    path.join(PYTHON_DIR, "execute_notebook.py"),
    request.notebook,
    request.output,
    "--kernel",
    request.kernel,
    "--timeout",
    String(request.cellTimeoutSeconds),
    "--cwd",
    path.dirname(request.notebook),
  ];
  const started = Date.now();
  // pydevd's frozen-modules warning would otherwise be printed by every Debian kernel launch.
  const env = { PYDEVD_DISABLE_FILE_VALIDATION: "1", ...(request.env ?? process.env) };
  const child = spawn(PYTHON, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const sources = new Map<number, string>();
  let failure: ChapterFailure | undefined;
  let stderr = "";

  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const event = parseEvent(line);
    if (!event) return onKernelOutput(line);
    if (event.event === "cell_start") sources.set(event.index, event.source);
    if (event.event === "cell_error" || event.event === "failed") {
      const index = event.index ?? undefined;
      failure = {
        cell: index === undefined ? undefined : index + 1,
        executionCount: event.event === "cell_error" ? event.execution_count : undefined,
        source: index === undefined ? undefined : sources.get(index),
        ename: event.ename,
        evalue: event.evalue,
        traceback: event.event === "cell_error" ? event.traceback : [],
      };
    }
    onEvent(event);
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split("\n")) if (line.trim()) onKernelOutput(line);
  });

  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`course: could not run ${PYTHON} (Jupyter's Python): ${e.message}`)));
    child.on("close", (code) => {
      const seconds = (Date.now() - started) / 1000;
      if (code === 0) return resolve({ ok: true, seconds });
      resolve({
        ok: false,
        seconds,
        failure: failure ?? { ename: "ExecutionError", evalue: `execute_notebook.py exited with ${code}: ${lastLines(stderr)}`, traceback: [] },
      });
    });
  });
}

function lastLines(text: string, n = 5): string {
  return text.trim().split("\n").slice(-n).join("\n");
}
