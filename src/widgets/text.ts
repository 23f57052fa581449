// A one-line text field.
import { flag, text as textRule } from "../args/options";
import { check, checkControlOptions, Control, ControlOptions, controlParts } from "./control";
import type { WidgetState } from "./protocol";

export interface TextOptions extends ControlOptions {
  value?: string;
  placeholder?: string;
  /** Send the value as the student types (default true), or only on Enter or leaving the field. */
  continuousUpdate?: boolean;
}

export class Text extends Control<string> {
  get value(): string {
    return this.get("value") as string;
  }
  set value(value: string) {
    this.set({ value });
  }
}

/** A text field; `.value` is its text. @example const name = text({ placeholder: "your name" }) */
export function text(options: TextOptions = {}): Text {
  checkControlOptions("text", options, { value: textRule, placeholder: textRule, continuousUpdate: flag });
  const own: WidgetState = {};
  if (options.value !== undefined) own.value = options.value;
  if (options.placeholder !== undefined) own.placeholder = options.placeholder;
  if (options.continuousUpdate !== undefined) own.continuous_update = options.continuousUpdate;
  return new Text({ fn: "text", ...controlParts({ fn: "text", kind: "Text", options, state: own }), validators: { value: check.string, placeholder: check.string } });
}
