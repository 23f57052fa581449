// Bad input across the whole public API: every exported helper, property-based (fast-check).
// The harness (badInput.ts) runs in a child process: a crash or a hang there is a finding, not a stuck run.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { EndReport, FunctionReport, Violation } from "./badInput";
import { isClearError } from "./clearErrors";

const HARNESS = path.join(__dirname, "badInput.js");
const RUNS = Number(process.env.TSDL_BADINPUT_RUNS ?? 40);
/** Fixed by default so CI is repeatable; set TSDL_BADINPUT_SEED to explore other inputs. */
const SEED = Number(process.env.TSDL_BADINPUT_SEED ?? 1);
/** A whole harness run (all helpers) gets this long before it counts as hung. */
const RUN_TIMEOUT_MS = 240_000;

interface Findings {
  functions: FunctionReport[];
  /** Helpers whose call killed or hung the process. */
  fatal: Violation[];
  end: EndReport | undefined;
}

/** Runs the harness, resuming after any helper that kills or hangs it. */
function runHarness(): Findings {
  const findings: Findings = { functions: [], fatal: [], end: undefined };
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-badinput-"));
  try {
    for (let attempt = 0; attempt < 8 && !findings.end; attempt++) {
      const skip = [...findings.functions.map((f) => f.name), ...findings.fatal.map((v) => v.fn)];
      const r = spawnSync(process.execPath, [HARNESS, "--runs", String(RUNS), "--seed", String(SEED), "--skip", skip.join(",")], {
        encoding: "utf8",
        timeout: RUN_TIMEOUT_MS,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, TSDL_BADINPUT_DIR: scratch },
      });
      const lines = r.stdout.split("\n");
      for (const line of lines) {
        if (line.startsWith("FUNCTION ")) findings.functions.push(JSON.parse(line.slice(9)) as FunctionReport);
        if (line.startsWith("END ")) findings.end = JSON.parse(line.slice(4)) as EndReport;
      }
      if (findings.end) break;
      const last = lines.filter((l) => l.startsWith("calling ")).pop();
      const m = last ? /^calling ([\w$.]+)\((.*)\)$/.exec(last) : null;
      if (!m) throw new Error(`the harness failed before calling anything (exit ${r.status}, ${r.signal}):\n${r.stderr.slice(-3000)}`);
      const hung = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT";
      findings.fatal.push({
        fn: m[1]!,
        kind: hung ? "slow" : "display failed",
        args: m[2]!,
        detail: hung ? `hung: no result within ${RUN_TIMEOUT_MS} ms` : `crashed the process (exit ${r.status}, signal ${r.signal}): ${r.stderr.trim().split("\n").slice(-4).join(" | ").slice(0, 400)}`,
      });
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return findings;
}

/**
 * What tfjs says when profiling was left on (as profileKernels once did when its function threw): later
 * ops read their outputs asynchronously and reject once those tensors are disposed.
 */
const KNOWN_ASYNC = /Cannot read properties of undefined \(reading 'backend'\) at Engine\.moveData/;

function describeViolations(vs: Violation[]): string {
  return vs.map((v) => `  ${v.fn}(${v.args.slice(0, 160)})\n    ${v.kind}: ${v.detail.slice(0, 300)}`).join("\n");
}

describe("the harness's judge of error messages", () => {
  it("accepts an error that names the function and says what was expected, and what was received", () => {
    assert.ok(isClearError("showImage", ["tensor", "options"], "showImage: expected a tensor of shape [H,W], [H,W,C] or [N,H,W,C]; got [3,4,5,6,7]"));
    assert.ok(isClearError("readIdx", ["file"], "no such file: /data/x (file must exist)"));
    assert.ok(isClearError("scatterPlot", ["data"], "scatterPlot: data[0].points: the tensor has been disposed"));
  });

  it("rejects what the JavaScript engine says when a helper did not check its input", () => {
    assert.ok(!isClearError("summary", ["model"], "Cannot read properties of null (reading 'layers')"));
    assert.ok(!isClearError("escapeHtml", ["text"], "text.replace is not a function"));
    assert.ok(!isClearError("inspect", ["tensor"], "Tensor is disposed."));
  });
});

describe("every exported helper, called with bad input", () => {
  let findings: Findings;
  before(() => {
    findings = runHarness();
  });

  it("covers every exported function of src/index.ts, and those of its namespaces (scratch.*)", () => {
    const library = require("../../src/index") as Record<string, unknown>;
    const members = (name: string, ns: unknown) => Object.entries(ns as object).filter(([, v]) => typeof v === "function").map(([k]) => `${name}.${k}`);
    const functions = Object.entries(library).flatMap(([k, v]) => (typeof v === "function" ? [k] : v && typeof v === "object" && !Array.isArray(v) ? members(k, v) : []));
    assert.ok(functions.includes("scratch.crossEntropyError") && functions.includes("setRandomSeed"), functions.join(", "));
    const covered = new Set([...findings.functions.map((f) => f.name), ...findings.fatal.map((v) => v.fn), ...Object.keys(findings.end?.skipped ?? {})]);
    assert.deepEqual(functions.filter((f) => !covered.has(f)), []);
    for (const f of findings.functions) assert.equal(f.stats.calls, RUNS, `${f.name} was called ${f.stats.calls} times`);
  });

  it("never crashes or hangs the process", () => {
    assert.deepEqual(findings.fatal, [], `\n${describeViolations(findings.fatal)}`);
  });

  it("either works or throws an Error naming the function or argument and what was expected", () => {
    const unclear = findings.functions.flatMap((f) => f.violations).filter((v) => v.kind !== "leaked tensors" && v.kind !== "slow");
    assert.deepEqual(unclear, [], `\n${describeViolations(unclear)}`);
  });

  it("leaves no tensors behind, whether it works or throws", () => {
    const leaks = findings.functions.flatMap((f) => f.violations).filter((v) => v.kind === "leaked tensors");
    assert.deepEqual(leaks, [], `\n${describeViolations(leaks)}`);
  });

  it("answers every call quickly, even for huge inputs", () => {
    const slow = findings.functions.flatMap((f) => f.violations).filter((v) => v.kind === "slow");
    assert.deepEqual(slow, [], `\n${describeViolations(slow)}`);
  });

  it("raises no asynchronous errors after the calls return", () => {
    assert.deepEqual((findings.end?.asyncErrors ?? []).filter((e) => !KNOWN_ASYNC.test(e)), []);
  });

  it("never leaves tfjs profiling on (profileKernels with a function that throws)", () => {
    assert.deepEqual((findings.end?.asyncErrors ?? []).filter((e) => KNOWN_ASYNC.test(e)), []);
  });
});
