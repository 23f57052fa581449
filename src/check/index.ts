// `check`: the exercises' self-checks. Each call compares a student's answer with the expected one; it
// returns a CheckPassed (a green line) or throws CheckFailed (a red line with the hint).
import { checkOptions, OptionRules, text } from "../args/options";
import { valueText } from "../args/describe";
import { CheckFailed, CheckPassed } from "./result";
import { compareClose, compareEqual, compareShape, compareTensorClose, Verdict } from "./compare";

export { CheckFailed, CheckPassed, CHECK_MIME } from "./result";

/** What every check accepts besides the values: the hint shown on failure, and a name for the line. */
export interface CheckOptions {
  /** Shown under a failed check: what to look at again. */
  hint?: string;
  /** What is checked, e.g. "parameter count"; the line starts with it. */
  label?: string;
}

const CHECK_OPTIONS: OptionRules<CheckOptions> = { hint: text, label: text };

function verdictOf(fn: string, verdict: Verdict, options: CheckOptions | undefined, defaultLabel: string): CheckPassed {
  checkOptions(`check.${fn}`, options ?? {}, CHECK_OPTIONS);
  const label = options?.label ?? defaultLabel;
  if (verdict.passed) return new CheckPassed(label, verdict.detail);
  throw new CheckFailed(label, verdict.detail, options?.hint);
}

function tolerance(fn: string, tol: unknown): number {
  if (typeof tol !== "number" || !(tol >= 0) || !Number.isFinite(tol)) throw new TypeError(`check.${fn}: expected tol to be a finite number ≥ 0; got ${valueText(tol)}`);
  return tol;
}

/**
 * The exercises' checks. Each passes with a green line, or throws `CheckFailed` (an error output: the
 * red line says what was expected and what was received, then the hint).
 *
 * @example
 * check.equal(paramCount, 59, { hint: "each dense layer has inputs × units weights and units biases" })
 * check.tensorClose(dx, [[0.1, 0.2]], 1e-4)
 */
export const check = {
  /** `actual` deep-equals `expected` (numbers, strings, booleans, arrays, plain objects). */
  equal(actual: unknown, expected: unknown, options?: CheckOptions): CheckPassed {
    return verdictOf("equal", compareEqual(actual, expected), options, "answer");
  },
  /** A number (or numbers) within `tol` of the expected: |a − e| ≤ tol·(1 + |e|). */
  close(actual: unknown, expected: number | readonly number[], tol = 1e-6, options?: CheckOptions): CheckPassed {
    if (typeof expected !== "number" && !(Array.isArray(expected) && expected.every((v) => typeof v === "number"))) {
      throw new TypeError(`check.close: expected \`expected\` to be a number or an array of numbers; got ${valueText(expected)}`);
    }
    return verdictOf("close", compareClose(actual, expected, tolerance("close", tol)), options, "value");
  },
  /** A tensor with the expected shape whose every value is within `tol`: |a − e| ≤ tol·(1 + |e|). */
  tensorClose(actual: unknown, expected: unknown, tol = 1e-4, options?: CheckOptions): CheckPassed {
    return verdictOf("tensorClose", compareTensorClose(actual, expected, tolerance("tensorClose", tol)), options, "tensor");
  },
  /** A tensor (or symbolic tensor, or shape) of the expected shape; `null` stands for the batch axis. */
  shape(actual: unknown, expected: readonly (number | null)[], options?: CheckOptions): CheckPassed {
    if (!Array.isArray(expected) || !expected.every((d) => d === null || (typeof d === "number" && Number.isInteger(d) && d >= 0))) {
      throw new TypeError(`check.shape: expected \`expected\` to be a shape such as [32, 10]; got ${valueText(expected)}`);
    }
    return verdictOf("shape", compareShape(actual, expected), options, "shape");
  },
  /** A condition that must hold; `what` says it in words ("the loss went down"). */
  isTrue(condition: unknown, what: string, options?: CheckOptions): CheckPassed {
    if (typeof what !== "string" || !what) throw new TypeError(`check.isTrue: expected what to be a sentence saying what must hold; got ${valueText(what)}`);
    const verdict = condition === true ? { passed: true, detail: what } : { passed: false, detail: `expected ${what}; it is not (got ${valueText(condition)})` };
    return verdictOf("isTrue", verdict, options, "condition");
  },
};

export type Check = typeof check;
