// shapeTrace(model, input): the concrete shape of every layer's output for one input, found by
// running the model once on it (zeros when only a shape is given) and keeping only the shapes.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { Report, Rich } from "../display/report";
import { assertLiveModel, inboundOf, layerParams, nodeInModel, probeModel, thousands } from "./modelGraph";
import { shapeArg, tuple } from "./shapeArg";

/** One layer's row: the shapes that went in and came out. */
export interface TraceRow {
  name: string;
  type: string;
  inputShapes: number[][];
  outputShapes: number[][];
  params: number;
}

/** The shapes a model produced for one input, layer by layer; its display is the table. */
export class ShapeTrace {
  constructor(
    readonly modelName: string,
    readonly inputShapes: number[][],
    readonly rows: TraceRow[],
    /** Remarks such as "added a batch axis of 1". */
    readonly notes: string[],
  ) {}

  /** The model's output shapes (the last layers' outputs). */
  get outputShapes(): number[][] {
    return this.rows.length ? this.rows[this.rows.length - 1]!.outputShapes : this.inputShapes;
  }

  /** The table: what each layer received and produced, the output shapes in bold. */
  report(): Report {
    const shapes = (s: number[][]) => (s.length ? s.map(tuple).join(", ") : "—");
    const columns = [{ title: "Layer (type)" }, { title: "Input shape", code: true }, { title: "", code: true }, { title: "Output shape", code: true }, { title: "Param #", numeric: true, code: true }];
    const rows = this.rows.map((r): Rich[] => [`${r.name} (${r.type})`, shapes(r.inputShapes), "→", { strong: shapes(r.outputShapes) }, thousands(r.params)]);
    const title: Rich = ["Shape trace of ", { strong: `"${this.modelName}"` }, " for input ", { code: this.inputShapes.map(tuple).join(", ") }];
    return new Report({ title, notes: this.notes, columns, rows, className: "tsdl-shape-trace" });
  }

