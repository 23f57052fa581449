// numpy-style text of a tensor, as np.array2string prints it: aligned columns, lines wrapped at
// the line width, long axes summarised with `...`.
import * as tf from "@tensorflow/tfjs";
import { shapeText } from "../args/describe";
import { assertLiveTensor, assertTensor } from "../args/tensor";
import { fitEdgeItems, readCorners, TensorCorners } from "./corners";
import { BoolFormat, ComplexFormat, FloatFormat, IntFormat, longest, pythonRepr } from "./elementFormat";
import { InspectOptions, PrintOptions, resolveOptions } from "./options";

/** Formats the element at a flat index of the corners' values. */
export type ElementFormatter = (index: number) => string;

/** One formatter for all the values shown, so that they share a width and a notation. */
export function elementFormatter(c: TensorCorners, o: PrintOptions): ElementFormatter {
  const scalar = c.shape.length === 0;
  switch (c.dtype) {
    case "float32": {
      const f = new FloatFormat(c.values as ArrayLike<number>, o);
      const v = c.values as ArrayLike<number>;
      return (i) => f.format(v[i]!);
    }
    case "int32": {
      const f = new IntFormat(c.values as ArrayLike<number>);
      const v = c.values as ArrayLike<number>;
      return (i) => f.format(v[i]!);
    }
    case "bool": {
      const f = new BoolFormat(scalar);
      const v = c.values as ArrayLike<number>;
      return (i) => f.format(v[i]!);
    }
    case "complex64": {
      const re = c.values as ArrayLike<number>;
      const im = c.imag!;
      const f = new ComplexFormat(re, im, o);
      return (i) => f.format(re[i]!, im[i]!);
    }
    case "string": {
      const v = c.values as string[];
      return (i) => pythonRepr(v[i]!);
    }
    default:
      throw new TypeError(`formatTensor: unsupported dtype ${String(c.dtype)}`);
  }
}

function extendLine(s: string, line: string, word: string, lineWidth: number, prefix: string): [string, string] {
  // Wrapping does not help when the line holds nothing but the indent.
  if (line.length + word.length > lineWidth && line.length > prefix.length) {
    s += line.trimEnd() + "\n";
    line = prefix;
  }
  return [s, line + word];
}

function extendLinePretty(s: string, line: string, word: string, lineWidth: number, prefix: string): [string, string] {
  const words = word.split("\n");
  if (words.length === 1) return extendLine(s, line, word, lineWidth, prefix);
  const maxLen = longest(words);
  let indent: string;
  if (line.length + maxLen > lineWidth && line.length > prefix.length) {
    s += line.trimEnd() + "\n";
    line = prefix + words[0];
    indent = prefix;
  } else {
    indent = " ".repeat(line.length);
    line += words[0];
  }
  for (const w of words.slice(1)) {
    s += line.trimEnd() + "\n";
    line = indent + w;
  }
  return [s, line + " ".repeat(maxLen - words[words.length - 1]!.length)];
}

/** numpy's _formatArray over the kept corners: the nested brackets, rows and wrapping. */
export function formatCorners(c: TensorCorners, o: PrintOptions, format: ElementFormatter = elementFormatter(c, o)): string {
  if (c.shape.some((d) => d === 0)) return "[]";
  const ndim = c.shape.length;
  const strides = c.keptShape.map((_, i) => c.keptShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const sep = o.separator;
  const sepTrim = sep.trimEnd();
  const e = c.edgeItems;

  const recurse = (axis: number, offset: number, hanging: string, width: number): string => {
    const axesLeft = ndim - axis;
    if (axesLeft === 0) return format(offset);
    const nextHanging = hanging + " ";
    const nextWidth = width - 1;
    const aLen = c.shape[axis]!;
    const kLen = c.keptShape[axis]!;
    const showSummary = c.summarised && 2 * e < aLen;
    const leading = showSummary ? e : 0;
    const trailing = showSummary ? e : aLen;
    const child = (k: number) => recurse(axis + 1, offset + k * strides[axis]!, nextHanging, nextWidth);
    let s = "";
    if (axesLeft === 1) {
      const elemWidth = width - Math.max(sepTrim.length, 1);
      let line = hanging;
      for (let i = 0; i < leading; i++) {
        [s, line] = extendLinePretty(s, line, child(i), elemWidth, hanging);
        line += sep;
      }
      if (showSummary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hanging);
        line += sep;
      }
      for (let i = trailing; i > 1; i--) {
        [s, line] = extendLinePretty(s, line, child(kLen - i), elemWidth, hanging);
        line += sep;
      }
      [s, line] = extendLinePretty(s, line, child(kLen - 1), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = sepTrim + "\n".repeat(axesLeft - 1);
      for (let i = 0; i < leading; i++) s += hanging + child(i) + lineSep;
      if (showSummary) s += hanging + "..." + lineSep;
      for (let i = trailing; i > 1; i--) s += hanging + child(kLen - i) + lineSep;
      s += hanging + child(kLen - 1);
    }
    return "[" + s.slice(hanging.length) + "]";
  };
  return recurse(0, 0, " ", o.lineWidth);
}

/** `Tensor float32 [2,3]`: the first line of a tensor's text. */
export function tensorHeader(t: tf.Tensor): string {
  assertTensor("tensorHeader", "t", t);
  return `Tensor ${t.dtype} ${shapeText(t.shape)}`;
}

/**
 * The numpy-style text of a tensor's values, as `np.array2string` prints them:
 * `[[1.  2.5]\n [3.  4. ]]`. Tensors with more than `threshold` elements show
 * `edgeItems` at each end of every axis, with `...` between (fewer for
 * high-rank tensors, unless `edgeItems` is given, so that the text stays short).
 */
export function formatTensor(t: tf.Tensor, options?: InspectOptions): string {
  assertLiveTensor("formatTensor", "t", t);
  const o = resolveOptions("formatTensor", options);
  const edgeItems = options?.edgeItems ?? fitEdgeItems(t.shape, o.edgeItems, o.threshold);
  return formatCorners(readCorners(t, edgeItems, o.threshold), o);
}
