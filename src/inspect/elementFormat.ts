// Element formatters, one per dtype, that pad every element of an array to the same width:
// a port of numpy's FloatingFormat, IntegerFormat, BoolFormat and ComplexFloatingFormat.
import { DecimalParts, positionalParts, scientificFixedParts, scientificParts } from "./decimal";

/** The length of the longest text; a loop, since Math.max(...) overflows the stack past ~100k elements. */
export function longest(texts: readonly string[]): number {
  return texts.reduce((n, t) => Math.max(n, t.length), 0);
}

export interface FloatFormatOptions {
  precision: number;
  suppress: boolean;
  /** Always print a sign, as numpy does for imaginary parts. */
  plus?: boolean;
}

/** Formats floats so that a whole array lines up, choosing positional or scientific notation. */
export class FloatFormat {
  readonly scientific: boolean;
  private readonly precision: number;
  private readonly plus: boolean;
  private readonly padLeft: number;
  private readonly padRight: number;
  private readonly expSize: number;
  private readonly fixedFrac: number;

  /** `data`: the values to be printed (or numpy's leading/trailing corners of them). */
  constructor(data: ArrayLike<number>, options: FloatFormatOptions) {
    this.precision = options.precision;
    this.plus = options.plus ?? false;
    const finite: number[] = [];
    let nonFinite = false;
    let negInf = false;
    let maxAbs = 0;
    let minAbs = Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (Number.isFinite(v)) {
        finite.push(v);
        const a = Math.abs(v);
        if (a !== 0) {
          if (a > maxAbs) maxAbs = a;
          if (a < minAbs) minAbs = a;
        }
      } else {
        nonFinite = true;
        if (v === -Infinity) negInf = true;
      }
    }
    this.scientific = maxAbs > 0 && (maxAbs >= 1e8 || (!options.suppress && (minAbs < 1e-4 || maxAbs / minAbs > 1000)));
    let padLeft = 0;
    let padRight = 0;
    let expSize = -1;
    let fixedFrac = 0;
    if (finite.length > 0) {
      const parts = finite.map((v) => this.parts(v, this.precision));
      padLeft = longest(parts.map((p) => p.int));
      if (this.scientific) {
        expSize = longest(parts.map((p) => p.exp)) - 1;
        fixedFrac = longest(parts.map((p) => p.frac));
        padRight = expSize + 2 + fixedFrac;
      } else {
        padRight = longest(parts.map((p) => p.frac));
      }
    }
    if (nonFinite) {
      const offset = padRight + 1;
      padLeft = Math.max(padLeft, 3 - offset, 3 + (this.plus || negInf ? 1 : 0) - offset);
    }
    this.padLeft = padLeft;
    this.padRight = padRight;
    this.expSize = expSize;
    this.fixedFrac = fixedFrac;
  }

  // Digits found while measuring the widths, reused when printing (zero is left out: Map keys equate 0 and -0).
  private readonly cache = new Map<number, DecimalParts>();

  private parts(x: number, precision: number): DecimalParts {
    const cached = x !== 0 && precision === this.precision ? this.cache.get(x) : undefined;
    if (cached) return cached;
    const parts = this.scientific ? scientificParts(x, precision, this.plus) : positionalParts(x, precision, this.plus);
    if (x !== 0 && precision === this.precision) this.cache.set(x, parts);
    return parts;
  }

  format(x: number): string {
    if (!Number.isFinite(x)) {
      const text = Number.isNaN(x) ? (this.plus ? "+nan" : "nan") : (x < 0 ? "-" : this.plus ? "+" : "") + "inf";
      return text.padStart(this.padLeft + this.padRight + 1);
    }
    if (this.scientific) {
      const p = scientificFixedParts(x, this.fixedFrac, this.plus);
      const expDigits = p.exp.slice(1).padStart(this.expSize, "0");
      return `${p.int.padStart(this.padLeft)}.${p.frac}e${p.exp[0]}${expDigits}`;
    }
    const p = this.parts(x, this.precision);
    return `${p.int.padStart(this.padLeft)}.${p.frac.padEnd(this.padRight)}`;
  }
}

/** Right-aligns integers to the widest of the smallest and largest. */
export class IntFormat {
  private readonly width: number;
  constructor(data: ArrayLike<number>) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.width = data.length ? Math.max(String(min).length, String(max).length) : 0;
  }
  format(x: number): string {
    return String(x).padStart(this.width);
  }
}

/** " True"/"False", so that both have the same width (plain "True" for a scalar). */
export class BoolFormat {
  constructor(private readonly scalar: boolean) {}
  format(x: number | boolean): string {
    return x ? (this.scalar ? "True" : " True") : "False";
  }
}

/** Python's repr of a string, which numpy prints for str arrays: quoted and escaped. */
export function pythonRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += "\\" + quote;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** `1.+2.j`: real parts aligned as one column, imaginary parts (always signed) as another. */
export class ComplexFormat {
  private readonly real: FloatFormat;
  private readonly imag: FloatFormat;
  constructor(re: ArrayLike<number>, im: ArrayLike<number>, options: FloatFormatOptions) {
    this.real = new FloatFormat(re, { ...options, plus: false });
    this.imag = new FloatFormat(im, { ...options, plus: true });
  }
  format(re: number, im: number): string {
    const i = this.imag.format(im);
    const end = i.trimEnd().length;
    return this.real.format(re) + i.slice(0, end) + "j" + i.slice(end);
  }
}
