// summary(model): the Keras-style table of layers, output shapes and parameter counts, as an
// object whose display is the table (never printed as a side effect).
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { Report, Rich } from "../display/report";
import { assertModel, connections, countWeights, isSequentialLike, layerParams, outputShapeText, paramBytes, thousands } from "./modelGraph";

/** One row of the summary. */
export interface SummaryRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
  /** Layers feeding this one, for functional models ("input_1[0][0]"). */
  connectedTo: string[];
}

/** A Keras-style model summary; its display is the table. */
export class ModelSummary {
  readonly name: string;
  readonly rows: SummaryRow[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  /** False for functional models with branches, merges or several inputs/outputs: rows then list "Connected to". */
  readonly sequential: boolean;

  constructor(model: tf.LayersModel) {
    assertModel("summary", model);
    this.name = model.name;
    this.sequential = isSequentialLike(model);
    this.rows = model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: outputShapeText(layer),
      params: layerParams("summary", layer),
      connectedTo: this.sequential ? [] : connections(model, layer),
    }));
    this.trainableParams = countWeights(model.trainableWeights);
    this.nonTrainableParams = countWeights(model.nonTrainableWeights);
    this.totalParams = this.trainableParams + this.nonTrainableParams;
  }

  /** The table: one row per layer, its connections on lines of their own; the totals under it. */
  report(): Report {
    const columns = [{ title: "Layer (type)" }, { title: "Output Shape", code: true }, { title: "Param #", numeric: true, code: true }, ...(this.sequential ? [] : [{ title: "Connected to", code: true }])];
    const rows = this.rows.map((r): Rich[] => [[`${r.name} `, { muted: `(${r.type})` }], r.outputShape, thousands(r.params), ...(this.sequential ? [] : [r.connectedTo.join("\n")])]);
    const count = (label: string, n: number): Rich => [{ muted: `${label}:` }, " ", { strong: `${thousands(n)} (${paramBytes(n)})` }];
    const footer = [count("Total params", this.totalParams), count("Trainable params", this.trainableParams), count("Non-trainable params", this.nonTrainableParams)];
    return new Report({ title: ["Model: \"", { strong: this.name }, "\""], columns, rows, footer, frame: "keras", className: "tsdl-model-summary" });
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

/**
 * A Keras-style summary of a model: each layer's name and type, output shape
 * and parameter count (and, for functional models, what it is connected to),
 * then total, trainable and non-trainable parameters. Every model displays as
 * its summary by default.
 */
export function summary(model: tf.LayersModel): ModelSummary {
  return new ModelSummary(model);
}
