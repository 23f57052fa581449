// The pieces of the class server that need no hub: the setup's arguments and permission checks, the
// deployed config's paths, the kernelspec's absolute paths, and the course copy on first login.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { ensureProxyInstalled, proxyScript } from "../../deploy/jupyterhub/proxy";
import { ancestorsClosedToOthers, checkoutProblem, makeReadable, unreadableByOthers } from "../../deploy/jupyterhub/readable";
import { parseHubScope } from "../../deploy/jupyterhub/setup";
import { PYTHON, REPO_ROOT } from "../support/jupyter";
import { DEPLOYED_CONFIG, installKernelForStudents } from "./support/hub";

const SINGLEUSER = path.join(REPO_ROOT, "deploy", "jupyterhub", "singleuser.py");

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-hub-setup-"));
}

describe("npm run setup:hub", () => {
  it("installs the kernel with --sys-prefix by default or into --prefix DIR, and refuses a per-user kernel that students would not see", () => {
    assert.deepEqual(parseHubScope([]), { kind: "sys-prefix" });
    assert.deepEqual(parseHubScope(["--sys-prefix"]), { kind: "sys-prefix" });
    assert.deepEqual(parseHubScope(["--prefix", "/usr/local"]), { kind: "prefix", dir: "/usr/local" });
    assert.deepEqual(parseHubScope(["--prefix=rel"]), { kind: "prefix", dir: path.resolve("rel") });
    assert.throws(() => parseHubScope(["--user"]), /setup:hub: expected --sys-prefix or --prefix DIR \(a kernel every user sees\); got --user/);
    assert.throws(() => parseHubScope(["--prefix"]), /got --prefix$/m);
  });

  it("prepares this checkout end to end: the JupyterLab build, the proxy, the kernel in --prefix DIR, everything readable by students", () => {
    const prefix = tempDir();
    try {
      const out = execFileSync(process.execPath, [path.join(REPO_ROOT, "dist", "deploy", "jupyterhub", "setup.js"), "--prefix", prefix], { encoding: "utf8" });
      assert.match(out, /^1\. JupyterLab for the students: from (checkout|cache|built)/m);
      assert.match(out, /^2\. configurable-http-proxy 5\.\d+\.\d+: /m);
      assert.match(out, new RegExp(`^3\\. the tsdl kernel, for every user: ${prefix}/share/jupyter/kernels/tsdl$`, "m"));
      assert.match(out, /^ready: start the hub with {2}jupyterhub -f .*deploy\/jupyterhub\/jupyterhub_config\.py$/m);
      assert.ok(fs.existsSync(path.join(prefix, "share", "jupyter", "kernels", "tsdl", "kernel.json")));
      assert.equal(checkoutProblem(REPO_ROOT), undefined);
    } finally {
      fs.rmSync(prefix, { recursive: true, force: true });
    }
  });

  it("lists what other users cannot read, makes it readable like chmod a+rX, and names the folders above that shut them out", () => {
    const dir = tempDir();
    try {
      fs.mkdirSync(path.join(dir, "a", "b"), { recursive: true });
      fs.writeFileSync(path.join(dir, "a", "b", "data"), "x", { mode: 0o600 });
      fs.writeFileSync(path.join(dir, "a", "run.sh"), "#!/bin/sh\n", { mode: 0o700 });
      fs.chmodSync(path.join(dir, "a", "b"), 0o700);
      fs.chmodSync(dir, 0o700); // mkdtemp's own mode
      const lacking = unreadableByOthers([path.join(dir, "a")]);
      assert.deepEqual(lacking.sort(), [path.join(dir, "a", "b"), path.join(dir, "a", "b", "data"), path.join(dir, "a", "run.sh")].sort());
      makeReadable(lacking);
      assert.deepEqual(unreadableByOthers([path.join(dir, "a")]), []);
      assert.equal(fs.statSync(path.join(dir, "a", "b", "data")).mode & 0o777, 0o644, "a data file gets no execute bit");
      assert.equal(fs.statSync(path.join(dir, "a", "run.sh")).mode & 0o777, 0o755, "an executable stays executable for all");
      assert.equal(fs.statSync(path.join(dir, "a", "b")).mode & 0o777, 0o755);
      assert.deepEqual(ancestorsClosedToOthers(path.join(dir, "a")), [dir], "the 0700 temporary folder above");
      assert.match(checkoutProblem(path.join(dir, "a"), ["b"]) ?? "", /other users cannot reach .*: .*\(mode 0700\) lack o\+x/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("registers a kernelspec that names every program by its absolute path (node included), so a student's PATH does not matter", () => {
    const spec = installKernelForStudents();
    try {
      const kernelJson = JSON.parse(fs.readFileSync(path.join(spec.jupyterPath, "kernels", "tsdl", "kernel.json"), "utf8")) as { argv: string[] };
      const programs = kernelJson.argv.filter((a) => !a.startsWith("-") && a !== "kernel" && a !== "{connection_file}");
      assert.deepEqual(programs, ["/bin/sh", path.join(REPO_ROOT, "kernel", "launch.sh"), process.execPath, path.join(REPO_ROOT, "dist", "kernel", "cli.js")]);
      for (const p of programs) assert.ok(path.isAbsolute(p) && fs.existsSync(p), p);
    } finally {
      spec.remove();
    }
  });
});

describe("deploy/jupyterhub/jupyterhub_config.py", () => {
  it("loads in JupyterHub's config loader and points at files that exist: the single-user server, the course, npm's proxy run by node", () => {
    ensureProxyInstalled();
    const script = [
      "import json, sys",
      "from traitlets.config.loader import PyFileConfigLoader",
      "c = PyFileConfigLoader(sys.argv[1]).load_config()",
      "print(json.dumps({'cmd': c.Spawner.cmd, 'env': c.Spawner.environment, 'proxy': c.ConfigurableHTTPProxy.command,",
      "  'auth': c.JupyterHub.authenticator_class, 'spawner': c.JupyterHub.spawner_class, 'groups': sorted(c.PAMAuthenticator.allowed_groups),",
      "  'args': c.Spawner.args}))",
    ].join("\n");
    const config = JSON.parse(execFileSync(PYTHON, ["-c", script, DEPLOYED_CONFIG], { encoding: "utf8" })) as {
      cmd: string[];
      env: Record<string, string>;
      proxy: string[];
      auth: string;
      spawner: string;
      groups: string[];
      args: string[];
    };
    assert.deepEqual(config.cmd, ["/usr/bin/python3", SINGLEUSER]);
    assert.equal(config.env.TSDL_COURSE_SOURCE, path.join(REPO_ROOT, "notebooks"));
    assert.deepEqual(config.proxy, [process.execPath, proxyScript()]);
    for (const f of [...config.cmd, config.env.TSDL_COURSE_SOURCE!, ...config.proxy]) assert.ok(fs.existsSync(f), f);
    assert.deepEqual([config.auth, config.spawner, config.groups], ["pam", "localprocess", ["students"]]);
    assert.ok(config.args.includes("--MappingKernelManager.cull_idle_timeout=3600"), "idle kernels are culled");
  });

  it("runs npm's configurable-http-proxy 5, which starts (Debian's 4.5.3 fails for want of 'commander')", () => {
    const r = spawnSync(process.execPath, [proxyScript(), "--version"], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), /^5\.\d+\.\d+$/);
  });
});

describe("the course on a student's first login (course_copy.py)", () => {
  function copyCourse(source: string, home: string): string {
    const code = "import sys; sys.path.insert(0, sys.argv[1]); from course_copy import copy_course; print(copy_course(sys.argv[2], sys.argv[3], 'course'))";
    return execFileSync(PYTHON, ["-c", code, path.dirname(SINGLEUSER), source, home], { encoding: "utf8" }).trim();
  }

  it("copies every notebook of notebooks/ into ~/course once, and never overwrites the student's copy afterwards", () => {
    const home = tempDir();
    try {
      assert.equal(copyCourse(path.join(REPO_ROOT, "notebooks"), home), path.join(home, "course"));
      const expected = fs.readdirSync(path.join(REPO_ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
      assert.deepEqual(fs.readdirSync(path.join(home, "course")).sort(), expected);
      assert.ok(expected.includes("01-tensors.ipynb"));
      const mine = path.join(home, "course", "01-tensors.ipynb");
      fs.writeFileSync(mine, "my edits");
      assert.equal(copyCourse(path.join(REPO_ROOT, "notebooks"), home), "None");
      assert.equal(fs.readFileSync(mine, "utf8"), "my edits");
      assert.deepEqual(fs.readdirSync(home), ["course"], "no staging folder left behind");
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("starts without a course when its source folder is missing, and copies nothing", () => {
    const home = tempDir();
    try {
      assert.equal(copyCourse(path.join(home, "no-such-folder"), home), "None");
      assert.deepEqual(fs.readdirSync(home), []);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("does not follow a link named course, even a dangling one (a student could point it anywhere)", () => {
    const home = tempDir();
    try {
      fs.symlinkSync(path.join(home, "elsewhere"), path.join(home, "course"));
      assert.equal(copyCourse(path.join(REPO_ROOT, "notebooks"), home), "None");
      assert.equal(fs.existsSync(path.join(home, "elsewhere")), false);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
