// Sliders (FloatSlider, IntSlider) and progress bars (FloatProgress, IntProgress): a number in [min, max].
import { valueText } from "../args/describe";
import { finite, flag, oneOf, positive, text } from "../args/options";
import { check, checkControlOptions, Control, ControlOptions, controlParts } from "./control";
import type { WidgetState } from "./protocol";
import { StateError, Validator } from "./widget";

export interface SliderOptions extends ControlOptions {
  min?: number;
  max?: number;
  step?: number;
  /** The starting value (default `min`); it must lie in [min, max]. */
  value?: number;
  /** Whole numbers only (an IntSlider); `intSlider` is the same. */
  int?: boolean;
  /** Send the value while dragging (default true), or only on release. */
  continuousUpdate?: boolean;
  orientation?: "horizontal" | "vertical";
  /** Show the value beside the slider (default true). */
  readout?: boolean;
  /** A d3-format string for the readout, e.g. ".3f" or ".1e". */
  readoutFormat?: string;
}

const ORIENTATIONS = ["horizontal", "vertical"] as const;

function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}

/** The checks of a number in [min, max]: bounds must stay ordered, the value is clamped (as ipywidgets does). */
function boundedValidators(int: boolean): Record<string, Validator> {
  const num = int ? check.integer : check.finite;
  return {
    min: (v, next) => {
      const min = num(v);
      if (min > (next.max as number)) throw new StateError(`expected min ≤ max (${String(next.max)}); got ${valueText(v)}`);
      return min;
    },
    max: (v, next) => {
      const max = num(v);
      if (max < (next.min as number)) throw new StateError(`expected max ≥ min (${String(next.min)}); got ${valueText(v)}`);
      return max;
    },
    value: (v, next) => {
      const value = check.finite(v);
      return clamp(int ? Math.round(value) : value, next.min as number, next.max as number);
    },
  };
}

/** A value clamped into the range whenever the range changes. */
function clampValue(next: WidgetState): WidgetState {
  const v = next.value as number;
  const kept = clamp(v, next.min as number, next.max as number);
  return kept === v ? {} : { value: kept };
}

/** A number in [min, max] with a slider; `.value` is synced both ways with every view. */
export class Slider extends Control<number> {
  get value(): number {
    return this.get("value") as number;
  }
  /** Values outside [min, max] are clamped, as in ipywidgets. */
  set value(value: number) {
    this.set({ value });
  }
  get min(): number {
    return this.get("min") as number;
  }
  set min(min: number) {
    this.set({ min });
  }
  get max(): number {
    return this.get("max") as number;
  }
  set max(max: number) {
    this.set({ max });
  }
  get step(): number {
    return this.get("step") as number;
  }
  set step(step: number) {
    this.set({ step });
  }
}

function numberRange(fn: string, options: { min?: number; max?: number; value?: number }, int: boolean, defaults: { min: number; max: number }): { min: number; max: number; value: number } {
  const min = options.min ?? defaults.min;
  const max = options.max ?? defaults.max;
  if (int) for (const key of ["min", "max", "value"] as const) {
    const v = options[key];
    if (v !== undefined && !Number.isInteger(v)) throw new TypeError(`${fn}: options.${key}: expected an integer; got ${valueText(v)}`);
  }
  if (min > max) throw new TypeError(`${fn}: expected min ≤ max; got min ${min} and max ${max}`);
  const value = options.value ?? min;
  if (value < min || value > max) throw new TypeError(`${fn}: expected value within [min, max] = [${min}, ${max}]; got ${value}`);
  return { min, max, value };
}

/**
 * A slider for a number: a FloatSlider, or an IntSlider with `int: true`. Displays as a cell's value or with
 * `display()`; `.value` follows the slider, and `observe` hears each change.
 *
 * @example const lr = slider({ min: 0.001, max: 0.5, step: 0.001, value: 0.1, description: "η" })
 */
export function slider(options: SliderOptions = {}): Slider {
  return makeSlider("slider", options, options?.int ?? false);
}

