// The execute side of a session, as ipykernel keeps it: execution counts, the input history, a queue
// that runs one cell at a time, and abort-on-error (a failed cell with stop_on_error aborts only the
// requests already queued). Around each cell it runs the library's cell hooks, and it publishes what the
// cell shows: execute_input, the value as execute_result, or the error.
import { formatValue, toWireBundle } from "../src/display/bundle";
import { cellHooks } from "../src/frontend";
import { CellError, errorFromThrown } from "./cellErrors";
import type { CellRunner } from "./cellRunner";
import type { Request } from "./dispatcher";
import { History, HistoryRequest } from "./history";
import type { CellInterrupt, InterruptController } from "./interrupt";
import { Introspection, pagerExpression } from "./introspection";
import type { Prelude } from "./prelude";
import type { Publisher } from "./publisher";

interface ExecuteRequest {
  code?: unknown;
  silent?: unknown;
  store_history?: unknown;
  stop_on_error?: unknown;
}

interface Queued {
  request: Request<ExecuteRequest>;
  aborted: boolean;
  answered: () => void;
}

export class ExecuteSession {
  private executionCount = 0;
  private readonly inputs = new History();
  private readonly queue: Queued[] = [];
  private running = false;

  constructor(
    private readonly runner: CellRunner,
    private readonly prelude: Prelude,
    private readonly introspection: Introspection,
    private readonly interrupts: InterruptController,
    private readonly publisher: Publisher,
  ) {}

  /** Queues an execute_request; resolves once it is answered. */
  execute(request: Request<ExecuteRequest>): Promise<void> {
    return new Promise((answered) => {
      this.queue.push({ request, aborted: false, answered });
      if (!this.running) void this.drain();
    });
  }

  history(req: HistoryRequest) {
    return { status: "ok", history: this.inputs.query(req) };
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.queue.length > 0) {
      const item = this.queue.shift()!;
      // Taken up now, so an interrupt from here on stops this cell, even before it compiles.
      const interrupt = this.interrupts.begin();
      try {
        if (item.aborted) item.request.reply("execute_reply", { status: "aborted", execution_count: this.executionCount });
        else await this.publisher.within(item.request.msg, () => this.run(item.request, interrupt.cell), { isCell: true });
      } catch (e) {
        // A failure of the kernel's own, not the cell's: the request still gets its reply.
        item.request.reply("execute_reply", { status: "error", execution_count: this.executionCount, ...errorFromThrown(e) });
      } finally {
        interrupt.end();
        item.answered();
      }
    }
    this.running = false;
  }

  private async run(request: Request<ExecuteRequest>, interrupt: CellInterrupt): Promise<void> {
    const { content } = request;
    const code = typeof content.code === "string" ? content.code : "";
    const silent = content.silent === true;
    const stopOnError = content.stop_on_error !== false;
    const expr = pagerExpression(code);
    if (expr) {
      await this.prelude.types();
      request.reply("execute_reply", { status: "ok", execution_count: this.executionCount, user_expressions: {}, payload: this.introspection.page(expr) });
      return;
    }
    if (!silent && content.store_history !== false) {
      this.executionCount += 1;
      this.inputs.add(this.executionCount, code);
    }
    const count = this.executionCount;
    if (!silent) this.publisher.publish("execute_input", { code, execution_count: count });

    const hooks = silent ? [] : cellHooks();
    for (const hook of hooks) hook.before();
    let error: CellError | undefined;
    try {
      await interrupt.race(this.prelude.readyFor(code));
      const outcome = await this.runner.run(code, interrupt);
      if (outcome.status === "error") error = outcome;
      else if (!silent) await this.publishResult(outcome.value, count, content.store_history !== false, interrupt);
    } catch (e) {
      error = errorFromThrown(e);
    }
    for (const hook of hooks) {
      const note = hook.after();
      if (note) this.publisher.publish("display_data", { data: note, metadata: {}, transient: {} });
    }
    if (!error) {
      request.reply("execute_reply", { status: "ok", execution_count: count, user_expressions: {}, payload: [] });
      return;
    }
    if (!silent) this.publisher.publish("error", error);
    if (stopOnError) for (const q of this.queue) q.aborted = true;
    request.reply("execute_reply", { status: "error", execution_count: count, ...error });
  }

  /** The cell's value as execute_result; an awaited promise's value, formatted the way display() formats. */
  private async publishResult(value: unknown, count: number, storeHistory: boolean, interrupt: CellInterrupt): Promise<void> {
    const settled = value instanceof Promise ? await interrupt.race(value) : value;
    const bundle = await interrupt.race(formatValue(settled));
    // An empty bundle (a display handle) shows nothing.
    if (!bundle || Object.keys(bundle).length === 0) return;
    const data = toWireBundle(bundle);
    this.publisher.publish("execute_result", { execution_count: count, data, metadata: {} });
    if (storeHistory) this.inputs.setOutput(count, data["text/plain"]);
  }
}
