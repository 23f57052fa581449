// Teaches TensorFlow.js's own classes to display themselves through the Jupyter display symbol,
// so the kernel needs no special case for them.
import * as tf from "@tensorflow/tfjs";
import { displaySymbol, MediaBundle } from "./display/bundle";
import { Report } from "./display/report";
import { inspect, tensorConsoleText } from "./inspect";
import { summary } from "./shapes";

/** A history as a table: one row per epoch, one column per metric. */
function historyReport(history: tf.History): Report {
  const metrics = Object.keys(history.history);
  const epochs = history.epoch.length;
  const rows = Array.from({ length: epochs }, (_, i) => [
    String(i + 1),
    ...metrics.map((m) => {
      const v = history.history[m]![i];
      return typeof v === "number" ? v.toPrecision(4) : String(v);
    }),
  ]);
  const columns = ["epoch", ...metrics].map((title) => ({ title, numeric: true }));
  return new Report({ title: `History (${epochs} epochs)`, columns, rows });
}

function define(proto: object, show: (self: never) => MediaBundle): void {
  Object.defineProperty(proto, displaySymbol, {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (this: never) {
      return show(this);
    },
  });
}

/** Installs the displays once per tfjs instance. */
export function registerDisplays(): void {
  define(tf.Tensor.prototype, (t: tf.Tensor) => inspect(t)[displaySymbol]());
  define(tf.LayersModel.prototype, (m: tf.LayersModel) => summary(m)[displaySymbol]());
  define(tf.History.prototype, (h: tf.History) => historyReport(h)[displaySymbol]());
  // console.log(t) prints the notebook's numpy-style text instead of the tensor's internals.
  Object.defineProperty(tf.Tensor.prototype, Symbol.for("nodejs.util.inspect.custom"), {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (this: tf.Tensor) {
      return tensorConsoleText(this);
    },
  });
}

registerDisplays();
