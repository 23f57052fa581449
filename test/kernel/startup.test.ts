// The startup snapshot: used when its stamp matches, never when the blob is damaged or half-written.
import assert from "node:assert/strict";
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import * as ts from "@tslab/typescript-for-tslab";
import { SourceCache } from "../../kernel/sourceCache";
import { snapshotPaths, snapshotProblem, stampOf } from "../../kernel/startupSnapshot";
import { kernelV8Flags } from "../../kernel/startupSnapshot";
import { REPO_ROOT, resultText, runCells } from "../support/jupyter";

const LAUNCHER = path.join(REPO_ROOT, "kernel", "launch.sh");
const CLI = path.join(REPO_ROOT, "dist", "kernel", "cli.js");
const real = snapshotPaths();

/** A package layout with its own launch.sh and dist/startup, to damage without touching the real one. */
function layout(setup: (startup: string) => void): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-launch-"));
  fs.mkdirSync(path.join(root, "kernel"));
  fs.copyFileSync(LAUNCHER, path.join(root, "kernel", "launch.sh"));
  const startup = path.join(root, "dist", "startup");
  fs.mkdirSync(startup, { recursive: true });
  setup(startup);
  return root;
}

function connectionFile(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-conn-")), "kernel.json");
  const port = 40000 + Math.floor(Math.random() * 20000);
  fs.writeFileSync(
    file,
    JSON.stringify({ transport: "tcp", ip: "127.0.0.1", shell_port: port, iopub_port: port + 1, stdin_port: port + 2, control_port: port + 3, hb_port: port + 4, key: "k", signature_scheme: "hmac-sha256" }),
  );
  return file;
}

const started: ChildProcess[] = [];
after(() => started.forEach((p) => p.kill("SIGKILL")));

/** Starts a kernel through a launcher and returns the line saying how it started (or how it died). */
function startLine(root: string, env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "" }): Promise<string> {
  const child = spawn("/bin/sh", [path.join(root, "kernel", "launch.sh"), process.execPath, CLI, "kernel", "--config-path", connectionFile()], { stdio: ["ignore", "ignore", "pipe"], env });
  started.push(child);
  return new Promise((resolve) => {
    let err = "";
    const timer = setTimeout(() => resolve(`no start line after 60 s: ${err}`), 60_000);
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const line = /tsdl: started [^\n]*/.exec(err)?.[0];
      if (line) {
        clearTimeout(timer);
        child.kill("SIGKILL");
        resolve(line);
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(`exited (${code ?? signal}): ${err}`);
    });
  });
}

const stampFor = (blob: string) => stampOf([...real.inputs, blob]) + "\n";