  /** console.log shows the same text as the notebook's text/plain. */
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

type InputArg = tf.Tensor | number[];
type ShapeMap = Map<tf.layers.Layer, number[][]>;

/** Fills in every layer's output shapes from its computeOutputShape, in the model's (topological) order. */
function applyShapeRules(model: tf.LayersModel, layers: tf.layers.Layer[], known: ShapeMap): boolean {
  for (const layer of layers) {
    const ins = inboundOf(model, layer).map((x) => known.get(x.layer)?.[x.tensorIndex]);
    if (!ins.length || ins.some((s) => !s)) return false;
    let out: tf.Shape | tf.Shape[];
    try {
      out = layer.computeOutputShape(ins.length === 1 ? ins[0]! : (ins as number[][]));
    } catch {
      return false;
    }
    const list = (Array.isArray(out[0]) ? out : [out]) as (number | null)[][];
    if (list.some((s) => s.some((d) => typeof d !== "number"))) return false;
    known.set(layer, list as number[][]);
  }
  return true;
}

/** Runs the model once (on zeros for shapes) with every layer's output as an extra output. */
function runForward(model: tf.LayersModel, layers: tf.layers.Layer[], inputs: InputArg[], shapes: number[][], known: ShapeMap): void {
  if (!layers.length) return;
  const { probe, owners } = probeModel("shapeTrace", model, layers);
  tf.tidy(() => {
    const xs = inputs.map((x, i) => (x instanceof tf.Tensor ? (x.shape.length === shapes[i]!.length ? x : tf.reshape(x, shapes[i]!)) : tf.zeros(shapes[i]!)));
    // apply, not predict: predict splits the input into batches and cannot join zero of them (a [0,784] input).
    const ys = asShapes(probe.apply(xs.length === 1 ? xs[0]! : xs) as tf.Tensor | tf.Tensor[]);
    for (const o of owners) known.set(o.layer, ys.slice(o.first, o.first + o.count));
  });
}

/** Checks a concrete shape against a model input's shape (None for any size); may add a batch axis. */
function fitInput(name: string, expected: (number | null)[], given: number[], notes: string[]): number[] {
  let shape = given;
  if (given.length === expected.length - 1) {
    shape = [1, ...given];
    notes.push(`added a batch axis of 1 to input ${name}: ${tuple(given)} → ${tuple(shape)}`);
  }
  const want = tuple(expected as never);
  if (shape.length !== expected.length) {
    throw new Error(`shapeTrace: model input "${name}" expects shape ${want.replace(/null/g, "None")} (rank ${expected.length}); got ${tuple(given)} (rank ${given.length})`);
  }
  expected.forEach((d, i) => {
    if (d !== null && d !== shape[i]) {
      throw new Error(`shapeTrace: model input "${name}" expects shape ${want.replace(/null/g, "None")}; got ${tuple(given)}: axis ${i} should be ${d}, not ${shape[i]}`);
    }
  });
  return shape;
}

function asShapes(value: tf.Tensor | tf.Tensor[]): number[][] {
  return (Array.isArray(value) ? value : [value]).map((t) => t.shape.slice());
}

/**
 * Runs `model` once on `input` (a tensor, or a shape such as [32, 784] to run on
 * zeros) and shows the concrete shape every layer receives and produces. For
 * models with several inputs pass an array of tensors or shapes. Nothing is kept:
 * every tensor it makes is disposed.
 */
export function shapeTrace(model: tf.LayersModel, input: InputArg | InputArg[]): ShapeTrace {
  assertLiveModel("shapeTrace", model);
  if (!model.inputs?.length) throw new Error(`shapeTrace: model "${model.name}" has no inputs yet; add layers (the first with an inputShape) first`);
  const expected = model.inputs.map((s) => s.shape);
  const several = Array.isArray(input) && input.length > 0 && (input as unknown[]).every((x) => x instanceof tf.Tensor || Array.isArray(x));
  const inputs: InputArg[] = several ? (input as InputArg[]) : [input as InputArg];
  if (inputs.length !== expected.length) {
    throw new Error(`shapeTrace: model "${model.name}" has ${expected.length} inputs (${model.inputs.map((s) => s.name).join(", ")}); got ${inputs.length} — pass an array with one tensor or shape per input`);
  }
  const notes: string[] = [];
  const shapes = inputs.map((x, i) => {
    if (x instanceof tf.Tensor && x.isDisposed) throw new Error(`shapeTrace: expected input ${i} to be a live tensor; got a disposed tensor`);
    if (x instanceof tf.Tensor && x.dtype === "string") throw new TypeError(`shapeTrace: expected input ${i} to be a numeric tensor; got a string tensor of shape ${tuple(x.shape)}`);
    if (!(x instanceof tf.Tensor) && !Array.isArray(x)) throw new TypeError(`shapeTrace: expected input to be a tf.Tensor or a shape such as [32, 784]; got ${describeValue(x)}`);
    return fitInput(model.inputs[i]!.name, expected[i]!, shapeArg("shapeTrace", "input", x), notes);
  });

  const layers = model.layers.filter((l) => l.getClassName() !== "InputLayer");
  for (const layer of layers) {
    if (!nodeInModel(model, layer)) throw new Error(`shapeTrace: layer "${layer.name}" is called several times in this model (a shared layer); shapeTrace supports each layer being called once`);
  }
  const outputShapes = new Map<tf.layers.Layer, number[][]>();
  const inputLayers = model.inputs.map((s) => s.sourceLayer as tf.layers.Layer);
  inputLayers.forEach((l, i) => outputShapes.set(l, [shapes[i]!]));
  // Shapes alone follow each layer's shape rule, which costs nothing; tensors (or a layer without
  // a concrete rule) are run through the model once.
  if (inputs.every((x) => Array.isArray(x)) && applyShapeRules(model, layers, outputShapes)) {
    notes.push("shapes from each layer's computeOutputShape: no data was run");
  } else {
    runForward(model, layers, inputs, shapes, outputShapes);
    notes.push(inputs.every((x) => Array.isArray(x)) ? "shapes from running the model once on zeros" : "shapes from running the model once on the input");
  }
  const inputRows: TraceRow[] = inputLayers.map((l, i) => ({ name: l.name, type: "InputLayer", inputShapes: [], outputShapes: [shapes[i]!], params: 0 }));
  const rows: TraceRow[] = layers.map((layer) => {
    const inbound = inboundOf(model, layer);
    const inputShapes = inbound.map((x) => outputShapes.get(x.layer)?.[x.tensorIndex]).filter((s): s is number[] => !!s);
    return { name: layer.name, type: layer.getClassName(), inputShapes, outputShapes: outputShapes.get(layer) ?? [], params: layerParams("shapeTrace", layer) };
  });
  return new ShapeTrace(model.name, shapes, [...inputRows, ...rows], notes);
}
