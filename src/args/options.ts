// Options objects, checked in one place: each helper lists a rule per option (its type and range), so a
// wrong type (a BigInt title, a string width) fails at the call, naming the option, instead of deep
// inside tfjs, vega or JSON.stringify.
import { describeValue } from "./describe";

/** What one option must be: a test, and how to say what it expects. */
export interface OptionRule {
  expected: string;
  test(value: unknown): boolean;
}

/** A rule for every option of `T`, and for nothing else: the compiler keeps the rules and the type in step. */
export type OptionRules<T> = { [K in keyof Required<T>]: OptionRule };

export const text: OptionRule = { expected: "a string", test: (v) => typeof v === "string" };

export const flag: OptionRule = { expected: "true or false", test: (v) => typeof v === "boolean" };

export const pixels: OptionRule = { expected: "a number of pixels between 20 and 4000", test: (v) => typeof v === "number" && v >= 20 && v <= 4000 };

export const milliseconds: OptionRule = { ...atLeast(0), expected: "a number of milliseconds ≥ 0" };

export const range: OptionRule = {
  expected: "[min, max] with finite min < max",
  test: (v) => Array.isArray(v) && v.length === 2 && v.every((e) => typeof e === "number" && Number.isFinite(e)) && v[0] < v[1],
};

export const callback: OptionRule = { expected: "a function", test: (v) => typeof v === "function" };

export const names: OptionRule = { expected: "an array of strings", test: (v) => Array.isArray(v) && v.every((e) => typeof e === "string") };

export const finite: OptionRule = { expected: "a finite number", test: (v) => typeof v === "number" && Number.isFinite(v) };

export const positive: OptionRule = { expected: "a number > 0", test: (v) => typeof v === "number" && v > 0 };

export function atLeast(min: number): OptionRule {
  return { expected: `a number ≥ ${min}`, test: (v) => typeof v === "number" && v >= min };
}

/** Integers from `min` to `max`, or from `min` up when there is no `max`. */
export function integer(min: number, max?: number): OptionRule {
  return {
    expected: max === undefined ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`,
    test: (v) => typeof v === "number" && Number.isInteger(v) && v >= min && (max === undefined || v <= max),
  };
}

export function oneOf(values: readonly string[]): OptionRule {
  return { expected: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`, test: (v) => typeof v === "string" && values.includes(v) };
}

/**
 * Throws, naming the function and the option, unless `options` is an object (or undefined, when nothing is
 * required) whose every option follows its rule. Options set to undefined count as not given.
 */
export function checkOptions(fn: string, options: unknown, rules: Record<string, OptionRule>, required: readonly string[] = []): void {
  if (options === undefined && !required.length) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    const needs = required.length ? ` with ${required.map((k) => `${k}: ${rules[k]!.expected}`).join(", ")}` : "";
    throw new TypeError(`${fn}: expected an options object${needs}; got ${describeValue(options)}`);
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(rules, key)) throw new TypeError(`${fn}: unknown option "${key}"; expected one of ${Object.keys(rules).join(", ")}`);
  }
  for (const [key, rule] of Object.entries(rules)) {
    const value = given[key];
    if (value === undefined && !required.includes(key)) continue;
    if (!rule.test(value)) throw new TypeError(`${fn}: options.${key}: expected ${rule.expected}; got ${describeValue(value)}`);
  }
}
