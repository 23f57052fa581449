// Model summaries. (Placeholder until the shape-printing issue lands.)
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "../display/bundle";
import { htmlTable, textTable } from "../display/html";

/** A Keras-style model summary; its display is the table. */
export class ModelSummary {
  readonly rows: string[][];
  constructor(readonly model: tf.LayersModel) {
    this.rows = model.layers.map((l) => [`${l.name} (${l.getClassName()})`, JSON.stringify(l.outputShape), String(l.countParams())]);
  }

  [displaySymbol](): MediaBundle {
    const header = ["Layer (type)", "Output shape", "Param #"];
    return {
      "text/plain": `Model: "${this.model.name}"\n` + textTable(header, this.rows, { numeric: [2] }),
      "text/html": htmlTable(header, this.rows, { numeric: [2], caption: `Model: ${this.model.name}` }),
    };
  }
}

export function summary(model: tf.LayersModel): ModelSummary {
  return new ModelSummary(model);
}
