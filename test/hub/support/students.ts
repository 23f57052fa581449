// A class of local Linux users for the hub tests: a group of its own and users with passwords and
// private homes (mode 0700, as Debian's adduser makes them), under names no other test or person uses.
// remove() ends what still runs as them (by process id), then deletes the users, their homes and the group.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";

export interface Student {
  name: string;
  password: string;
  uid: number;
  home: string;
}

export interface Class {
  group: string;
  students: Student[];
  /** Process ids of everything running as one of the students (their servers and kernels). */
  pids(): number[];
  remove(): Promise<void>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Runs a shadow-utils command; another process holding /etc/passwd's lock (exit 10) is waited out. */
async function admin(command: string, args: string[], input?: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = spawnSync(command, args, { input, encoding: "utf8" });
    if (r.error) throw new Error(`${command}: ${r.error.message} (the hub tests create local users: they run as root, with shadow-utils)`);
    if (r.status === 0) return;
    if (r.status === 10 && attempt < 20) {
      await sleep(250 + Math.random() * 500);
      continue;
    }
    throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${(r.stderr || r.stdout).trim()}`);
  }
}

function uidsOf(pid: string): number[] {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const line = /^Uid:\s+(.*)$/m.exec(status)?.[1] ?? "";
    return line.split(/\s+/).map(Number);
  } catch {
    return []; // gone meanwhile
  }
}

/** Every process whose real or effective uid is one of `uids`. */
export function processesOf(uids: Set<number>): number[] {
  return fs
    .readdirSync("/proc")
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => uidsOf(pid).some((u) => uids.has(u)))
    .map(Number);
}

/** Creates `size` students named tsdl<random><label><i>, in a new group tsdl<random>. */
export async function createClass(size: number, label: string): Promise<Class> {
  if (process.getuid?.() !== 0) throw new Error("the hub tests create local users and run JupyterHub's PAM login: run them as root (CI does)");
  const tag = crypto.randomBytes(3).toString("hex");
  const group = `tsdl${tag}`;
  await admin("groupadd", [group]);
  const students: Student[] = [];
  const uids = new Set<number>();
  const cls: Class = {
    group,
    students,
    pids: () => processesOf(uids),
    remove: async () => {
      const problems: string[] = [];
      for (let round = 0; round < 20 && cls.pids().length > 0; round++) {
        for (const pid of cls.pids()) {
          try {
            process.kill(pid, round < 10 ? "SIGTERM" : "SIGKILL");
          } catch {
            // Already gone.
          }
        }
        await sleep(500);
      }
      for (const s of students) {
        // userdel warns (exit 12) when a user has no mail spool; the home went with it.
        const r = spawnSync("userdel", ["--remove", s.name], { encoding: "utf8" });
        if (r.status !== 0 && r.status !== 12) problems.push(`userdel ${s.name}: exit ${r.status} ${r.stderr.trim()}`);
        if (fs.existsSync(s.home)) fs.rmSync(s.home, { recursive: true, force: true });
      }
      const g = spawnSync("groupdel", [group], { encoding: "utf8" });
      if (g.status !== 0) problems.push(`groupdel ${group}: exit ${g.status} ${g.stderr.trim()}`);
      if (problems.length > 0) throw new Error(`removing the test class: ${problems.join("; ")}`);
    },
  };
  try {
    for (let i = 0; i < size; i++) {
      const name = `${group}${label}${i + 1}`;
      const password = `${crypto.randomBytes(9).toString("base64url")}-${i}`;
      await admin("useradd", ["--create-home", "--key", "HOME_MODE=0700", "--groups", group, "--shell", "/bin/bash", name]);
      // passwd(5): name:password:uid:gid:gecos:home:shell
      const entry = spawnSync("getent", ["passwd", name], { encoding: "utf8" }).stdout.trim().split(":");
      const uid = Number(entry[2]);
      const home = entry[5] ?? "";
      if (!Number.isInteger(uid) || uid <= 0 || !home) throw new Error(`getent passwd ${name}: ${entry.join(":")}`);
      students.push({ name, password, uid, home });
      uids.add(uid);
      await admin("chpasswd", [], `${name}:${password}\n`);
      const mode = fs.statSync(home).mode & 0o777;
      if ((mode & 0o077) !== 0) throw new Error(`useradd made ${home} with mode ${mode.toString(8)}, not 0700`);
    }
  } catch (e) {
    await cls.remove().catch(() => undefined);
    throw e;
  }
  return cls;
}
