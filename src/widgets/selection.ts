// Choosing one of several options: a dropdown or a row of toggle buttons. The frontend shows the labels and
// syncs the selected `index`; `.value` is the chosen option's value, on the kernel's side only.
import { valueText } from "../args/describe";
import { names, OptionRule, oneOf } from "../args/options";
import { check, checkControlOptions, Control, ControlOptions, controlParts } from "./control";
import type { WidgetState } from "./protocol";
import { StateError } from "./widget";

/** Options to choose from: labels, `[label, value]` pairs, or an object of label → value. */
export type SelectionOptions<V> = readonly string[] | readonly (readonly [string, V])[] | Readonly<Record<string, V>>;

export interface DropdownOptions<V> extends ControlOptions {
  options: SelectionOptions<V>;
  /** The option selected at first (by value; default the first). */
  value?: V;
}

export interface ToggleButtonsOptions<V> extends DropdownOptions<V> {
  /** "primary", "success", "info", "warning", "danger" or "". */
  buttonStyle?: "primary" | "success" | "info" | "warning" | "danger" | "";
  /** A tooltip per button. */
  tooltips?: string[];
}

const BUTTON_STYLES = ["primary", "success", "info", "warning", "danger", ""] as const;

const optionsRule: OptionRule = {
  expected: "a non-empty array of labels, an array of [label, value] pairs, or an object of label → value",
  test: (v) => readOptions(v) !== undefined,
};

function readOptions<V>(options: unknown): [string, V][] | undefined {
  if (Array.isArray(options)) {
    if (options.length === 0) return undefined;
    if (options.every((o) => typeof o === "string")) return options.map((o: string) => [o, o as V]);
    if (options.every((o) => Array.isArray(o) && o.length === 2 && typeof o[0] === "string")) return options.map((o: [string, V]) => [o[0], o[1]]);
    return undefined;
  }
  if (options !== null && typeof options === "object" && Object.getPrototypeOf(options) === Object.prototype) {
    const entries = Object.entries(options) as [string, V][];
    return entries.length ? entries : undefined;
  }
  return undefined;
}

function sameOption(a: unknown, b: unknown): boolean {
  return Object.is(a, b) || (a !== null && b !== null && typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b));
}

/** One option chosen out of several; `.value` is the chosen option's value, `.label` its label. */
export class Selection<V> extends Control<V> {
  private choices: [string, V][] = [];

  /** @internal */
  setChoices(choices: [string, V][]): void {
    this.choices = choices;
  }

  /** The options as `[label, value]` pairs. */
  get options(): [string, V][] {
    return this.choices.map(([l, v]) => [l, v]);
  }
  /** New options; the selection moves to the first. */
  set options(options: SelectionOptions<V>) {
    const choices = readOptions<V>(options);
    if (!choices) throw new TypeError(`${this.fn}: options: expected ${optionsRule.expected}; got ${valueText(options)}`);
    this.choices = choices;
    this.set({ _options_labels: choices.map(([l]) => l), index: 0 });
  }

  get index(): number | null {
    return this.get("index") as number | null;
  }
  set index(index: number | null) {
    this.set({ index });
  }

  get label(): string | undefined {
    const i = this.index;
    return i === null ? undefined : this.choices[i]?.[0];
  }

  get value(): V {
    const i = this.index;
    return (i === null ? undefined : this.choices[i]?.[1]) as V;
  }
  /** Selects the option with this value. */
  set value(value: V) {
    const i = this.choices.findIndex(([, v]) => sameOption(v, value));
    if (i < 0) throw new TypeError(`${this.fn}: value: expected one of ${this.choices.map(([, v]) => valueText(v)).join(", ")}; got ${valueText(value)}`);
    this.set({ index: i });
  }

  protected override virtualKeys(): string[] {
    return ["value", "label"];
  }

  /** @internal Turns index changes into value and label changes for observers. */
  trackIndex(): void {
    let last = this.index;
    super.observe((change) => {
      const old = last;
      last = change.new as number | null;
      const at = (i: number | null, k: 0 | 1) => (i === null ? undefined : this.choices[i]?.[k]);
      return Promise.all([this.notify("value", at(old, 1), at(last, 1)), this.notify("label", at(old, 0), at(last, 0))]);
    }, "index");
  }
}

function makeSelection<V>(fn: string, kind: "Dropdown" | "ToggleButtons", options: DropdownOptions<V> | ToggleButtonsOptions<V>, extra: WidgetState): Selection<V> {
  const choices = readOptions<V>(options.options)!;
  let index = 0;
  if ("value" in options && options.value !== undefined) {
    index = choices.findIndex(([, v]) => sameOption(v, options.value));
    if (index < 0) throw new TypeError(`${fn}: options.value: expected one of the options' values (${choices.map(([, v]) => valueText(v)).join(", ")}); got ${valueText(options.value)}`);
  }
  const parts = controlParts({ fn, kind, options, state: { _options_labels: choices.map(([l]) => l), index, ...extra } });
  const widget = new Selection<V>({
    fn,
    ...parts,
    validators: {
      index: (v, next) => {
        if (v === null) return v;
        const i = check.integer(v);
        const count = (next._options_labels as string[]).length;
        if (i < 0 || i >= count) throw new StateError(`expected an index from 0 to ${count - 1} or null; got ${i}`);
        return i;
      },
      _options_labels: (v) => {
        if (!Array.isArray(v) || !v.every((l) => typeof l === "string")) throw new StateError(`expected an array of labels; got ${valueText(v)}`);
        return v;
      },
      button_style: check.oneOf(BUTTON_STYLES),
    },
  });
  widget.setChoices(choices);
  widget.trackIndex();
  return widget;
}

/**
 * A dropdown menu: one of `options` (labels, `[label, value]` pairs or an object of label → value).
 *
 * @example const activation = dropdown({ options: ["relu", "sigmoid", "tanh"], description: "activation" })
 */
export function dropdown<V = string>(options: DropdownOptions<V>): Selection<V> {
  checkControlOptions("dropdown", options, { options: optionsRule, value: { expected: "one of the options' values", test: () => true } }, ["options"]);
  return makeSelection("dropdown", "Dropdown", options, {});
}

/**
 * A row of toggle buttons, one selected: the same options as `dropdown`.
 *
 * @example const optimizer = toggleButtons({ options: ["sgd", "momentum", "adam"] })
 */
export function toggleButtons<V = string>(options: ToggleButtonsOptions<V>): Selection<V> {
  checkControlOptions(
    "toggleButtons",
    options,
    { options: optionsRule, value: { expected: "one of the options' values", test: () => true }, buttonStyle: oneOf(BUTTON_STYLES), tooltips: names },
    ["options"],
  );
  const extra: WidgetState = {};
  if (options.buttonStyle !== undefined) extra.button_style = options.buttonStyle;
  if (options.tooltips !== undefined) extra.tooltips = [...options.tooltips];
  return makeSelection("toggleButtons", "ToggleButtons", options, extra);
}
