// What choosing a backend shares between the Node kernel (select.ts) and the browser's kernel
// (lite/kernel/backend.ts): trying backends in order until one starts, the reason the chosen one gives,
// and the one line it displays as.
import { displaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";

export interface BackendAttempt<Name extends string = string> {
  name: Name;
  ok: boolean;
  /** Why it was not used, when it was not. */
  error?: string;
}

/** Which backend is active and why; displays as one line. */
export class SelectedBackend<Name extends string = string> {
  constructor(
    /** The active backend, as tf.getBackend() names it. */
    readonly name: string,
    /** Why it was chosen. */
    readonly reason: string,
    /** Every backend tried, in order, with the error of those that failed. */
    readonly attempts: BackendAttempt<Name>[],
    /** Milliseconds the selection took. */
    readonly ms: number,
    /** What the line adds after the reason: how the backend runs here. */
    private readonly detail?: string,
    /** Where it runs, after its name (" in the browser"). */
    private readonly place = "",
  ) {}

  toString(): string {
    const skipped = this.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.error}`);
    const detail = this.detail ? `; ${this.detail}` : "";
    return `backend ${this.name}${this.place} (${this.reason}${detail})` + (skipped.length ? `; skipped ${skipped.join("; ")}` : "");
  }

  [displaySymbol](): MediaBundle {
    return { "text/plain": this.toString(), "text/html": `<code>${escapeHtml(this.toString())}</code>` };
  }
}

/** The first line of an error, at most 200 characters. */
function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0]!.slice(0, 200);
}

/** How a selection went: every attempt, why the last one (the one that started) was chosen, and how long it took. */
export interface Selection<Name extends string> {
  attempts: BackendAttempt<Name>[];
  reason: string;
  ms: number;
}

/**
 * Starts the backends of `order` one by one, `prefer` first, until one starts. Its reason is
 * `reasons.preferred` when it was preferred, `reasons.first` when it was the first tried, else the
 * fallback after the ones that failed. Throws with every error when none starts.
 */
export async function firstThatStarts<Name extends string>(
  order: readonly Name[],
  prefer: Name | undefined,
  start: (name: Name) => Promise<void>,
  reasons: { preferred: string; first: string },
): Promise<Selection<Name>> {
  const begun = Date.now();
  const attempts: BackendAttempt<Name>[] = [];
  for (const name of prefer ? [prefer, ...order.filter((n) => n !== prefer)] : order) {
    try {
      await start(name);
    } catch (e) {
      attempts.push({ name, ok: false, error: message(e) });
      continue;
    }
    attempts.push({ name, ok: true });
    const failed = attempts.filter((a) => !a.ok).map((a) => a.name);
    const reason = name === prefer ? reasons.preferred : failed.length === 0 ? reasons.first : `fallback after ${failed.join(", ")} failed`;
    return { attempts, reason, ms: Date.now() - begun };
  }
  throw new Error(`selectBackend: no TensorFlow.js backend could start: ${attempts.map((a) => `${a.name}: ${a.error}`).join("; ")}`);
}
