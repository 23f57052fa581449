// weightHistograms(): a fit callback that keeps a histogram of every layer's kernel after each epoch (or
// every few batches), and plots them over training: TensorBoard's histograms, in the notebook.
import * as tf from "@tensorflow/tfjs";
import { checkOptions, integer, oneOf, OptionRules } from "../args/options";
import { Chart } from "../charts/chart";
import { LABEL_RULES } from "../charts/specs/common";
import { heatmapSpec, HistorySeries, ridgelineSpec } from "../charts/specs/histogram";
import { formatNumber } from "../charts/values";
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { histogramCounts } from "./valueStats";

export interface WeightHistogramsOptions {
  /** Equal bins per histogram. Default 40. */
  bins?: number;
  /** Which weights: every layer's "kernel" (default), or "all" weights, biases included. */
  weights?: "kernels" | "all";
  /** Also record every this many batches (default: only at the start and after each epoch). */
  everyBatches?: number;
}

const OPTIONS: OptionRules<WeightHistogramsOptions> = { bins: integer(2, 500), weights: oneOf(["kernels", "all"]), everyBatches: integer(1) };

export interface PlotOptions {
  /** "ridgeline": one curve per snapshot, stacked; "heatmap": snapshots across, values up. Default: ridgeline up to 12 snapshots. */
  kind?: "ridgeline" | "heatmap";
  title?: string;
  /** Width of each weight's panel. */
  width?: number;
  height?: number;
}

const PLOT_OPTIONS: OptionRules<PlotOptions> = { kind: oneOf(["ridgeline", "heatmap"]), title: LABEL_RULES.title, width: LABEL_RULES.width, height: LABEL_RULES.height };

/** Snapshots a ridgeline shows before the heatmap reads better. */
const RIDGELINE_MAX = 12;

/**
 * The recording callback. Pass it in `fit`'s callbacks; afterwards `.plot()` draws what it recorded, and
 * displaying it shows that chart.
 */
export class WeightHistograms extends tf.CustomCallback implements Displayable {
  /** One series per weight tensor, in the model's order. */
  readonly series: HistorySeries[] = [];
  private model: tf.LayersModel | undefined;
  private step = 0;
  private epochs = 0;
  private lastSnapshotStep = -1;

  constructor(options: WeightHistogramsOptions = {}) {
    checkOptions("weightHistograms", options, OPTIONS);
    const every = options.everyBatches;
    const record = (label: string) => this.record(label, options.bins ?? 40, options.weights ?? "kernels");
    super({
      onTrainBegin: () => record("start"),
      // Only when asked: a batch callback makes fit read each batch's loss back, which costs time.
      ...(every
        ? {
            onBatchEnd: () => {
              this.step++;
              if (this.step % every === 0) record(`step ${this.step}`);
            },
          }
        : {}),
      // Counted across fits, so a second fit continues the record instead of starting at epoch 1 again.
      onEpochEnd: () => {
        this.epochs++;
        if (!every) record(`epoch ${this.epochs}`);
      },
      onTrainEnd: () => {
        if (every && this.step !== this.lastSnapshotStep) record(`step ${this.step}`);
      },
    });
  }

  override setModel(model: Parameters<tf.CustomCallback["setModel"]>[0]): void {
    this.model = model as tf.LayersModel;
  }

  /** One histogram per watched weight, made in tf and read back in one transfer. */
  private record(label: string, bins: number, which: "kernels" | "all"): void {
    const model = this.model;
    if (!model) return;
    if (label === "start" && this.series.some((s) => s.snapshots.length)) return;
    const weights = model.layers.flatMap((layer) => layer.weights.filter((w) => which === "all" || /(^|\/)kernel$/.test(w.originalName)));
    const counts = histogramCounts(weights.map((w) => w.read()), bins);
    weights.forEach((w, i) => {
      const name = w.originalName;
      let s = this.series.find((x) => x.name === name);
      if (!s) this.series.push((s = { name, snapshots: [] }));
      s.snapshots.push({ label, bins: counts[i]! });
    });
    this.lastSnapshotStep = this.step;
  }

  /** The recorded histograms as a ridgeline (up to 12 snapshots by default) or a heatmap over training. */
  plot(options: PlotOptions = {}): Chart {
    checkOptions("weightHistograms.plot", options, PLOT_OPTIONS);
    const series = this.series.filter((s) => s.snapshots.length);
    if (!series.length) throw new Error("weightHistograms.plot: nothing recorded yet; pass the callback to fit first: await model.fit(xs, ys, { callbacks: [h] })");
    const snapshots = Math.max(...series.map((s) => s.snapshots.length));
    const kind = options.kind ?? (snapshots <= RIDGELINE_MAX ? "ridgeline" : "heatmap");
    const title = options.title ?? "Weights over training";
    const spec = kind === "ridgeline" ? ridgelineSpec(series, { ...options, title }) : heatmapSpec(series, { ...options, title });
    return new Chart(spec, this.summary(kind));
  }

  private summary(kind: string): string {
    const lines = this.series.map((s) => {
      const first = s.snapshots[0]!.bins;
      const last = s.snapshots[s.snapshots.length - 1]!.bins;
      return `  ${s.name}: ${formatNumber(first.lo)} … ${formatNumber(first.hi)} at ${s.snapshots[0]!.label} → ${formatNumber(last.lo)} … ${formatNumber(last.hi)} at ${s.snapshots[s.snapshots.length - 1]!.label}`;
    });
    const count = Math.max(0, ...this.series.map((s) => s.snapshots.length));
    return [`Weight histograms (${kind}): ${this.series.length} weight tensors, ${count} snapshots`, ...lines].join("\n");
  }

  [displaySymbol](): MediaBundle {
    if (!this.series.some((s) => s.snapshots.length)) return { "text/plain": "Weight histograms: nothing recorded yet (pass this callback to model.fit)" };
    return this.plot()[displaySymbol]();
  }
}

/**
 * A `model.fit` callback that records a histogram of every layer's kernel at the start and after each
 * epoch (or every `everyBatches` batches); `.plot()` then draws them over training, as TensorBoard's
 * histograms do. The histograms are counted in tf: a few hundred numbers per snapshot leave the backend.
 *
 * @example
 * const weights = weightHistograms();
 * await model.fit(xs, ys, { epochs: 5, callbacks: [weights] });
 * weights.plot()
 */
export function weightHistograms(options: WeightHistogramsOptions = {}): WeightHistograms {
  return new WeightHistograms(options);
}
