// The Keras-style progress bar of a training run, as text and HTML, from a snapshot of its
// state. Pure: the callback in progress.ts owns the clock and the display handles.
import { escapeHtml } from "../display/html";

/** One finished (or stopped) epoch. */
export interface EpochRecord {
  /** 0-based epoch index, as tfjs counts. */
  epoch: number;
  batches: number;
  ms: number;
  logs: Record<string, number>;
}

/** Everything the bar shows, at one moment. */
export interface ProgressSnapshot {
  /** Epoch indices run from `initialEpoch` up to `epochs` (exclusive), as in model.fit. */
  epochs: number;
  initialEpoch: number;
  /** The epoch in progress (0-based), when one is. */
  epoch?: number;
  /** Batches done in the epoch in progress. */
  batch: number;
  /** Batches per epoch, when known. */
  batchesPerEpoch?: number;
  /** Milliseconds since training began, and since the current epoch began. */
  elapsedMs: number;
  epochElapsedMs: number;
  /** Running averages of the current epoch's batch metrics. */
  current: Record<string, number>;
  finished: EpochRecord[];
  status: "running" | "done" | "stopped";
  /** Metric names to show (all when undefined). */
  metrics?: string[];
  /** A problem worth showing, e.g. a chart that failed to render. */
  note?: string;
  /** The Stop button was clicked: training stops after the current batch. */
  stopRequested?: boolean;
}

export const BAR_WIDTH = 30;
/** Finished epochs listed while training runs, and once it has ended (what the saved notebook keeps). */
export const EPOCH_LINES = { running: 10, ended: 100 };

/** "0.4s", "12s", "3m 05s", "1h 02m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(Math.round(s - 60 * m)).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** "[=========>....................]", or a bar of dots when the total is unknown. */
export function bar(done: number, total: number | undefined, width = BAR_WIDTH): string {
  const filled = total ? Math.max(0, Math.min(width, Math.floor((width * done) / total))) : 0;
  if (filled >= width) return `[${"=".repeat(width)}]`;
  if (filled === 0) return `[${".".repeat(width)}]`;
  return `[${"=".repeat(filled - 1)}>${".".repeat(width - filled)}]`;
}

function formatMetric(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) < 1000 ? v.toFixed(4) : v.toPrecision(5);
}

/** " - loss: 0.4321 - acc: 0.8700 - val_loss: …": training metrics first, only the shown ones. */
export function metricsText(logs: Record<string, number>, metrics?: string[]): string {
  const wanted = (key: string) => !metrics || metrics.includes(key) || metrics.includes(key.replace(/^val_/, ""));
  const isVal = (k: string) => Number(k.startsWith("val_"));
  return Object.entries(logs)
    .filter(([k]) => wanted(k))
    .sort(([a], [b]) => isVal(a) - isVal(b))
    .map(([k, v]) => ` - ${k}: ${formatMetric(v)}`)
    .join("");
}

function epochLabel(s: ProgressSnapshot, epoch: number): string {
  const n = String(s.epochs);
  return `Epoch ${String(epoch + 1).padStart(n.length)}/${n}`;
}

/** Whether an epoch ended before its last batch: stopped, or with no batch run when the count is unknown. */
export function cutShort(s: ProgressSnapshot, r: EpochRecord): boolean {
  return s.batchesPerEpoch !== undefined ? r.batches < s.batchesPerEpoch : r.batches === 0;
}

function finishedLine(s: ProgressSnapshot, r: EpochRecord): string {
  const total = s.batchesPerEpoch ?? r.batches;
  const perStep = r.batches ? ` ${Math.round(r.ms / r.batches)}ms/step` : "";
  const count = `${String(r.batches).padStart(String(total).length)}/${total}`;
  return `${epochLabel(s, r.epoch)}  ${count} ${bar(r.batches, total)} ${formatDuration(r.ms)}${perStep}${metricsText(r.logs, s.metrics)}${cutShort(s, r) ? " (stopped)" : ""}`;
}

