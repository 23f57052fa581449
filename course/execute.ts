// Executes one notebook through a Jupyter kernel with nbclient, via course/python/execute_notebook.py,
// and reports each cell as it starts and ends.
import { ChildProcess, spawn } from "node:child_process";
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

type Listener = { event: (e: ExecutionEvent) => void; output: (line: string) => void };

/** A notebook whose kernel is starting (and warming up) until `start` runs its cells. */
export interface PreparedNotebook {
  /** Runs the cells; `onEvent` sees every progress event, `onKernelOutput` whatever else the kernel prints. */
  start(onEvent: (event: ExecutionEvent) => void, onKernelOutput?: (line: string) => void): Promise<ExecuteOutcome>;
  /** Shuts the kernel down without running anything. */
  cancel(): void;
}

/** Starts the notebook's kernel now; its cells run when `start` is called. */
export function prepareNotebook(request: ExecuteRequest): PreparedNotebook {
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
    "--wait-for-go",
  ];
  // pydevd's frozen-modules warning would otherwise be printed by every Debian kernel launch.
  const env = { PYDEVD_DISABLE_FILE_VALIDATION: "1", ...(request.env ?? process.env) };
  const child = spawn(PYTHON, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.on("error", () => {}); // the driver may already have exited, e.g. without a kernel
  const sources = new Map<number, string>();
  const early: ({ kind: "event"; event: ExecutionEvent } | { kind: "output"; line: string })[] = [];
  let listener: Listener | undefined;
  let failure: ChapterFailure | undefined;
  let doneSeconds: number | undefined;
  let stderr = "";

  const onEvent = (event: ExecutionEvent) => {
    if (event.event === "cell_start") sources.set(event.index, event.source);
    if (event.event === "done") doneSeconds = event.seconds;
    if (event.event === "cell_error" || event.event === "failed") failure = failureOf(event, sources);
    if (listener) listener.event(event);
    else early.push({ kind: "event", event });
  };
  const onOutput = (line: string) => {
    if (listener) listener.output(line);
    else early.push({ kind: "output", line });
  };
  readline.createInterface({ input: child.stdout }).on("line", (line) => {
    const event = parseEvent(line);
    if (event) onEvent(event);
    else onOutput(line);
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split("\n")) if (line.trim()) onOutput(line);
  });
  const exited = exitOf(child);

  return {
    async start(event, output = () => {}) {
      listener = { event, output };
      for (const e of early.splice(0)) {
        if (e.kind === "event") event(e.event);
        else output(e.line);
      }
      const started = Date.now();
      child.stdin.end("go\n");
      const code = await exited;
      const seconds = doneSeconds ?? (Date.now() - started) / 1000;
      if (code === 0) return { ok: true, seconds };
      return {
        ok: false,
        seconds,
        failure: failure ?? { ename: "ExecutionError", evalue: `execute_notebook.py exited with ${code}: ${stderr.trim().split("\n").slice(-5).join("\n")}`, traceback: [] },
      };
    },
    cancel() {
      child.stdin.end();
    },
  };
}

function failureOf(event: Extract<ExecutionEvent, { event: "cell_error" | "failed" }>, sources: Map<number, string>): ChapterFailure {
  const index = event.index ?? undefined;
  return {
    cell: index === undefined ? undefined : index + 1,
    executionCount: event.event === "cell_error" ? event.execution_count : undefined,
    source: index === undefined ? undefined : sources.get(index),
    ename: event.ename,
    evalue: event.evalue,
    traceback: event.event === "cell_error" ? event.traceback : [],
  };
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`course: could not run ${PYTHON} (Jupyter's Python): ${e.message}`)));
    child.on("close", (code) => resolve(code));
  });
}
