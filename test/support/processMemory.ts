// How much memory a process holds, from /proc: its resident set (RSS), its peak RSS, and its
// proportional set (PSS: shared pages split among the processes sharing them, so PSS adds up across
// processes where RSS counts the node binary and shared libraries once per process).
import fs from "node:fs";

export interface ProcessMemory {
  rssBytes: number;
  /** The highest RSS the process reached (VmHWM). */
  peakRssBytes: number;
  pssBytes: number;
}

const KB = 1024;

function field(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(text);
  return m ? Number(m[1]) * KB : undefined;
}

/** The process's memory now, or undefined when it is gone (or not ours to read). */
export function processMemory(pid: number): ProcessMemory | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const rss = field(status, "VmRSS");
    if (rss === undefined) return undefined; // a zombie
    return { rssBytes: rss, peakRssBytes: field(status, "VmHWM") ?? rss, pssBytes: field(rollup, "Pss") ?? rss };
  } catch {
    return undefined;
  }
}

/** MiB with one decimal, for tables. */
export function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