/** Estimated time left: the epoch's pace over the batches left in it and in the epochs after it. */
export function etaMs(s: ProgressSnapshot): number | undefined {
  if (s.status !== "running" || s.epoch === undefined) return undefined;
  const epochsAfter = s.epochs - s.epoch - 1;
  const done = s.finished.filter((r) => r.batches > 0);
  const perEpoch = done.length ? done.reduce((a, r) => a + r.ms, 0) / done.length : undefined;
  if (s.batchesPerEpoch && s.batch > 0) {
    const perBatch = s.epochElapsedMs / s.batch;
    const thisEpoch = perBatch * (s.batchesPerEpoch - s.batch);
    return thisEpoch + epochsAfter * (perEpoch ?? perBatch * s.batchesPerEpoch);
  }
  if (perEpoch !== undefined) return Math.max(0, perEpoch - s.epochElapsedMs) + epochsAfter * perEpoch;
  return undefined;
}

function currentLine(s: ProgressSnapshot): string | undefined {
  if (s.status !== "running" || s.epoch === undefined) return undefined;
  const total = s.batchesPerEpoch;
  const count = total ? `${String(s.batch).padStart(String(total).length)}/${total}` : `${s.batch}/?`;
  const eta = s.batchesPerEpoch && s.batch > 0 ? ` ETA: ${formatDuration((s.epochElapsedMs / s.batch) * (s.batchesPerEpoch - s.batch))}` : "";
  return `${epochLabel(s, s.epoch)}  ${count} ${bar(s.batch, total)} ${formatDuration(s.epochElapsedMs)}${eta}${metricsText(s.current, s.metrics)}`;
}

function statusLine(s: ProgressSnapshot): string {
  const planned = Math.max(0, s.epochs - s.initialEpoch);
  const completed = s.finished.filter((r) => !cutShort(s, r)).length;
  if (s.status === "done") {
    if (planned === 0) return `Done: nothing to train (epochs = ${s.epochs}${s.initialEpoch ? `, initialEpoch = ${s.initialEpoch}` : ""}).`;
    return `Done: ${completed} epoch${completed === 1 ? "" : "s"} in ${formatDuration(s.elapsedMs)}.`;
  }
  if (s.status === "stopped") {
    const last = s.finished[s.finished.length - 1];
    // A stop can land on an epoch's last batch, or between epochs: then no epoch was cut short.
    const where = !last
      ? ""
      : cutShort(s, last)
        ? ` during epoch ${last.epoch + 1}/${s.epochs}${s.batchesPerEpoch ? ` after batch ${last.batches}/${s.batchesPerEpoch}` : ""}`
        : ` after epoch ${last.epoch + 1}/${s.epochs}`;
    return `Stopped${s.stopRequested ? " by the Stop button" : ""}${where}: ${completed} of ${planned} epochs completed in ${formatDuration(s.elapsedMs)}.`;
  }
  if (s.stopRequested) return `Stopping after this batch (Stop button): ${completed}/${planned} epochs, elapsed ${formatDuration(s.elapsedMs)}`;
  const eta = etaMs(s);
  return `Training: ${completed}/${planned} epochs, elapsed ${formatDuration(s.elapsedMs)}${eta === undefined ? "" : `, ETA ${formatDuration(eta)}`}`;
}

/** The bar as plain text: one line per finished epoch (the last few), the epoch in progress, a status line. */
export function progressText(s: ProgressSnapshot): string {
  const lines: string[] = [];
  const hidden = s.finished.length - (s.status === "running" ? EPOCH_LINES.running : EPOCH_LINES.ended);
  if (hidden > 0) lines.push(`… ${hidden} earlier epoch${hidden === 1 ? "" : "s"}`);
  for (const r of s.finished.slice(Math.max(0, hidden))) lines.push(finishedLine(s, r));
  const current = currentLine(s);
  if (current) lines.push(current);
  lines.push(statusLine(s));
  if (s.note) lines.push(s.note);
  return lines.join("\n");
}

/** The same text in a <pre>, under an overall progress bar. */
export function progressHtml(s: ProgressSnapshot): string {
  const planned = Math.max(0, s.epochs - s.initialEpoch);
  const batchFraction = s.epoch !== undefined && s.batchesPerEpoch ? Math.min(1, s.batch / s.batchesPerEpoch) : 0;
  const done = s.status === "done" ? planned : Math.min(planned, s.finished.length + (s.status === "running" ? batchFraction : 0));
  const value = planned ? done / planned : 1;
  return (
    `<div class="tsdl-progress">` +
    `<progress value="${value.toFixed(4)}" max="1" style="width:24em"></progress> <span>${Math.round(100 * value)}%</span>` +
    `<pre style="margin:4px 0 0 0">${escapeHtml(progressText(s))}</pre></div>`
  );
}
