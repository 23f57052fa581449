// liveProgress: a tfjs training callback that shows a Keras-style progress bar and a live
// loss/metric chart, both updated in place through display handles. Every update carries the
// whole state, so whatever was sent last (after the end, an error or an interrupt) reads on its own.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, flag, milliseconds, names, OptionRules } from "../args/options";
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { display, DisplayHandle } from "../display/display";
import { currentFrontend } from "../frontend";
import { Button, button } from "../widgets/button";
import { Chart } from "./chart";
import { selectGroups } from "./history";
import { cutShort, EpochRecord, ProgressSnapshot, progressHtml, progressText } from "./progressBar";
import { historySpec, historySummary } from "./specs/history";
import { Throttle } from "./throttle";

export interface LiveProgressOptions {
  /** Metrics to show, e.g. `["loss"]`; their `val_` values come along. Default: all that fit logs. */
  metrics?: string[];
  /** Draw the live curve chart (default true). */
  chart?: boolean;
  /** Least time between two updates of the bar (default 100 ms: at most 10 per second). */
  updateEveryMs?: number;
  /**
   * Least time between two redraws of the chart. By default 250 ms, and at least 4× the time a
   * redraw takes, so drawing never costs more than a fifth of training. The last epoch is always drawn.
   */
  chartEveryMs?: number;
  /**
   * Show a Stop button above the bar (in a notebook): a click stops `fit` after the current batch, keeping
   * the model and its weights, and the bar says it stopped.
   */
  stopButton?: boolean;
}

const PROGRESS_OPTIONS: OptionRules<LiveProgressOptions> = { metrics: names, chart: flag, updateEveryMs: milliseconds, chartEveryMs: milliseconds, stopButton: flag };

type Logs = Record<string, number | undefined>;

/** The bar as a displayable value: text/plain (what survives export) and text/html. */
class ProgressView implements Displayable {
  constructor(private readonly snapshot: ProgressSnapshot) {}
  [displaySymbol](): MediaBundle {
    return { "text/plain": progressText(this.snapshot), "text/html": progressHtml(this.snapshot) };
  }
}

const IGNORED_LOGS = new Set(["batch", "size"]);

/** The training run's state and the displays that show it. One instance serves one fit at a time. */
class ProgressTracker {
  private params: Record<string, unknown> = {};
  private snapshot: ProgressSnapshot = { epochs: 0, initialEpoch: 0, batch: 0, elapsedMs: 0, epochElapsedMs: 0, current: {}, finished: [], status: "done" };
  private series: Record<string, number[]> = {};
  private sums: Record<string, number> = {};
  private seen = 0;
  private startedAt = 0;
  private epochStartedAt = 0;
  private barHandle: DisplayHandle | undefined;
  private chartHandle: DisplayHandle | undefined;
  private readonly barThrottle: Throttle;
  private readonly chartThrottle: Throttle;
  private stopper: Button | undefined;

  constructor(
    private readonly options: LiveProgressOptions,
    /** Asks the running fit to stop after its current batch. */
    private readonly stopFit: () => void = () => {},
  ) {
    this.barThrottle = new Throttle(options.updateEveryMs ?? 100, () => this.sendBar());
    this.chartThrottle = new Throttle(options.chartEveryMs ?? 250, () => this.sendChart());
  }

  setParams(params: unknown): void {
    this.params = (params ?? {}) as Record<string, unknown>;
  }

  /** The latest state, as shown by the bar. */
  get state(): ProgressSnapshot {
    return this.snapshot;
  }

  private num(key: string): number | undefined {
    const v = this.params[key];
    return typeof v === "number" && Number.isFinite(v) ? v : undefined;
  }

  private metricsToShow(): string[] | undefined {
    const wanted = this.options.metrics;
    if (wanted === undefined) return undefined;
    const logged = Array.isArray(this.params.metrics) ? (this.params.metrics as string[]) : [];
    if (!logged.length) return wanted;
    const aliases: Record<string, string> = { acc: "accuracy", accuracy: "acc" };
    return wanted.map((m) => {
      if (logged.includes(m)) return m;
      if (aliases[m] && logged.includes(aliases[m]!)) return aliases[m]!;
      throw new Error(`liveProgress: metric '${m}' is not logged by this fit; it logs: ${logged.join(", ")}`);
    });
  }

  private tick(): void {
    const now = Date.now();
    this.snapshot.elapsedMs = now - this.startedAt;
    this.snapshot.epochElapsedMs = now - this.epochStartedAt;
  }

