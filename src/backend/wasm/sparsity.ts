// How much of a tensor the sparse products could skip: the share of its zeros (what a product skipping
// by row skips), and of its aligned runs of four floats that are all zero (a 4×8 tile's four entries of
// the left factor, when the four run along its rows), each estimated from an even sample so that
// choosing how a product runs costs next to nothing. The samples are spread at pseudo-random places, so
// that a tensor's period (its channels, say) cannot line them up on the same few entries.

/** Values, or runs of four, looked at, at most: a share within about ±2%. */
export const SAMPLED_QUADS = 2048;

/** `count` places in [0, n): every one when count ≥ n, else one at a pseudo-random place in each of `count` even runs. */
function samplePlaces(n: number, count: number): (s: number) => number {
  if (count >= n) return (s) => s;
  let seed = 0x9e3779b9;
  return (s) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    const from = Math.floor((s * n) / count);
    const to = Math.floor(((s + 1) * n) / count);
    return from + ((seed >>> 0) % Math.max(1, to - from));
  };
}

/** The share (0–1) of the aligned quads of `values` that are all ±0, from up to `samples` quads spread over it. Pure. */
export function zeroQuadShare(values: Float32Array, samples = SAMPLED_QUADS): number {
  const quads = Math.floor(values.length / 4);
  if (quads === 0) return 0;
  const looked = Math.min(quads, samples);
  const place = samplePlaces(quads, looked);
  let zero = 0;
  for (let s = 0; s < looked; s++) {
    const at = 4 * place(s);
    if (values[at] === 0 && values[at + 1] === 0 && values[at + 2] === 0 && values[at + 3] === 0) zero++;
  }
  return zero / looked;
}

/** The share (0–1) of the values that are ±0, from up to `samples` values spread over them. Pure. */
export function zeroShare(values: Float32Array, samples = SAMPLED_QUADS): number {
  if (values.length === 0) return 0;
  const looked = Math.min(values.length, samples);
  const place = samplePlaces(values.length, looked);
  let zero = 0;
  for (let s = 0; s < looked; s++) if (values[place(s)] === 0) zero++;
  return zero / looked;
}
