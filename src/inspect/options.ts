// The one printing policy for tensors: every option, its default and its validation, in one place
// (numpy's arrayprint keeps the same set in one dict).
import { describeValue } from "../args/describe";

/** How a tensor is printed and shown. Every field is optional; defaults follow numpy. */
export interface InspectOptions {
  /** Maximum digits after the decimal point for floats (numpy's `precision`). Default 8. */
  precision?: number;
  /** Tensors with more elements than this are summarised with `...`. Default 1000. */
  threshold?: number;
  /** Items kept at each end of every summarised axis. Default 3. */
  edgeItems?: number;
  /** Text lines are wrapped at this many characters. Default 75. */
  lineWidth?: number;
  /** Print tiny floats as 0 instead of switching to scientific notation. Default false. */
  suppress?: boolean;
  /** Text between elements: `" "` as `np.array2string`, `", "` as `repr`. Default `" "`. */
  separator?: string;
  /** Compute and show min, max, mean, std and NaN/Inf counts (numeric tensors). Default true. */
  stats?: boolean;
  /** Colour the cells of matrix tables by value. Default false. */
  heatmap?: boolean;
}

export type PrintOptions = Required<InspectOptions>;

export const DEFAULT_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeItems: 3,
  lineWidth: 75,
  suppress: false,
  separator: " ",
  stats: true,
  heatmap: false,
});

// The defaults every display starts from, changed by setPrintOptions (numpy's set_printoptions).
let current: PrintOptions = { ...DEFAULT_PRINT_OPTIONS };

/** The options displays use when none are given. */
export function getPrintOptions(): Readonly<PrintOptions> {
  return { ...current };
}

/**
 * Changes the defaults of every later tensor display, like `np.set_printoptions`:
 * `setPrintOptions({ precision: 4 })`. `setPrintOptions()` restores numpy's defaults.
 * Returns the options now in force.
 */
export function setPrintOptions(options?: InspectOptions): Readonly<PrintOptions> {
  current = options === undefined ? { ...DEFAULT_PRINT_OPTIONS } : resolveOptions("setPrintOptions", options);
  return getPrintOptions();
}

/** Merges options over the current defaults; throws naming the option when one is out of range. */
export function resolveOptions(fn: string, options: InspectOptions | undefined): PrintOptions {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError(`${fn}: expected an options object; got ${describeValue(options)}`);
  }
  const o: PrintOptions = { ...current };
  for (const [key, value] of Object.entries(options ?? {})) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_PRINT_OPTIONS)) {
      throw new TypeError(`${fn}: unknown option "${key}"; expected one of ${Object.keys(DEFAULT_PRINT_OPTIONS).join(", ")}`);
    }
    (o as Record<string, unknown>)[key] = value;
  }
  const integer = (name: "precision" | "threshold" | "edgeItems" | "lineWidth", min: number) => {
    const v = o[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
      throw new RangeError(`${fn}: expected options.${name} to be an integer ≥ ${min}; got ${describeValue(v)}`);
    }
  };
  integer("precision", 0);
  integer("threshold", 0);
  integer("edgeItems", 1);
  integer("lineWidth", 10);
  if (o.precision > 20) throw new RangeError(`${fn}: expected options.precision ≤ 20; got ${o.precision}`);
  for (const name of ["suppress", "stats", "heatmap"] as const) {
    if (typeof o[name] !== "boolean") throw new TypeError(`${fn}: expected options.${name} to be true or false; got ${describeValue(o[name])}`);
  }
  if (typeof o.separator !== "string") throw new TypeError(`${fn}: expected options.separator to be a string; got ${describeValue(o.separator)}`);
  return o;
}
