// A checkbox: a boolean value.
import { flag } from "../args/options";
import { check, checkControlOptions, Control, ControlOptions, controlParts } from "./control";
import type { WidgetState } from "./protocol";

export interface CheckboxOptions extends ControlOptions {
  value?: boolean;
  /** Leave room on the left for a description (default true, as in ipywidgets). */
  indent?: boolean;
}

export class Checkbox extends Control<boolean> {
  get value(): boolean {
    return this.get("value") as boolean;
  }
  set value(value: boolean) {
    this.set({ value });
  }
}

/** A checkbox; `.value` is true or false. @example const useRelu = checkbox({ value: true, description: "relu" }) */
export function checkbox(options: CheckboxOptions = {}): Checkbox {
  checkControlOptions("checkbox", options, { value: flag, indent: flag });
  const own: WidgetState = {};
  if (options.value !== undefined) own.value = options.value;
  if (options.indent !== undefined) own.indent = options.indent;
  return new Checkbox({ fn: "checkbox", ...controlParts({ fn: "checkbox", kind: "Checkbox", options, state: own }), validators: { value: check.boolean, indent: check.boolean } });
}
