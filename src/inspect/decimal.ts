// Decimal digits of float32 values as numpy's Dragon4 prints them: the shortest digits that read
// back as the same float32, cut off at a maximum number of fraction digits with round-half-even
// on the exact binary value (JS's toFixed rounds ties up, so it cannot be used for the cut).

/** value = ±d₁.d₂d₃… × 10^exponent, with no trailing zeros in `digits` (zero is "0"). */
interface Scientific {
  negative: boolean;
  digits: string;
  exponent: number;
}

/** Digits of a number written as `d.ddde±x` (toExponential's format), trailing zeros removed. */
function parseExponential(text: string, negative: boolean): Scientific {
  const e = text.indexOf("e");
  const digits = (text[0]! + text.slice(2, e)).replace(/0+$/, "") || "0";
  return { negative, digits, exponent: Number(text.slice(e + 1)) };
}

/** The shortest digits that round-trip through float32 (or float64 with `float32 = false`). */
export function shortestDigits(x: number, float32 = true): Scientific {
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return { negative, digits: "0", exponent: 0 };
  const roundTrips = float32 ? (s: string) => Math.fround(Number(s)) === a : (s: string) => Number(s) === a;
  // Round-tripping is monotonic in the digit count, so binary-search the shortest: 9 significant
  // digits always round-trip a float32, 17 a float64.
  let lo = 0;
  let hi = float32 ? 8 : 16;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (roundTrips(a.toExponential(mid))) hi = mid;
    else lo = mid + 1;
  }
  const p = lo;
  const s = a.toExponential(p);
  // toExponential rounds ties away from zero; Dragon4 rounds them to even (41576.3125 → 41576.312).
  // A tie needs the next digit to be a final 5, which the cheap test below rules out almost always.
  const next = a.toExponential(p + 1);
  if (next[next.indexOf("e") - 1] !== "5" || Number(next) !== a) return parseExponential(s, negative);
  const even = roundDigits(exactDigits(a), p + 1);
  const text = `${even.digits[0]}.${even.digits.slice(1) || "0"}e${even.exponent}`;
  return roundTrips(text) ? { ...even, negative } : parseExponential(s, negative);
}

/** Every decimal digit of a finite double's exact binary value. */
export function exactDigits(x: number): Scientific {
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  if (a === 0) return { negative, digits: "0", exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2 = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    e2 = biased - 1075;
  }
  // a = mantissa × 2^e2 = (mantissa × 5^-e2) × 10^e2 when e2 < 0.
  const s = e2 >= 0 ? (mantissa << BigInt(e2)).toString() : (mantissa * 5n ** BigInt(-e2)).toString();
  const exponent = s.length - 1 + Math.min(e2, 0);
  return { negative, digits: s.replace(/0+$/, "") || "0", exponent };
}

/** Keeps `count` significant digits, rounding half to even; count ≤ 0 rounds to 0 or 10^(exponent+1-count). */
function roundDigits(s: Scientific, count: number): Scientific {
  if (s.digits.length <= count) return s;
  const unit = s.exponent + 1 - count; // power of ten of the last kept digit
  let kept = count > 0 ? s.digits.slice(0, count) : "";
  const first = count >= 0 ? s.digits[count]! : "0";
  const rest = count >= 0 ? s.digits.slice(count + 1) : s.digits;
  const lastKept = kept.length ? Number(kept[kept.length - 1]) : 0;
  const up = first > "5" || (first === "5" && (/[1-9]/.test(rest) || lastKept % 2 === 1));
  if (count < 0 || !up) {
    kept = kept.replace(/0+$/, "");
    if (!kept) return { negative: s.negative, digits: "0", exponent: 0 };
    return { negative: s.negative, digits: kept, exponent: s.exponent };
  }
  // Round up: add one unit at the last kept place, carrying.
  const n = (BigInt(kept || "0") + 1n).toString();
  const exponent = unit + n.length - 1;
  return { negative: s.negative, digits: n.replace(/0+$/, "") || "0", exponent };
}

/** A number split as numpy pads it: sign and integer digits, fraction digits, exponent digits. */
export interface DecimalParts {
  int: string;
  frac: string;
  /** Signed exponent text such as "+05"; "" in positional notation. */
  exp: string;
}

function signOf(s: Scientific, plus: boolean): string {
  return s.negative ? "-" : plus ? "+" : "";
}

function fractionDigits(s: Scientific): number {
  return Math.max(0, s.digits.length - 1 - s.exponent);
}

/** Positional digits, at most `precision` after the point (numpy's `fractional=True`, `unique=True`). */
export function positionalParts(x: number, precision: number, plus = false): DecimalParts {
  let s = shortestDigits(x);
  if (fractionDigits(s) > precision) s = roundDigits(exactDigits(x), exactDigits(x).exponent + 1 + precision);
  let int: string;
  let frac: string;
  if (s.digits === "0") {
    int = "0";
    frac = "";
  } else if (s.exponent >= 0) {
    const padded = s.digits.padEnd(s.exponent + 1, "0");
    int = padded.slice(0, s.exponent + 1);
    frac = padded.slice(s.exponent + 1);
  } else {
    int = "0";
    frac = "0".repeat(-s.exponent - 1) + s.digits;
  }
  return { int: signOf(s, plus) + int, frac, exp: "" };
}

/** Scientific digits, at most `precision` after the point of the mantissa. */
export function scientificParts(x: number, precision: number, plus = false): DecimalParts {
  let s = shortestDigits(x);
  if (s.digits.length - 1 > precision) s = roundDigits(exactDigits(x), precision + 1);
  const exp = (s.exponent < 0 ? "-" : "+") + String(Math.abs(s.exponent)).padStart(2, "0");
  return { int: signOf(s, plus) + s.digits[0], frac: s.digits.slice(1), exp };
}

/**
 * Scientific digits with exactly `fracDigits` after the point. Digits past the shortest
 * round-trip ones come from the exact binary value, as Dragon4's `min_digits` prints them.
 */
export function scientificFixedParts(x: number, fracDigits: number, plus = false): DecimalParts {
  const s = roundDigits(exactDigits(x), fracDigits + 1);
  const exp = (s.exponent < 0 ? "-" : "+") + String(Math.abs(s.exponent)).padStart(2, "0");
  return { int: signOf(s, plus) + s.digits[0], frac: s.digits.slice(1).padEnd(fracDigits, "0"), exp };
}
