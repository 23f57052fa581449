// What every control shares: its Layout and Style models (separate widgets, as in ipywidgets), the common
// options (description, disabled, tooltip, layout, style), and `.value` with typed observers.
import { valueText } from "../args/describe";
import { checkOptions, flag, OptionRule, text } from "../args/options";
import { controlDefaults, isLayoutKey, layoutDefaults, MODELS, ModelKind, styleDefaults, STYLES, StyleModelName } from "./models";
import type { WidgetState } from "./protocol";
import { Change, Observer, StateError, Validator, Widget } from "./widget";

/** CSS of a control's box (camelCase or snake_case keys, CSS values): `{ width: "400px" }`. */
export type LayoutOptions = { [key: string]: string | null };
/** Style keys of a control's style model (e.g. `{ descriptionWidth: "initial", handleColor: "red" }`). */
export type StyleOptions = { [key: string]: string | null };

/** Options every control takes. */
export interface ControlOptions {
  /** The label shown beside the control. */
  description?: string;
  disabled?: boolean;
  tooltip?: string;
  layout?: LayoutOptions;
  style?: StyleOptions;
}

const cssMap: OptionRule = {
  expected: "an object of CSS strings",
  test: (v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x === "string"),
};

export const CONTROL_RULES = { description: text, disabled: flag, tooltip: text, layout: cssMap, style: cssMap };

export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function camelCase(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A model without a view of its own: a control's Layout or Style. */
class Part extends Widget {}

function makeLayout(fn: string, options: LayoutOptions = {}): Widget {
  const state = layoutDefaults();
  for (const [key, value] of Object.entries(options)) {
    const wire = snakeCase(key);
    if (!isLayoutKey(wire)) throw new TypeError(`${fn}: layout: unknown CSS property "${key}"; expected one of ${Object.keys(layoutDefaults()).filter((k) => !k.startsWith("_")).map(camelCase).join(", ")}`);
    state[wire] = value;
  }
  return new Part({ fn: `${fn} layout`, state, defaults: layoutDefaults() });
}

function makeStyle(fn: string, name: StyleModelName, options: StyleOptions = {}): Widget {
  const state = styleDefaults(name);
  const allowed = Object.keys(STYLES[name].defaults);
  for (const [key, value] of Object.entries(options)) {
    const wire = snakeCase(key);
    if (!allowed.includes(wire)) throw new TypeError(`${fn}: style: unknown key "${key}"; expected one of ${allowed.map(camelCase).join(", ")}`);
    state[wire] = value;
  }
  return new Part({ fn: `${fn} style`, state, defaults: styleDefaults(name) });
}

/** A control's initial state and checks, before its layout and style exist. */
export interface ControlInit {
  fn: string;
  kind: ModelKind;
  options: ControlOptions;
  /** State keys chosen by the control's own options. */
  state: WidgetState;
  validators?: Record<string, Validator>;
  settle?: (next: WidgetState) => WidgetState;
}

/** Builds the full state of a control: defaults, common options, its own keys, and new Layout and Style models. */
export function controlParts(init: ControlInit): { state: WidgetState; defaults: WidgetState; owned: Widget[] } {
  const { fn, kind, options } = init;
  const defaults = controlDefaults(kind);
  const model = MODELS[kind] as { style?: StyleModelName };
  const layout = makeLayout(fn, options.layout);
  const style = model.style ? makeStyle(fn, model.style, options.style) : undefined;
  if (!model.style && options.style) throw new TypeError(`${fn}: this control has no style options; got style ${valueText(options.style)}`);
  const common: WidgetState = {};
  if (options.description !== undefined) common.description = options.description;
  if (options.disabled !== undefined) common.disabled = options.disabled;
  if (options.tooltip !== undefined) common.tooltip = options.tooltip;
  const state: WidgetState = { ...defaults, ...common, ...init.state, layout: layout.reference };
  if (style) state.style = style.reference;
  return { state, defaults: { ...defaults, layout: state.layout, style: state.style }, owned: style ? [layout, style] : [layout] };
}

/** Checks the options every control takes plus the control's own; `required` lists the options it cannot do without. */
export function checkControlOptions(fn: string, options: unknown, own: Record<string, OptionRule>, required: string[] = []): void {
  checkOptions(fn, options, { ...CONTROL_RULES, ...own }, required);
}

/** A widget with a value: `.value` reads and writes it, `observe(fn)` hears of its changes. */
export abstract class Control<V> extends Widget {
  abstract get value(): V;
  abstract set value(value: V);

  get description(): string {
    return this.get("description") as string;
  }
  set description(value: string) {
    this.set({ description: value });
  }

  get disabled(): boolean {
    return this.get("disabled") as boolean;
  }
  set disabled(value: boolean) {
    this.set({ disabled: value });
  }

  /** The control's Style model (description width, colours), when it has one. */
  get styleModel(): Widget | undefined {
    return this.owned.find((w) => w.modelName.endsWith("StyleModel"));
  }

  /** Calls `observer({ name, old, new, owner })` after each change of the value (or of the named keys). */
  override observe<T = V>(observer: Observer<T>, names: string | string[] = "value"): () => void {
    return super.observe(observer, names);
  }
}

export type { Change };

/** Validators' building blocks: each returns what to keep or throws a StateError. */
export const check = {
  finite(value: unknown): number {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new StateError(`expected a finite number; got ${valueText(value)}`);
    return value;
  },
  integer(value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value)) throw new StateError(`expected an integer; got ${valueText(value)}`);
    return value;
  },
  boolean(value: unknown): boolean {
    if (typeof value !== "boolean") throw new StateError(`expected true or false; got ${valueText(value)}`);
    return value;
  },
  string(value: unknown): string {
    if (typeof value !== "string") throw new StateError(`expected a string; got ${valueText(value)}`);
    return value;
  },
  oneOf<T extends string>(values: readonly T[]) {
    return (value: unknown): T => {
      if (typeof value !== "string" || !values.includes(value as T)) throw new StateError(`expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}; got ${valueText(value)}`);
      return value as T;
    };
  },
};
