// Tensor inspection: numpy-style text, stats, rich HTML views and images.
export { formatTensor, tensorHeader } from "./format";
export type { InspectOptions } from "./options";
export { DEFAULT_PRINT_OPTIONS } from "./options";
export { TensorView, inspect } from "./view";
