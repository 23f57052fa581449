// Pure verdicts of the exercise checks: what was expected, what was received, and whether they agree.
// Nothing here displays or throws; src/check/index.ts turns a verdict into a pass line or a failure.
import * as tf from "@tensorflow/tfjs";
import { shapeText, valueText } from "../args/describe";

/** Whether a check passed, with the words that say what was compared. */
export interface Verdict {
  passed: boolean;
  /** `59`, or `expected 59, got 0`. */
  detail: string;
}

const pass = (detail: string): Verdict => ({ passed: true, detail });
const fail = (detail: string): Verdict => ({ passed: false, detail });

/** A short rendering of what a student's variable holds: a tensor by its shape, a stub by `undefined`. */
export function received(value: unknown): string {
  if (value instanceof tf.Tensor) return value.isDisposed ? "a disposed tensor" : `a tensor of shape ${shapeText(value.shape)}`;
  if (value === undefined) return "undefined (is the exercise still `// your code here`?)";
  if (typeof value === "number") return formatNumber(value);
  return shown(value);
}

/** Arrays and plain objects as their JSON when that is short, as a student wrote them; anything else briefly. */
export function shown(value: unknown): string {
  if (Array.isArray(value) || (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype)) {
    try {
      const json = JSON.stringify(value);
      if (json !== undefined && json.length <= 120) return json;
    } catch {
      // A cycle or a bigint: described below instead.
    }
  }
  return valueText(value);
}

/** Numbers as a student reads them: up to 6 significant digits, integers whole. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) || !Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** A tolerance as people write it: 0.001, 1e-6. */
export function tolText(tol: number): string {
  return tol !== 0 && tol < 1e-3 ? tol.toExponential().replace(/\.?0*e/, "e").replace("e-", "e-") : String(tol);
}

/** Deep equality of numbers, strings, booleans, arrays and plain objects; NaN equals NaN. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b) || a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameValue(ka, kb) && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;
}

export function compareEqual(actual: unknown, expected: unknown): Verdict {
  if (actual instanceof tf.Tensor) return fail(`expected ${valueText(expected)}, got ${received(actual)} (read it with .arraySync() or .dataSync()[0])`);
  return sameValue(actual, expected) ? pass(shown(expected)) : fail(`expected ${shown(expected)}, got ${received(actual)}`);
}

/** |a − e| ≤ tol·(1 + |e|): absolute near zero, relative for large values. */
export function within(a: number, e: number, tol: number): boolean {
  if (Number.isNaN(e)) return Number.isNaN(a);
  if (!Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol * (1 + Math.abs(e));
}

export function compareClose(actual: unknown, expected: number | readonly number[], tol: number): Verdict {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return fail(`expected a number close to ${formatNumber(expected)}, got ${received(actual)}`);
    return within(actual, expected, tol) ? pass(`${formatNumber(actual)} ≈ ${formatNumber(expected)}`) : fail(`expected ${formatNumber(expected)} (± ${tolText(tol)}), got ${formatNumber(actual)}`);
  }
  if (!Array.isArray(actual) || !actual.every((v) => typeof v === "number")) return fail(`expected ${expected.length} numbers close to ${valueText([...expected])}, got ${received(actual)}`);
  return compareNumbers(actual, [...expected], [actual.length], [expected.length], tol);
}

/** The values and shape of a tensor or of nested arrays of numbers; undefined when it is neither. */
export function numbersOf(value: unknown): { shape: number[]; values: number[] } | undefined {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed || value.dtype === "string") return undefined;
    return { shape: [...value.shape], values: Array.from(value.dataSync() as ArrayLike<number>, Number) };
  }
  if (typeof value === "number") return { shape: [], values: [value] };
  if (!Array.isArray(value)) return undefined;
  const shape: number[] = [];
  for (let level: unknown = value; Array.isArray(level); level = level[0]) shape.push(level.length);
  const values = (value as unknown[]).flat(Infinity);
  if (!values.every((v) => typeof v === "number") || values.length !== shape.reduce((a, b) => a * b, 1)) return undefined;
  return { shape, values: values as number[] };
}

export function compareTensorClose(actual: unknown, expected: unknown, tol: number): Verdict {
  const e = numbersOf(expected);
  if (!e) throw new TypeError(`check.tensorClose: expected \`expected\` to be a tensor, a number or nested arrays of numbers; got ${valueText(expected)}`);
  const a = numbersOf(actual);
  if (!a) return fail(`expected a tensor of shape ${shapeText(e.shape)}, got ${received(actual)}`);
  return compareNumbers(a.values, e.values, a.shape, e.shape, tol);
}

function compareNumbers(a: number[], e: number[], aShape: number[], eShape: number[], tol: number): Verdict {
  if (!sameValue(aShape, eShape)) return fail(`expected shape ${shapeText(eShape)}, got shape ${shapeText(aShape)}`);
  let worst = -1;
  let worstGap = -1;
  a.forEach((v, i) => {
    const gap = within(v, e[i]!, tol) ? -1 : Number.isNaN(v) ? Infinity : Math.abs(v - e[i]!);
    if (gap > worstGap) [worst, worstGap] = [i, gap];
  });
  if (worst < 0) return pass(`shape ${shapeText(eShape)}, ${tol === 0 ? "every value equal" : `every value within ${tolText(tol)}`}`);
  const wrong = a.filter((v, i) => !within(v, e[i]!, tol)).length;
  const at = eShape.length ? ` at ${shapeText(unravel(worst, eShape))}` : "";
  return fail(`${wrong} of ${a.length} values differ by more than ${tolText(tol)}; the largest${at}: expected ${formatNumber(e[worst]!)}, got ${formatNumber(a[worst]!)}`);
}

function unravel(index: number, shape: number[]): number[] {
  const out: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    out.unshift(index % shape[axis]!);
    index = Math.floor(index / shape[axis]!);
  }
  return out;
}

/** The shape of a tensor, a symbolic tensor, or a shape itself. */
export function shapeOf(value: unknown): (number | null)[] | undefined {
  if (value instanceof tf.Tensor) return [...value.shape];
  if (value instanceof tf.SymbolicTensor) return [...value.shape];
  if (Array.isArray(value) && value.every((d) => d === null || (typeof d === "number" && Number.isInteger(d)))) return value as (number | null)[];
  return undefined;
}

export function compareShape(actual: unknown, expected: readonly (number | null)[]): Verdict {
  const shape = shapeOf(actual);
  if (!shape) return fail(`expected a tensor of shape ${shapeText(expected)}, got ${received(actual)}`);
  return sameValue(shape, [...expected]) ? pass(`shape ${shapeText(expected)}`) : fail(`expected shape ${shapeText(expected)}, got shape ${shapeText(shape)}`);
}
