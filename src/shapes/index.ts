// Shapes made visible: model summaries, shape traces and the broadcast/matmul/reshape rules.
export { ModelSummary, summary } from "./summary";
export type { SummaryRow } from "./summary";
export { ShapeTrace, shapeTrace } from "./trace";
export type { TraceRow } from "./trace";
export { ShapeExplanation } from "./explanation";
export type { ExplanationStep } from "./explanation";
export { explainBroadcast } from "./broadcast";
export { explainMatMul } from "./matmul";
export type { MatMulOptions } from "./matmul";
export { explainReshape } from "./reshape";
