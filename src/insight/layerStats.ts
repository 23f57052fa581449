// layerStats(model, input?): what every weight tensor of a model holds (range, mean, spread, zeros, NaN/Inf),
// and with an input batch, how many units of each ReLU layer never fire. tfjs-vis's show.layer, as a table.
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { Report, Rich } from "../display/report";
import { formatNumber } from "../charts/values";
import { assertBuiltModel, endsInRelu, kerasShape, probeModel } from "../shapes/modelGraph";
import { assertBatch } from "./modelInput";
import { valueStats, ValueStats } from "./valueStats";

/** Rows with more dead units than this are flagged. */
export const DEAD_FLAG_FRACTION = 0.5;

/** Units of a ReLU layer that gave 0 for every example of the batch. */
export interface DeadUnits {
  dead: number;
  units: number;
  fraction: number;
}

/** One row: a weight tensor, or the output of a ReLU layer without weights. */
export interface LayerStatsRow {
  layer: string;
  /** The weight's name within its layer ("kernel", "bias"), or "(output)" for a layer without weights. */
  weight: string;
  shape: number[];
  /** Undefined for a row that only reports dead units. */
  stats?: ValueStats;
  /** On the first row of each ReLU layer, when an input batch was given. */
  dead?: DeadUnits;
  /** Why the row is flagged: NaN/Inf values, or more than half the units dead. */
  flags: string[];
}

/** The statistics of a model's weights; its display is the table, flagged rows in red. */
export class LayerStats implements Displayable {
  constructor(
    readonly modelName: string,
    readonly rows: LayerStatsRow[],
    /** Examples in the input batch that dead units were measured on (0 without one). */
    readonly batchSize: number,
  ) {}

  /** Rows with a flag. */
  get flagged(): LayerStatsRow[] {
    return this.rows.filter((r) => r.flags.length);
  }

  report(): Report {
    const withDead = this.batchSize > 0;
    const num = (title: string) => ({ title, numeric: true, code: true });
    const columns = [{ title: "layer" }, { title: "weight" }, { title: "shape", code: true }, num("min"), num("max"), num("mean"), num("std"), num("zeros"), num("NaN"), num("Inf"), ...(withDead ? [num("dead units")] : []), { title: "flags" }];
    const rows = this.rows.map((r): Rich[] => {
      const s = r.stats;
      const stats = s ? [formatNumber(s.min), formatNumber(s.max), formatNumber(s.mean), formatNumber(s.std), percent(s.zeroFraction), String(s.nanCount), String(s.infCount)] : ["", "", "", "", "", "", ""];
      const dead = r.dead ? `${r.dead.dead}/${r.dead.units} (${percent(r.dead.fraction)})` : "";
      return [r.layer, r.weight, kerasShape(r.shape), ...stats, ...(withDead ? [dead] : []), r.flags.length ? { warn: r.flags.join(", ") } : ""];
    });
    const notes = [withDead ? `dead units: never above 0 on any of the ${this.batchSize} examples of the batch` : "pass an input batch to count the dead units of ReLU layers"];
    const footer = this.flagged.length ? [[{ warn: `${this.flagged.length} flagged` }, ` (NaN or Inf values, or more than ${percent(DEAD_FLAG_FRACTION)} of a ReLU layer's units dead)`]] : ["nothing flagged"];
    return new Report({ title: ["Layer statistics of ", { strong: `"${this.modelName}"` }], notes, columns, rows, footer: footer as Rich[], className: "tsdl-layer-stats" });
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  toString(): string {
    return this.report().toString();
  }

  [displaySymbol](): MediaBundle {
    return this.report()[displaySymbol]();
  }
}

function percent(fraction: number): string {
  if (!Number.isFinite(fraction)) return "—";
  const p = 100 * fraction;
  return `${p > 0 && p < 0.1 ? "<0.1" : p.toFixed(p >= 10 || p === 0 ? 0 : 1)}%`;
}

/** Dead units of each ReLU layer on the batch: units (last axis) whose output is ≤ 0 everywhere. One read for all layers. */
function deadUnits(model: tf.LayersModel, layers: tf.layers.Layer[], batch: tf.Tensor): DeadUnits[] {
  if (!layers.length) return [];
  const { probe, owners } = probeModel("layerStats", model, layers);
  const counts = tf.tidy(() => {
    const outs = probe.apply(batch) as tf.Tensor | tf.Tensor[];
    const list = Array.isArray(outs) ? outs : [outs];
    return tf.stack(
      owners.map((o) => {
        const y = list[o.first]!;
        const unitsAxis = y.rank - 1;
        const peak = y.rank > 1 ? tf.max(y, Array.from({ length: unitsAxis }, (_, i) => i)) : y;
        return tf.sum(tf.cast(tf.logicalNot(tf.greater(peak, 0)), "float32"));
      }),
    );
  });
  try {
    const dead = counts.dataSync();
    return owners.map((o, i) => {
      const shape = o.layer.outputShape as (number | null)[];
      const units = (shape[shape.length - 1] as number | null) ?? 0;
      return { dead: dead[i]!, units, fraction: units ? dead[i]! / units : NaN };
    });
  } finally {
    counts.dispose();
  }
}

/**
 * One row per weight tensor of the model: shape, min, max, mean, std, the share of zeros and the NaN/Inf
 * counts. With an input batch (shaped like the model's input, e.g. 500 test images), each ReLU layer also
 * gets its dead units: those that stay at 0 for every example. Rows with NaN/Inf or more than half their
 * units dead are flagged. Everything is computed in tf; only the numbers shown leave the backend.
 *
 * @example layerStats(model, testImages.slice(0, 1000))
 */
export function layerStats(model: tf.LayersModel, input?: tf.Tensor): LayerStats {
  assertBuiltModel("layerStats", model);
  if (input !== undefined) assertBatch("layerStats", "input", model, input);
  const weighted = model.layers.flatMap((layer) => layer.weights.map((w) => ({ layer, w })));
  const stats = valueStats(weighted.map(({ w }) => w.read()));
  const reluLayers = input === undefined ? [] : model.layers.filter(endsInRelu);
  const dead = new Map(reluLayers.map((l, i) => [l, i] as const));
  const deadList = input === undefined ? [] : deadUnits(model, reluLayers, input);

  const rows: LayerStatsRow[] = [];
  const flagsOf = (s: ValueStats | undefined, d: DeadUnits | undefined) => [
    ...(s && s.nanCount + s.infCount > 0 ? ["NaN/Inf"] : []),
    ...(d && d.fraction > DEAD_FLAG_FRACTION ? [`${percent(d.fraction)} dead`] : []),
  ];
  for (const layer of model.layers) {
    const deadHere = dead.has(layer) ? deadList[dead.get(layer)!] : undefined;
    const own = weighted.map((x, i) => ({ ...x, s: stats[i]! })).filter((x) => x.layer === layer);
    own.forEach(({ w, s }, i) => {
      const d = i === 0 ? deadHere : undefined;
      rows.push({ layer: layer.name, weight: w.originalName.slice(w.originalName.lastIndexOf("/") + 1), shape: w.shape as number[], stats: s, ...(d ? { dead: d } : {}), flags: flagsOf(s, d) });
    });
    if (!own.length && deadHere) {
      rows.push({ layer: layer.name, weight: "(output)", shape: (layer.outputShape as (number | null)[]).slice(1) as number[], dead: deadHere, flags: flagsOf(undefined, deadHere) });
    }
  }
  return new LayerStats(model.name, rows, input?.shape[0] ?? 0);
}
