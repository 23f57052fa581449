// Samples the memory of a running class (the hub, its proxy, every student's server and kernels) until
// stopped, and keeps the peak of the total and each process's own peak.
import fs from "node:fs";
import { processMemory } from "../../support/processMemory";

export interface ClassMemoryPeak {
  /** The highest sum of PSS over all the class's processes at one sample. */
  totalPssBytes: number;
  /** The sum of RSS at that same sample (counts shared pages once per process). */
  totalRssBytesAtPeak: number;
  /** How many processes were counted at that sample. */
  processesAtPeak: number;
  /** Each kernel's own peak RSS (VmHWM), by pid. */
  kernelPeakRss: Map<number, { uid: number; bytes: number }>;
  /** The same for every other process: the hub, the proxy, the students' servers. */
  otherPeakRss: Map<number, { uid: number; bytes: number }>;
  samples: number;
}

function isKernel(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes("kernel");
  } catch {
    return false;
  }
}

/** Samples every `intervalMs` the processes `pids()` names; stop() returns the peaks. */
export function sampleClassMemory(pids: () => number[], intervalMs = 1000): { stop(): ClassMemoryPeak } {
  const peak: ClassMemoryPeak = { totalPssBytes: 0, totalRssBytesAtPeak: 0, processesAtPeak: 0, kernelPeakRss: new Map(), otherPeakRss: new Map(), samples: 0 };
  const sample = (): void => {
    let pss = 0;
    let rss = 0;
    let counted = 0;
    for (const pid of new Set(pids())) {
      const m = processMemory(pid);
      if (!m) continue;
      pss += m.pssBytes;
      rss += m.rssBytes;
      counted++;
      const uid = fs.statSync(`/proc/${pid}`, { throwIfNoEntry: false })?.uid ?? -1;
      (isKernel(pid) ? peak.kernelPeakRss : peak.otherPeakRss).set(pid, { uid, bytes: m.peakRssBytes });
    }
    peak.samples++;
    if (pss > peak.totalPssBytes) Object.assign(peak, { totalPssBytes: pss, totalRssBytesAtPeak: rss, processesAtPeak: counted });
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
