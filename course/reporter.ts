// Prints the build's progress: a line per chapter and per cell with its time. On a terminal, a
// running cell shows until it ends; in logs, each cell is one line when it ends.
import { ExecutionEvent, cellLine, firstLine } from "./progress";

/** Where progress goes: stdout, or anything with a `write`. */
export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class Reporter {
  private readonly tty: boolean;
  private running = false;
  private readonly sources = new Map<number, string>();

  constructor(private readonly out: ProgressOutput = process.stdout) {
    this.tty = Boolean(out.isTTY);
  }

  line(text: string): void {
    this.clearRunning();
    this.out.write(`${text}\n`);
  }

  /** Progress of the notebook being executed. */
  event(event: ExecutionEvent): void {
    switch (event.event) {
      case "kernel_ready":
        this.line(`    kernel ready in ${event.seconds.toFixed(1)} s, ${event.code_cells} code cells`);
        break;
      case "cell_start":
        this.sources.set(event.index, event.source);
        if (this.tty) {
          this.clearRunning();
          this.out.write(`    cell ${event.index + 1} …  ${firstLine(event.source)}`);
          this.running = true;
        }
        break;
      case "cell_done":
        this.line(`${cellLine(event.index + 1, event.execution_count, event.seconds, this.sources.get(event.index) ?? "")}${event.status === "ok" ? "" : "  ✗"}`);
        break;
      default:
        break;
    }
  }

  /** Something the kernel printed outside any output, e.g. which backend it chose. */
  kernelOutput(text: string): void {
    this.line(`    │ ${text}`);
  }

  private clearRunning(): void {
    if (this.running) this.out.write("\r\u001b[K");
    this.running = false;
  }
}
