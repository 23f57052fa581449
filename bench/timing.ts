// How the in-process benches time a piece of work: medians of wall and CPU time over repeated runs.
import { displaySymbol, Displayable } from "../src/display/bundle";

export interface Timing {
  /** Median wall milliseconds. */
  wall: number;
  /** The 90th percentile of wall milliseconds. */
  wallP90: number;
  /** Median CPU milliseconds (user + system): on a shared machine the steadier number. */
  cpu: number;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Times `work` over `runs` runs. */
export function time(work: () => void, runs: number): Timing {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    work();
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - t);
  }
  const sorted = [...wall].sort((a, b) => a - b);
  return { wall: median(wall), wallP90: sorted[Math.floor(0.9 * (sorted.length - 1))]!, cpu: median(cpu) };
}

/** Times building a value and its display bundle (PNG included). */
export function timeBundle(make: () => Displayable, runs: number): Timing {
  return time(() => make()[displaySymbol](), runs);
}
