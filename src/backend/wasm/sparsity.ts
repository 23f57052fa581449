// How much of a tensor the sparse products could skip: the share of its zeros (what a product skipping
// by row skips), and of its aligned runs of four floats that are all zero (a 4×8 tile's four entries of
// the left factor, when the four run along its rows), each estimated from an even sample so that
// choosing how a product runs costs next to nothing.

/** Runs of four looked at, at most. */
export const SAMPLED_QUADS = 2048;

/** The share (0–1) of the aligned quads of `values` that are all ±0, from up to `samples` quads spread evenly over it. Pure. */
export function zeroQuadShare(values: Float32Array, samples = SAMPLED_QUADS): number {
  const quads = Math.floor(values.length / 4);
  if (quads === 0) return 0;
  const looked = Math.min(quads, samples);
  let zero = 0;
  for (let s = 0; s < looked; s++) {
    const at = 4 * Math.floor((s * quads) / looked);
    if (values[at] === 0 && values[at + 1] === 0 && values[at + 2] === 0 && values[at + 3] === 0) zero++;
  }
  return zero / looked;
}

/** The share (0–1) of the values that are ±0, from up to 4 · `samples` values spread evenly over them. Pure. */
export function zeroShare(values: Float32Array, samples = 4 * SAMPLED_QUADS): number {
  if (values.length === 0) return 0;
  const looked = Math.min(values.length, samples);
  let zero = 0;
  for (let s = 0; s < looked; s++) if (values[Math.floor((s * values.length) / looked)] === 0) zero++;
  return zero / looked;
}
