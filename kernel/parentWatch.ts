import fs from "node:fs";

// Ends the kernel when the process that started it (the Jupyter server, a hub's single-user server) is
// gone, as ipykernel's parent poller does: a server killed outright (SIGKILL, a crash, an OOM kill) never
// sends shutdown_request, and its kernels would otherwise hold their memory until the machine reboots.

/** How often the parent is looked at: ipykernel polls every second too. */
export const PARENT_POLL_MS = 1000;

export interface ParentProbe {
  /** The pid Jupyter named in JPY_PARENT_PID, if any. */
  readonly namedParent: number | undefined;
  /** This process's parent pid when the kernel started. */
  readonly startParent: number;
  currentParent(): number;
  isAlive(pid: number): boolean;
}

/** The parent pid Jupyter names, or undefined for none or nonsense (ipykernel ignores those too). Pure. */
export function parentPidFrom(env: NodeJS.ProcessEnv): number | undefined {
  const pid = Number(env.JPY_PARENT_PID);
  return Number.isInteger(pid) && pid > 1 ? pid : undefined;
}

/** Why the kernel should end now, or undefined while its parent lives. */
export function parentGone(p: ParentProbe): string | undefined {
  if (p.namedParent !== undefined && !p.isAlive(p.namedParent)) return `its parent process ${p.namedParent} (JPY_PARENT_PID) is gone`;
  // Reparented (to init or a subreaper): whoever started us has died, named or not.
  if (p.startParent > 1 && p.currentParent() !== p.startParent) return `its parent process ${p.startParent} is gone`;
  return undefined;
}

/**
 * The parent pid now. Node's process.ppid is read once at start, so on Linux it is read from /proc;
 * elsewhere only JPY_PARENT_PID is watched.
 */
function currentParent(fallback: number): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    return Number.isInteger(ppid) ? ppid : fallback;
  } catch {
    return fallback;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, but another user's.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Calls `onGone` (once) when the parent dies; the timer never keeps the process alive by itself. */
export function watchParent(onGone: (why: string) => void, env: NodeJS.ProcessEnv = process.env, everyMs = PARENT_POLL_MS): () => void {
  const startParent = currentParent(process.ppid);
  const probe: ParentProbe = { namedParent: parentPidFrom(env), startParent, currentParent: () => currentParent(startParent), isAlive };
  const timer = setInterval(() => {
    const why = parentGone(probe);
    if (why === undefined) return;
    clearInterval(timer);
    onGone(why);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
