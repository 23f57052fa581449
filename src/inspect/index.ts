// Tensor inspection: numpy-style text, stats, rich HTML views and images.
export { formatTensor, tensorHeader } from "./format";
export type { InspectOptions } from "./options";
export { DEFAULT_PRINT_OPTIONS, getPrintOptions, setPrintOptions } from "./options";
export type { PrintOptions } from "./options";
export { tensorStats } from "./stats";
export type { TensorStats } from "./stats";
export { TensorView, inspect, tensorConsoleText } from "./view";
export { ImageView, showImage, showImages } from "./image";
export type { ShowImageOptions, ShowImagesOptions } from "./image";