describe("the startup snapshot", () => {
  it("is built by npm run build and valid for this node", () => {
    assert.equal(snapshotProblem(real, {}), undefined);
  });

  it("writes the stamp exactly as the launcher's `stat` prints it", () => {
    const file = path.join(os.tmpdir(), "tsdl stamp check.txt");
    fs.writeFileSync(file, "x".repeat(1234));
    assert.equal(stampOf([file]), execFileSync("stat", ["-L", "-c", "%s %Y %n", file], { encoding: "utf8" }).trim());
  });

  it("starts the kernel from a valid snapshot", async () => {
    const root = layout((dir) => {
      fs.copyFileSync(real.blob, path.join(dir, "startup.blob"));
      fs.writeFileSync(path.join(dir, "startup.stamp"), stampFor(path.join(dir, "startup.blob")));
    });
    assert.equal(await startLine(root), "tsdl: started from the startup snapshot");
  });

  it("starts the plain way when NODE_OPTIONS is set (node refuses a snapshot built with other V8 flags)", async () => {
    const root = layout((dir) => {
      fs.copyFileSync(real.blob, path.join(dir, "startup.blob"));
      fs.writeFileSync(path.join(dir, "startup.stamp"), stampFor(path.join(dir, "startup.blob")));
    });
    assert.match(await startLine(root, { ...process.env, NODE_OPTIONS: "--expose-gc" }), /^tsdl: started without the startup snapshot \(NODE_OPTIONS is set/);
  });

  it("starts the plain way when TSDL_SNAPSHOT is off (a class server trading start time for memory)", async () => {
    const root = layout((dir) => {
      fs.copyFileSync(real.blob, path.join(dir, "startup.blob"));
      fs.writeFileSync(path.join(dir, "startup.stamp"), stampFor(path.join(dir, "startup.blob")));
    });
    assert.equal(await startLine(root, { ...process.env, NODE_OPTIONS: "", TSDL_SNAPSHOT: "off" }), "tsdl: started without the startup snapshot (TSDL_SNAPSHOT is off)");
  });

  it("starts the plain way from a truncated blob, a missing stamp, or a stamp of another node", async () => {
    const truncated = layout((dir) => {
      const blob = path.join(dir, "startup.blob");
      fs.copyFileSync(real.blob, blob);
      fs.writeFileSync(path.join(dir, "startup.stamp"), stampFor(blob));
      fs.truncateSync(blob, 1_000_000);
    });
    const unstamped = layout((dir) => fs.copyFileSync(real.blob, path.join(dir, "startup.blob")));
    const otherNode = layout((dir) => {
      const blob = path.join(dir, "startup.blob");
      fs.copyFileSync(real.blob, blob);
      fs.writeFileSync(path.join(dir, "startup.stamp"), stampFor(blob).replace(/^\d+/, "1"));
    });
    for (const root of [truncated, unstamped, otherNode]) assert.match(await startLine(root), /^tsdl: started without the startup snapshot/);
  });

  it("explains what is wrong with a damaged one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-snap-"));
    const paths = { ...real, dir, blob: path.join(dir, "startup.blob"), stamp: path.join(dir, "startup.stamp") };
    assert.match(snapshotProblem(paths, {})!, /no startup snapshot/);
    fs.writeFileSync(paths.blob, "not a heap");
    assert.match(snapshotProblem(paths, {})!, /no stamp .*half-written/);
    fs.writeFileSync(paths.stamp, stampFor(paths.blob));
    assert.equal(snapshotProblem(paths, {}), undefined);
    assert.match(snapshotProblem(paths, { NODE_OPTIONS: "--max-old-space-size=8192" })!, /NODE_OPTIONS is set/);
    fs.appendFileSync(paths.blob, "!");
    assert.match(snapshotProblem(paths, {})!, /stale or damaged/);
  });
});

describe("SourceCache with preparsed files", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-pre-")), "a.d.ts");
  fs.writeFileSync(file, "declare const a: number;\n");
  const stat = fs.statSync(file);
  const preparsed = ts.createSourceFile(file, "declare const a: number;\n", ts.ScriptTarget.ES2022);

  it("uses a preparsed file while it is unchanged on disk", () => {
    const cache = new SourceCache(undefined, new Map([[file, { file: preparsed, size: stat.size, mtimeMs: stat.mtimeMs }]]));
    assert.equal(cache.get(file, ts.ScriptTarget.ES2022), preparsed);
  });

  it("parses the file again once it changed", () => {
    const cache = new SourceCache(undefined, new Map([[file, { file: preparsed, size: stat.size, mtimeMs: stat.mtimeMs - 1000 }]]));
    const got = cache.get(file, ts.ScriptTarget.ES2022);
    assert.notEqual(got, preparsed);
    assert.equal(got?.text, "declare const a: number;\n");
  });
});

describe("the kernel's start", () => {
  it("loads TensorFlow.js in the background after the first cell, while a cell is still running", () => {
    // The second cell keeps the kernel busy for up to a minute without naming tf: only a load that does
    // not wait for an idle kernel can put tf's engine (a global of tfjs-core) in place meanwhile.
    const nb = runCells([
      "1 + 1",
      "for (let i = 0; i < 600 && !(globalThis as Record<string, unknown>)._tfengine; i++) await new Promise((r) => setTimeout(r, 100));\ntypeof (globalThis as Record<string, unknown>)._tfengine",
    ]);
    assert.equal(resultText(nb.cells[0]!), "2");
    assert.equal(resultText(nb.cells[1]!), "'object'");
  });

  it("builds the snapshot with the V8 flags launch.sh starts node with", () => {
    assert.deepEqual(kernelV8Flags(), ["--max-semi-space-size=4"]);
    assert.ok(snapshotPaths().inputs.includes(snapshotPaths().launcher), "a change to launch.sh (and so its flags) makes the snapshot stale");
  });
});
