// Runs a scenario script (jupyter_client against the real kernel, built on test/support/kernel_session.py)
// and returns its JSON report.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { PYTHON, REPO_ROOT, testKernelEnv } from "../support/jupyter";

export const DRIVER = path.join(REPO_ROOT, "test", "reliability", "kernel_driver.py");

/** What a cell run through jupyter_client produced. */
export interface CellReport {
  status: "ok" | "error" | "aborted";
  executionCount: number | null;
  /** text/plain of the execute_result. */
  result: string | null;
  error: { ename: string; evalue: string } | null;
  stdout: string;
  stderr: string;
  /** The MIME types of each display_data. */
  displays: string[][];
}

/** An interrupted cell: how long from `interrupt_kernel()` to its execute_reply. */
export interface InterruptReport {
  replied: boolean;
  seconds: number;
  status: string | null;
  error: { ename: string; evalue: string } | null;
}

export function runScenario<T>(scenario: string, args: string[] = [], timeoutSeconds = 600, script = DRIVER): T {
  const r = spawnSync(PYTHON, [script, scenario, ...args], {
    env: testKernelEnv(),
    encoding: "utf8",
    timeout: timeoutSeconds * 1000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const line = r.stdout.split("\n").find((l) => l.startsWith("RESULT "));
  if (r.status !== 0 || !line) {
    throw new Error(`${path.basename(script)} ${scenario} failed (exit ${r.status}, ${r.signal ?? "no signal"}):\n${r.stderr.slice(-4000)}`);
  }
  return JSON.parse(line.slice("RESULT ".length)) as T;
}

/** The string a cell returned: its text/plain is a quoted JS string holding JSON. */
export function resultJson<T>(cell: CellReport): T {
  if (cell.status !== "ok" || cell.result === null) throw new Error(`the cell failed: ${JSON.stringify(cell)}`);
  const quoted = cell.result;
  const inner = quoted.slice(1, -1).replace(/\\'/g, "'").replace(/\\\\/g, "\\");
  return JSON.parse(inner) as T;
}
