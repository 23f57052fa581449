// compareHistories({ "lr=0.1": h1, "lr=0.01": h2 }): several training runs overlaid, one panel per metric
// they share. The chart for comparing learning rates and optimizers.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";
import { checkOptions, names, OptionRules } from "../args/options";
import { Chart } from "../charts/chart";
import { readHistory } from "../charts/history";
import { LABEL_RULES } from "../charts/specs/common";
import { ComparedMetric, compareSpec, Run } from "../charts/specs/compare";
import { groupMetrics, splitOf } from "../charts/specs/history";
import { formatNumber } from "../charts/values";
import { Report } from "../display/report";

/** What model.fit returns, or plain metric arrays per epoch. */
export type HistoryLike = tf.History | Record<string, ArrayLike<number>>;

export interface CompareHistoriesOptions {
  /** Metrics to compare, e.g. `["loss"]`; their validation curves come along. Default: every metric all runs log. */
  metrics?: string[];
  title?: string;
  /** Width of each panel in pixels. */
  width?: number;
  height?: number;
}

const OPTIONS: OptionRules<CompareHistoriesOptions> = { metrics: names, title: LABEL_RULES.title, width: LABEL_RULES.width, height: LABEL_RULES.height };

/** tfjs logs "acc" or "accuracy" depending on how the metric was named: both are accuracy. */
const canonical = (metric: string) => (metric === "acc" ? "accuracy" : metric);

/** Each run's metrics by canonical name: the logged names of its training and validation curves. */
function metricsOf(run: Run): Map<string, { training?: string; validation?: string }> {
  const out = new Map<string, { training?: string; validation?: string }>();
  for (const group of groupMetrics(Object.keys(run.series).filter((k) => run.series[k]!.length > 0))) {
    const entry: { training?: string; validation?: string } = {};
    for (const key of group.keys) entry[splitOf(key)] = key;
    out.set(canonical(group.metric), entry);
  }
  return out;
}

function isHistoryLike(value: unknown): boolean {
  return value instanceof tf.History || (typeof value === "object" && value !== null && "history" in value && "epoch" in value);
}

/** The chart, with the runs it compares; its text is a table of each curve's first, last and best value. */
export class ComparedHistories extends Chart {
  constructor(
    spec: Chart["spec"],
    summary: string,
    readonly runs: Run[],
    readonly metrics: string[],
  ) {
    super(spec, summary);
  }
}

function summaryReport(runs: Run[], compared: ComparedMetric[]): Report {
  const rows = compared.flatMap((m) =>
    runs.flatMap((run) =>
      (["training", "validation"] as const).flatMap((split) => {
        const key = m.keys[run.name]?.[split];
        const values = key ? (run.series[key] ?? []) : [];
        const finite = values.map((v, i) => [v, run.firstEpoch + i] as const).filter(([v]) => Number.isFinite(v));
        if (!finite.length) return [];
        const lower = /loss|error|mse|mae/i.test(m.metric);
        const best = finite.reduce((b, c) => ((lower ? c[0] < b[0] : c[0] > b[0]) ? c : b));
        return [[m.metric, run.name, split, formatNumber(finite[0]![0]), formatNumber(finite[finite.length - 1]![0]), `${lower ? "min" : "max"} ${formatNumber(best[0])}`, String(best[1])]];
      }),
    ),
  );
  const num = (title: string) => ({ title, numeric: true });
  return new Report({ title: `Compared runs: ${runs.map((r) => r.name).join(", ")}`, columns: ["metric", "run", "curve", num("first"), num("last"), num("best"), num("at epoch")], rows });
}

/**
 * The curves of several training runs overlaid, one panel per metric that every run logs (loss first),
 * a colour per run and validation curves dashed. Pass the runs as an object whose keys name them.
 *
 * @example compareHistories({ "SGD": h1, "RMSprop": h2, "Adam": h3 }, { metrics: ["loss"] })
 */
export function compareHistories(runs: Record<string, HistoryLike>, options: CompareHistoriesOptions = {}): ComparedHistories {
  const fn = "compareHistories";
  if (runs === null || typeof runs !== "object" || Array.isArray(runs) || isHistoryLike(runs)) {
    throw new TypeError(`${fn}: expected an object of named histories, like { "lr=0.1": h1, "lr=0.01": h2 }; got ${isHistoryLike(runs) ? "a single history (name it: { run: history })" : describeValue(runs)}`);
  }
  checkOptions(fn, options, OPTIONS);
  const entries = Object.entries(runs);
  if (!entries.length) throw new Error(`${fn}: expected at least one named history; got an empty object`);
  const read: Run[] = entries.map(([name, h]) => ({ name, ...readHistory(h, `${fn}: "${name}"`) }));
  const logged = read.map(metricsOf);
  const wanted = options.metrics?.map(canonical) ?? [...logged[0]!.keys()].filter((m) => logged.every((l) => l.has(m)));
  const listing = () => read.map((r, i) => `"${r.name}" logs ${[...logged[i]!.keys()].join(", ") || "nothing"}`).join("; ");
  if (!wanted.length) throw new Error(`${fn}: the histories have no metric in common (${listing()}); compare runs that log the same metric`);
  for (const m of wanted) {
    const missing = read.filter((_, i) => !logged[i]!.has(m)).map((r) => `"${r.name}"`);
    if (missing.length) throw new Error(`${fn}: options.metrics: ${missing.join(", ")} ${missing.length > 1 ? "log" : "logs"} no '${m}' (${listing()})`);
  }
  const compared: ComparedMetric[] = wanted.map((metric) => ({ metric, keys: Object.fromEntries(read.map((r, i) => [r.name, logged[i]!.get(metric)!])) }));
  const spec = compareSpec(read, compared, { title: options.title ?? "Runs compared", width: options.width, height: options.height });
  return new ComparedHistories(spec, summaryReport(read, compared).toString(), read, wanted);
}
