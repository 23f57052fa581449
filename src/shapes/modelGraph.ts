// What summary and shapeTrace read from a LayersModel: its layers, their connections and params.
import * as tf from "@tensorflow/tfjs";
import { describeValue } from "../args/describe";

type Layer = tf.layers.Layer;

/** The parts of tfjs's Node (a call of a layer) that connections need. */
interface LayerNode {
  inboundLayers: Layer[];
  nodeIndices: number[];
  tensorIndices: number[];
  outputTensors: tf.SymbolicTensor[];
}

/** Throws unless `model` is a tf.LayersModel (tf.sequential or tf.model). */
export function assertModel(fn: string, model: unknown): asserts model is tf.LayersModel {
  if (!(model instanceof tf.LayersModel)) {
    throw new TypeError(`${fn}: expected model to be a tf.LayersModel (made by tf.sequential or tf.model); got ${describeValue(model)}`);
  }
}

/** Throws unless `model` is a tf.LayersModel whose weights have not been disposed, so it can still run. */
export function assertLiveModel(fn: string, model: unknown): asserts model is tf.LayersModel {
  assertModel(fn, model);
  // tfjs records disposal only in this protected count; a disposed model fails deep inside apply().
  if ((model as unknown as { _refCount: number | null })._refCount === 0) {
    throw new Error(`${fn}: expected model to be a live tf.LayersModel; got model "${model.name}", which was disposed (its weights are freed; build it again)`);
  }
}

/** Keras prints shapes as tuples with None for the batch: (None, 512). */
export function kerasShape(shape: unknown): string {
  if (Array.isArray(shape) && shape.length && Array.isArray(shape[0])) return `[${(shape as unknown[]).map(kerasShape).join(", ")}]`;
  const dims = (shape as (number | null)[]).map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/** A layer's output shape as Keras writes it; "multiple" when it differs between calls. */
export function outputShapeText(layer: Layer): string {
  try {
    return kerasShape(layer.outputShape);
  } catch {
    return "multiple";
  }
}

/** Parameters of a list of weights. */
export function countWeights(weights: tf.LayerVariable[]): number {
  return weights.reduce((n, w) => n + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** Number of parameters of a layer; throws a clear error when the model has not been built. */
export function layerParams(fn: string, layer: Layer): number {
  try {
    return layer.countParams();
  } catch {
    throw new Error(
      `${fn}: layer "${layer.name}" has no weights yet: the model is not built. ` +
        `Give the first layer an inputShape (e.g. tf.layers.dense({ units: 10, inputShape: [784] })) or call model.build(shape) first`,
    );
  }
}

function nodesOfModel(model: tf.LayersModel): Set<unknown> {
  const byDepth = (model as unknown as { nodesByDepth?: Record<string, unknown[]> }).nodesByDepth ?? {};
  return new Set(Object.values(byDepth).flat());
}

/** True for models that are a plain chain of layers (no branches, merges or shared layers). */
export function isSequentialLike(model: tf.LayersModel): boolean {
  if (model instanceof tf.Sequential) return true;
  const nodes = nodesOfModel(model);
  for (const layer of model.layers) {
    const inbound = (layer.inboundNodes as unknown as LayerNode[]).filter((n) => nodes.has(n));
    if (inbound.length > 1 || inbound.some((n) => n.inboundLayers.length > 1)) return false;
  }
  return model.inputs.length === 1 && model.outputs.length === 1;
}

/** "dense[0][0]"-style references to the layers feeding `layer`, as Keras lists them. */
export function connections(model: tf.LayersModel, layer: Layer): string[] {
  const nodes = nodesOfModel(model);
  const out: string[] = [];
  for (const node of layer.inboundNodes as unknown as LayerNode[]) {
    if (nodes.size && !nodes.has(node)) continue;
    node.inboundLayers.forEach((l, i) => out.push(`${l.name}[${node.nodeIndices[i]}][${node.tensorIndices[i]}]`));
  }
  return out;
}

/**
 * The call of `layer` that belongs to `model`: a layer also used elsewhere (a model nested in
 * another, a shared layer) has one node per call. Undefined when it cannot be told apart.
 */
export function nodeInModel(model: tf.LayersModel, layer: Layer): LayerNode | undefined {
  const nodes = nodesOfModel(model);
  const own = layer.inboundNodes as unknown as LayerNode[];
  const inModel = own.filter((n) => nodes.has(n));
  if (inModel.length === 1) return inModel[0];
  return own.length === 1 ? own[0] : undefined;
}

/** The layers feeding `layer` in the model, with which of their outputs. */
export function inboundOf(model: tf.LayersModel, layer: Layer): { layer: Layer; tensorIndex: number }[] {
  const node = nodeInModel(model, layer);
  return node ? node.inboundLayers.map((l, i) => ({ layer: l, tensorIndex: node.tensorIndices[i]! })) : [];
}

/** 1,234,567 */
export function thousands(n: number): string {
  return n.toLocaleString("en-US");
}

/** Bytes of float32 parameters, as Keras 3 prints them: 1.55 MB. */
export function paramBytes(count: number): string {
  const bytes = count * 4;
  if (bytes < 1024) return `${bytes.toFixed(2)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(2)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(2)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** Throws unless `model` is a live tf.LayersModel with inputs and layers whose weights exist. */
export function assertBuiltModel(fn: string, model: unknown): asserts model is tf.LayersModel {
  assertLiveModel(fn, model);
  if (!model.inputs?.length || !model.layers.length || model.layers.some((l) => !l.built)) {
    throw new Error(
      `${fn}: expected a built model; model "${model.name}" is not built yet (${model.layers.length ? "some layers have no weights" : "it has no layers"}). ` +
        `Add layers, the first with an inputShape (e.g. tf.layers.dense({ units: 10, inputShape: [784] })), or call model.build(shape) first`,
    );
  }
}

/**
 * A model over the same inputs whose outputs are the given layers' outputs (all of them, in order), to
 * read what each layer computes; `owners` says which outputs belong to which layer.
 */
export function probeModel(fn: string, model: tf.LayersModel, layers: readonly Layer[]): { probe: tf.LayersModel; owners: { layer: Layer; first: number; count: number }[] } {
  const outputs: tf.SymbolicTensor[] = [];
  const owners: { layer: Layer; first: number; count: number }[] = [];
  for (const layer of layers) {
    const node = nodeInModel(model, layer);
    if (!node) throw new Error(`${fn}: layer "${layer.name}" is called several times in this model (a shared layer); ${fn} supports each layer being called once`);
    owners.push({ layer, first: outputs.length, count: node.outputTensors.length });
    outputs.push(...node.outputTensors);
  }
  return { probe: tf.model({ inputs: model.inputs, outputs }), owners };
}

/** True when a layer's output goes through a ReLU: Dense or Conv with activation "relu", a ReLU layer, or Activation("relu"). */
export function endsInRelu(layer: Layer): boolean {
  if (layer.getClassName() === "ReLU") return true;
  try {
    const activation = (layer.getConfig() as { activation?: unknown }).activation;
    return activation === "relu" || activation === "relu6";
  } catch {
    return false;
  }
}