/** A slider for whole numbers (an IntSlider): `slider({ ...options, int: true })`. */
export function intSlider(options: Omit<SliderOptions, "int"> = {}): Slider {
  return makeSlider("intSlider", options, true);
}

function makeSlider(fn: string, options: SliderOptions, int: boolean): Slider {
  checkControlOptions(fn, options, {
    min: finite,
    max: finite,
    step: positive,
    value: finite,
    int: flag,
    continuousUpdate: flag,
    orientation: oneOf(ORIENTATIONS),
    readout: flag,
    readoutFormat: text,
  });
  const range = numberRange(fn, options, int, { min: 0, max: 100 });
  if (int && options.step !== undefined && !Number.isInteger(options.step)) throw new TypeError(`${fn}: options.step: expected a whole number ≥ 1; got ${valueText(options.step)}`);
  const own: WidgetState = { ...range };
  if (options.step !== undefined) own.step = options.step;
  if (options.continuousUpdate !== undefined) own.continuous_update = options.continuousUpdate;
  if (options.orientation !== undefined) own.orientation = options.orientation;
  if (options.readout !== undefined) own.readout = options.readout;
  if (options.readoutFormat !== undefined) own.readout_format = options.readoutFormat;
  const parts = controlParts({ fn, kind: int ? "IntSlider" : "FloatSlider", options, state: own });
  const num = int ? check.integer : check.finite;
  return new Slider({
    fn,
    ...parts,
    validators: {
      ...boundedValidators(int),
      step: (v) => {
        const step = num(v);
        if (step <= 0) throw new StateError(`expected a step > 0; got ${step}`);
        return step;
      },
      orientation: check.oneOf(ORIENTATIONS),
      behavior: check.oneOf(["drag-tap", "drag-snap", "tap", "drag", "snap"]),
    },
    settle: clampValue,
  });
}

export interface ProgressOptions extends Omit<ControlOptions, "disabled"> {
  min?: number;
  max?: number;
  value?: number;
  int?: boolean;
  /** "success", "info", "warning", "danger" or "" (default). */
  barStyle?: "success" | "info" | "warning" | "danger" | "";
  orientation?: "horizontal" | "vertical";
}

const BAR_STYLES = ["success", "info", "warning", "danger", ""] as const;

/** A progress bar: `.value` in [min, max] (clamped). */
export class Progress extends Control<number> {
  get value(): number {
    return this.get("value") as number;
  }
  set value(value: number) {
    this.set({ value });
  }
  get max(): number {
    return this.get("max") as number;
  }
  set max(max: number) {
    this.set({ max });
  }
  get barStyle(): string {
    return this.get("bar_style") as string;
  }
  /** "success", "info", "warning", "danger" or "". */
  set barStyle(style: string) {
    this.set({ bar_style: style });
  }
  override get disabled(): boolean {
    return false;
  }
  override set disabled(_: boolean) {
    throw new TypeError("progress: a progress bar has no disabled state");
  }
}

/**
 * A progress bar (FloatProgress, or IntProgress with `int: true`).
 *
 * @example const bar = progress({ max: 10, description: "epochs" }); bar.value += 1
 */
export function progress(options: ProgressOptions = {}): Progress {
  const fn = "progress";
  checkControlOptions(fn, options, { min: finite, max: finite, value: finite, int: flag, barStyle: oneOf(BAR_STYLES), orientation: oneOf(ORIENTATIONS) });
  if ((options as ControlOptions).disabled !== undefined) throw new TypeError(`${fn}: unknown option "disabled"; a progress bar cannot be disabled`);
  const int = options.int ?? false;
  const own: WidgetState = { ...numberRange(fn, options, int, { min: 0, max: 100 }) };
  if (options.barStyle !== undefined) own.bar_style = options.barStyle;
  if (options.orientation !== undefined) own.orientation = options.orientation;
  const parts = controlParts({ fn, kind: int ? "IntProgress" : "FloatProgress", options, state: own });
  return new Progress({ fn, ...parts, validators: { ...boundedValidators(int), bar_style: check.oneOf(BAR_STYLES), orientation: check.oneOf(ORIENTATIONS) }, settle: clampValue });
}