  trainBegin(): void {
    this.barThrottle.cancel();
    this.chartThrottle.cancel();
    const metrics = this.metricsToShow();
    const epochs = this.num("epochs") ?? 0;
    const initialEpoch = this.num("initialEpoch") ?? 0;
    const samples = this.num("samples");
    const batchSize = this.num("batchSize");
    const steps = this.num("steps") ?? (samples !== undefined && batchSize ? Math.ceil(samples / batchSize) : undefined);
    this.startedAt = this.epochStartedAt = Date.now();
    this.series = {};
    this.chartHandle = undefined;
    this.snapshot = { epochs, initialEpoch, batch: 0, batchesPerEpoch: steps, elapsedMs: 0, epochElapsedMs: 0, current: {}, finished: [], status: "running", metrics };
    if (this.options.stopButton && currentFrontend()) this.showStopButton();
    this.barHandle = display(new ProgressView({ ...this.snapshot }));
  }

  epochBegin(epoch: number): void {
    this.epochStartedAt = Date.now();
    this.sums = {};
    this.seen = 0;
    Object.assign(this.snapshot, { epoch, batch: 0, current: {} });
    this.tick();
    this.barThrottle.request();
  }

  batchEnd(batch: number, logs: Logs = {}): void {
    const size = typeof logs.size === "number" ? logs.size : 1;
    this.seen += size;
    for (const [key, v] of Object.entries(logs)) {
      if (IGNORED_LOGS.has(key) || typeof v !== "number") continue;
      this.sums[key] = (this.sums[key] ?? 0) + v * size;
    }
    this.snapshot.batch = batch + 1;
    this.snapshot.current = Object.fromEntries(Object.entries(this.sums).map(([k, s]) => [k, s / this.seen]));
    this.tick();
    this.barThrottle.request();
  }

  epochEnd(epoch: number, logs: Logs = {}): void {
    this.tick();
    const values: Record<string, number> = {};
    for (const [key, v] of Object.entries(logs)) if (typeof v === "number") values[key] = v;
    const record: EpochRecord = { epoch, batches: this.snapshot.batch, ms: this.snapshot.epochElapsedMs, logs: values };
    this.snapshot.finished.push(record);
    // The first epoch tells how many batches an epoch has when the dataset did not say.
    this.snapshot.batchesPerEpoch ??= record.batches || undefined;
    Object.assign(this.snapshot, { epoch: undefined, batch: 0, current: {} });
    const index = this.snapshot.finished.length - 1;
    for (const [key, v] of Object.entries(values)) {
      const s = (this.series[key] ??= []);
      while (s.length < index) s.push(NaN);
      s.push(v);
    }
    // After the last epoch the final update comes from trainEnd.
    if (epoch + 1 < this.snapshot.epochs) this.barThrottle.flush();
    if (this.options.chart !== false) this.chartThrottle.request();
  }

  trainEnd(): void {
    this.tick();
    const completed = this.snapshot.finished.length;
    const last = this.snapshot.finished[completed - 1];
    const partial = last !== undefined && cutShort(this.snapshot, last);
    const planned = Math.max(0, this.snapshot.epochs - this.snapshot.initialEpoch);
    this.snapshot.status = completed < planned || partial ? "stopped" : "done";
    this.snapshot.epoch = undefined;
    this.stopper?.set({ disabled: true, description: this.snapshot.status === "done" ? "Training done" : "Training stopped", button_style: "" });
    this.stopper = undefined;
    this.barThrottle.flush();
    // Redrawn even when current, to drop the "(live)" from its title in the saved notebook.
    if (this.options.chart !== false && completed > 0) this.chartThrottle.flush();
  }

  /** A Stop button for this fit, shown above the bar; a click stops training after the current batch. */
  private showStopButton(): void {
    const stop = button({ description: "Stop training", buttonStyle: "danger", tooltip: "Stop model.fit after the current batch" });
    stop.onClick(() => {
      if (this.snapshot.status !== "running" || this.snapshot.stopRequested) return;
      this.snapshot.stopRequested = true;
      this.stopFit();
      stop.set({ disabled: true, description: "Stopping…" });
      this.barThrottle.flush();
    });
    this.stopper = stop;
    display(stop);
  }

  private sendBar(): void {
    const view = new ProgressView({ ...this.snapshot, finished: [...this.snapshot.finished] });
    if (this.barHandle) this.barHandle.update(view);
    else this.barHandle = display(view);
  }

