// Runs cells in kernels behind JupyterHub through jupyter_server's kernel websocket, as JupyterLab does.
// One Python process (test/hub/kernel_socket.py, on tornado's websocket client) carries every
// connection; each request is a JSON line, answered by id, so many students' cells run at once.
import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { PYTHON, REPO_ROOT } from "../../support/jupyter";

export interface CellOutput {
  output_type: "stream" | "execute_result" | "display_data" | "update_display_data" | "error";
  name?: string;
  text?: string;
  mime?: string[];
  ename?: string;
  evalue?: string;
}

export interface CellReply {
  status: "ok" | "error" | "aborted";
  execution_count: number | null;
  ename?: string;
  evalue?: string;
  outputs: CellOutput[];
  seconds: number;
  /** Every execution_state the connection saw so far: "restarting" or "dead" mean the kernel died. */
  states: string[];
}

/** Everything the cell printed or returned as text, in order. */
export function replyText(reply: CellReply): string {
  return reply.outputs.map((o) => (o.output_type === "error" ? `${o.ename}: ${o.evalue}` : (o.text ?? ""))).join("\n");
}

export class KernelSockets {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stderr = "";

  constructor() {
    this.child = spawn(PYTHON, [path.join(REPO_ROOT, "test", "hub", "kernel_socket.py")], { stdio: ["pipe", "pipe", "pipe"] });
    this.child.stderr!.on("data", (d) => (this.stderr += d));
    readline.createInterface({ input: this.child.stdout! }).on("line", (line) => {
      const answer = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
      const waiter = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      if (answer.ok) waiter?.resolve(answer.result);
      else waiter?.reject(new Error(`kernel websocket: ${answer.error}`));
    });
    this.child.on("exit", (code) => {
      for (const w of this.pending.values()) w.reject(new Error(`kernel_socket.py exited with ${code}: ${this.stderr}`));
      this.pending.clear();
    });
  }

  private request<T>(op: string, args: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, op, ...args })}\n`);
    });
  }

  /** Opens the channels of a kernel: `wsUrl` is ws://HOST/user/NAME/api/kernels/ID/channels. */
  async connect(wsUrl: string, token: string): Promise<string> {
    return (await this.request<{ conn: string }>("connect", { url: wsUrl, token })).conn;
  }

  execute(conn: string, code: string, timeoutSeconds = 300): Promise<CellReply> {
    return this.request<CellReply>("execute", { conn, code, timeout: timeoutSeconds });
  }

  async close(conn: string): Promise<void> {
    await this.request("close", { conn });
  }

  /** Ends the Python process (it closes every connection). */
  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.stdin!.end();
    });
  }
}
