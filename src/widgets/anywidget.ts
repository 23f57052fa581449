// anyWidget: a custom widget written as an ES module, rendered by the `anywidget` npm package's frontend model
// (AnyModel/AnyView), which the frontend must have installed (JupyterLab with anywidget's extension).
// https://anywidget.dev — the module exports `render({ model, el })` (and optionally `initialize({ model })`).
import { valueText } from "../args/describe";
import { identityState, ModelSpec } from "./models";
import { isBinary, WidgetState } from "./protocol";
import { Widget } from "./widget";

/** The anywidget frontend this speaks to: its module name and a semver range of its npm package. */
export const ANYWIDGET_MODULE = "anywidget";
export const ANYWIDGET_VERSION = "~0.11.0";

const ANY_MODEL: ModelSpec = {
  modelName: "AnyModel",
  modelModule: ANYWIDGET_MODULE,
  modelModuleVersion: ANYWIDGET_VERSION,
  viewName: "AnyView",
  viewModule: ANYWIDGET_MODULE,
  viewModuleVersion: ANYWIDGET_VERSION,
};

export interface AnyWidgetOptions {
  /** The ES module's source: `export default { render({ model, el }) { … } }`. */
  esm: string;
  /** CSS for the widget's views. */
  css?: string;
  /** The synced state the module reads with `model.get(key)` and writes with `model.set(key, v); model.save_changes()`. */
  state?: WidgetState;
}

/** A custom widget: its state keys are read with `get`, written with `set`, and watched with `observe(fn, key)`. */
export class AnyWidget extends Widget {}

function isJsonLike(value: unknown, depth = 0): boolean {
  if (value === null || ["string", "boolean"].includes(typeof value)) return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (isBinary(value)) return true;
  if (depth > 32) return false;
  if (Array.isArray(value)) return value.every((v) => isJsonLike(v, depth + 1));
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value as object).every((v) => isJsonLike(v, depth + 1));
  return false;
}

/**
 * A custom widget from an ES module, as anywidget's Python `AnyWidget` makes it: `esm` renders each view,
 * `state` is synced both ways. Needs the anywidget frontend (JupyterLab with the `anywidget` extension).
 *
 * @example const counter = anyWidget({ esm: `export default { render({ model, el }) { … } }`, state: { count: 0 } });
 *          counter.observe(({ new: n }) => console.log(n), "count")
 */
export function anyWidget(options: AnyWidgetOptions): AnyWidget {
  if (options === null || typeof options !== "object") throw new TypeError(`anyWidget: expected an options object { esm, css?, state? }; got ${valueText(options)}`);
  const { esm, css = "", state = {} } = options;
  if (typeof esm !== "string" || !/\bexport\b/.test(esm)) throw new TypeError(`anyWidget: options.esm: expected the source of an ES module that exports render (export default { render({ model, el }) { … } }); got ${valueText(esm)}`);
  if (typeof css !== "string") throw new TypeError(`anyWidget: options.css: expected a string of CSS; got ${valueText(css)}`);
  if (state === null || typeof state !== "object" || Array.isArray(state)) throw new TypeError(`anyWidget: options.state: expected an object of synced values; got ${valueText(state)}`);
  for (const [key, value] of Object.entries(state)) {
    if (key.startsWith("_")) throw new TypeError(`anyWidget: options.state.${key}: names starting with "_" belong to the widget protocol; choose another`);
    if (!isJsonLike(value)) throw new TypeError(`anyWidget: options.state.${key}: expected JSON data or bytes; got ${valueText(value)}`);
  }
  return new AnyWidget({ fn: "anyWidget", state: { ...identityState(ANY_MODEL), _esm: esm, _css: css, _anywidget_id: "tsdl.anyWidget", ...state } });
}