  /** The live chart of what has been logged so far, or undefined before the first epoch ends. */
  chart(): Chart | undefined {
    if (!Object.keys(this.series).length) return undefined;
    const length = this.snapshot.finished.length;
    const series = Object.fromEntries(Object.entries(this.series).map(([k, v]) => [k, [...v, ...new Array<number>(length - v.length).fill(NaN)]]));
    const groups = selectGroups(series, this.snapshot.metrics?.map((m) => m.replace(/^val_/, "")).filter((m, i, a) => a.indexOf(m) === i), "liveProgress");
    const firstEpoch = this.snapshot.initialEpoch + 1;
    const spec = historySpec(series, groups, { firstEpoch, title: this.snapshot.status === "running" ? "Training (live)" : "Training" });
    // The x axis spans every planned epoch, so the curve grows into a fixed frame.
    const last = Math.max(firstEpoch + length - 1, this.snapshot.epochs);
    for (const panel of (spec.hconcat as Record<string, unknown>[] | undefined) ?? [spec]) {
      const x = (panel.encoding as Record<string, Record<string, Record<string, unknown>>>).x!;
      x.scale!.domain = last > firstEpoch ? [firstEpoch, last] : [firstEpoch - 0.5, firstEpoch + 0.5];
      if (last - firstEpoch < 15) x.axis!.values = Array.from({ length: last - firstEpoch + 1 }, (_, i) => firstEpoch + i);
      else delete x.axis!.values;
    }
    return new Chart(spec, historySummary(series, groups, firstEpoch));
  }

  private sendChart(): void {
    let chart: Chart | undefined;
    try {
      const started = Date.now();
      chart = this.chart();
      if (!chart) return;
      if (this.chartHandle) this.chartHandle.update(chart);
      else this.chartHandle = display(chart);
      if (this.options.chartEveryMs === undefined) this.chartThrottle.intervalMs = Math.max(250, 4 * (Date.now() - started));
    } catch (e) {
      this.snapshot.note = `(live chart failed: ${(e as Error).message})`;
    }
  }
}

/**
 * A `model.fit` / `model.fitDataset` callback that shows training as it happens: a Keras-style
 * progress bar (epoch i/N, batch k/M, elapsed, ETA, current metrics), updated in place at most
 * ~10 times a second, and a loss/metric chart redrawn after each epoch (at most ~4 times a
 * second when epochs are quicker). The saved notebook keeps the final bar text and the final chart.
 *
 * Displaying the callback itself shows its latest state (useful after an interrupt).
 *
 * @example await model.fit(xs, ys, { epochs: 5, validationSplit: 0.2, callbacks: [liveProgress()] })
 */
export class LiveProgress extends tf.CustomCallback implements Displayable {
  private readonly tracker: ProgressTracker;

  constructor(options: LiveProgressOptions = {}) {
    checkOptions("liveProgress", options, PROGRESS_OPTIONS);
    let self: LiveProgress | undefined;
    const tracker = new ProgressTracker(options, () => {
      if (self?.trainedModel) self.trainedModel.stopTraining = true;
    });
    super({
      onTrainBegin: () => tracker.trainBegin(),
      onEpochBegin: (epoch) => tracker.epochBegin(epoch),
      onBatchEnd: (batch, logs) => tracker.batchEnd(batch, logs),
      onEpochEnd: (epoch, logs) => tracker.epochEnd(epoch, logs),
      onTrainEnd: () => tracker.trainEnd(),
    });
    this.tracker = tracker;
    self = this;
  }

  /** The model being trained (tfjs hands it to callbacks before training). */
  private trainedModel: tf.LayersModel | undefined;

  override setModel(model: Parameters<tf.CustomCallback["setModel"]>[0]): void {
    super.setModel(model);
    this.trainedModel = model as tf.LayersModel;
  }

  override setParams(params: tf.CustomCallbackArgs | Record<string, unknown>): void {
    super.setParams(params as never);
    this.tracker.setParams(params);
  }

  /** The latest state of the run, as the bar shows it. */
  get state(): ProgressSnapshot {
    return this.tracker.state;
  }

  /** The bar's text now. */
  text(): string {
    return progressText(this.tracker.state);
  }

  /** The live chart now (undefined before the first epoch ends). */
  chart(): Chart | undefined {
    return this.tracker.chart();
  }

  [displaySymbol](): MediaBundle {
    return new ProgressView(this.tracker.state)[displaySymbol]();
  }
}

/**
 * A training callback with a live progress bar and curves. Pass it in `callbacks`.
 *
 * @example await model.fit(xs, ys, { epochs: 5, callbacks: [liveProgress()] })
 * @example await model.fitDataset(ds, { epochs: 3, callbacks: [liveProgress({ metrics: ["loss"], chart: false })] })
 */
export function liveProgress(options: LiveProgressOptions = {}): LiveProgress {
  return new LiveProgress(options);
}
