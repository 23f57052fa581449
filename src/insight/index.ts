// Seeing inside a model: the statistics of its weights, its activations, its mistakes per class and
// example, its weights over training, runs compared, and the tensors each cell leaves behind.
export { layerStats, LayerStats } from "./layerStats";
export type { LayerStatsRow, DeadUnits } from "./layerStats";
export type { ValueStats, HistogramCounts } from "./valueStats";
export { histogram, Histogram } from "./histogram";
export type { HistogramOptions } from "./histogram";
export { weightHistograms, WeightHistograms } from "./weightHistograms";
export type { WeightHistogramsOptions, PlotOptions as WeightHistogramsPlotOptions } from "./weightHistograms";
export { perClassAccuracy, PerClassAccuracy } from "./perClassAccuracy";
export type { PerClassAccuracyOptions } from "./perClassAccuracy";
export { showMistakes, Mistakes } from "./showMistakes";
export type { Mistake, ShowMistakesOptions } from "./showMistakes";
export { activations, Activations } from "./activations";
export type { ActivationsOptions, LayerActivation } from "./activations";
export { compareHistories, ComparedHistories } from "./compareHistories";
export type { CompareHistoriesOptions, HistoryLike } from "./compareHistories";
export { trackTensors, LeakMeterState } from "./leakMeter";
export type { TensorCount } from "./leakMeter";
