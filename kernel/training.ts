// Interrupting a cell only stops the wait for `model.fit`; training itself goes on
// unless the model's stopTraining flag is set. This tracks running fits so an
// interrupt can set it.
import * as tf from "@tensorflow/tfjs";

const running = new Set<tf.LayersModel>();
let installed = false;

type FitMethod = (this: tf.LayersModel, ...args: unknown[]) => Promise<tf.History>;

function track(method: "fit" | "fitDataset"): void {
  const proto = tf.LayersModel.prototype as unknown as Record<string, FitMethod>;
  const original = proto[method]!;
  proto[method] = async function (this: tf.LayersModel, ...args: unknown[]) {
    running.add(this);
    try {
      return await original.apply(this, args);
    } finally {
      running.delete(this);
    }
  };
}

export function trackTraining(): void {
  if (installed) return;
  installed = true;
  track("fit");
  track("fitDataset");
}

/** Asks every running fit to stop after its current batch. */
export function stopAllTraining(): number {
  for (const model of running) model.stopTraining = true;
  return running.size;
}
