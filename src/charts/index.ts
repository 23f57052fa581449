// Charts: vega-lite specs (specs/), rendered to PNG offline (render.ts), shown as Chart bundles;
// and liveProgress, the training callback.
export { Chart } from "./chart";
export { plotHistory } from "./history";
export type { PlotHistoryOptions } from "./history";
export { barPlot } from "./bar";
export type { BarSeries, BarPlotOptions } from "./bar";
export { linePlot } from "./line";
export type { LineSeries, LinePlotOptions } from "./line";
export { scatterPlot } from "./scatter";
export type { ScatterSeries, ScatterPlotOptions, PointsLike } from "./scatter";
export { contourPlot, surfacePlot } from "./surface";
export type { ContourPlotOptions, PathOption } from "./surface";
export { confusionMatrix } from "./confusion";
export type { ConfusionMatrixOptions } from "./confusion";
export { liveProgress, LiveProgress } from "./progress";
export type { LiveProgressOptions } from "./progress";
export type { VegaLiteSpec } from "./specs/common";
