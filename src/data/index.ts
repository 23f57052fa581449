export { parseIdx, readIdx, encodeIdx, isGzip } from "./idx";
export type { IdxArray, IdxData, IdxDtype } from "./idx";
export { loadMnist, defaultMnistDir, MNIST_FILES } from "./mnist";
export type { Mnist, MnistSplit, LoadMnistOptions } from "./mnist";
export { twoMoons } from "./toy";
export type { TwoMoonsOptions } from "./toy";
