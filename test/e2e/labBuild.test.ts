// The e2e JupyterLab's build cache (support/labBuild.ts), with install and build replaced by fakes: a build
// is reused only when whole, and a half-written or damaged one, in build/ or in the machine's cache, is
// reported and made again.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { buildProblem, ensureLabBuilt, LabBuildPlaces, LabBuildSteps, RECORD_NAME, recordBuild } from "./support/labBuild";

/** A lab folder with the build inputs, a cache folder, and fake steps that count their calls. */
function fixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-labbuild-"));
  const places: LabBuildPlaces = { labDir: path.join(root, "lab"), cacheDir: path.join(root, "cache") };
  fs.mkdirSync(places.labDir);
  for (const f of ["package-lock.json", "package.json", "webpack.config.js", "build.js", "index.js"]) fs.writeFileSync(path.join(places.labDir, f), `// ${f}`);
  const calls = { install: 0, build: 0 };
  const steps: LabBuildSteps = {
    install: (labDir) => {
      calls.install++;
      fs.mkdirSync(path.join(labDir, "node_modules"), { recursive: true });
      return 0;
    },
    build: (labDir) => {
      calls.build++;
      fs.mkdirSync(path.join(labDir, "build", "chunks"), { recursive: true });
      fs.writeFileSync(path.join(labDir, "build", "bundle.js"), "console.log('the whole bundle');");
      fs.writeFileSync(path.join(labDir, "build", "chunks", "a.js"), "chunk a");
      return 0;
    },
  };
  const logs: string[] = [];
  const ensure = () => ensureLabBuilt(places, steps, (line) => logs.push(line));
  const buildDir = path.join(places.labDir, "build");
  const cachedBuilds = () => (fs.existsSync(places.cacheDir) ? fs.readdirSync(places.cacheDir) : []);
  return { places, calls, logs, ensure, buildDir, cachedBuilds };
}

describe("the e2e JupyterLab build cache", () => {
  it("builds once, records the build, keeps it in the cache, and reuses build/ quietly", () => {
    const f = fixture();
    assert.equal(f.ensure().source, "built");
    assert.deepEqual(f.calls, { install: 1, build: 1 });
    const record = JSON.parse(fs.readFileSync(path.join(f.buildDir, RECORD_NAME), "utf8")) as { files: Record<string, unknown> };
    assert.deepEqual(Object.keys(record.files), ["bundle.js", path.join("chunks", "a.js")]);
    assert.equal(f.cachedBuilds().length, 1);
    assert.equal(f.ensure().source, "checkout");
    assert.deepEqual(f.calls, { install: 1, build: 1 });
    assert.deepEqual(f.logs, []);
  });

  it("rebuilds a build/ that was truncated, changed, half-written or never recorded, saying why", () => {
    const f = fixture();
    f.ensure();
    const damage: Array<[() => void, RegExp]> = [
      [() => fs.truncateSync(path.join(f.buildDir, "bundle.js"), 5), /bundle\.js has 5 bytes but 32 were built \(truncated or changed\)/],
      [() => fs.writeFileSync(path.join(f.buildDir, "chunks", "a.js"), "chunk b"), /chunks\/a\.js differs from the file built \(changed since\)/],
      [() => fs.rmSync(path.join(f.buildDir, "chunks", "a.js")), /chunks\/a\.js is missing/],
      [() => fs.rmSync(path.join(f.buildDir, RECORD_NAME)), /it has no \.tsdl-build\.json \(a build or copy that did not finish, or one made before builds were recorded\)/],
      [() => fs.writeFileSync(path.join(f.buildDir, RECORD_NAME), '{"key": "'), /its \.tsdl-build\.json is not valid JSON \(.+\)/],
    ];
    for (const [spoil, why] of damage) {
      spoil();
      f.logs.length = 0;
      assert.equal(f.ensure().source, "cache", "the intact copy in the cache replaces it");
      assert.match(f.logs.join("\n"), new RegExp(`not using ${f.buildDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ${why.source}; rebuilding it`));
      assert.equal(buildProblem(f.buildDir, JSON.parse(fs.readFileSync(path.join(f.buildDir, RECORD_NAME), "utf8")).key), undefined);
    }
    assert.equal(f.calls.build, 1, "the cache served every rebuild");
  });

  it("never serves a damaged cached build: it is removed, reported, and the app built again", () => {
    const f = fixture();
    f.ensure();
    const cached = path.join(f.places.cacheDir, f.cachedBuilds()[0]!);
    fs.rmSync(f.buildDir, { recursive: true });
    fs.truncateSync(path.join(cached, "bundle.js"), 3);
    assert.equal(f.ensure().source, "built");
    assert.equal(f.calls.build, 2);
    assert.match(f.logs.join("\n"), /not using the cached build .*: bundle\.js has 3 bytes but 32 were built \(truncated or changed\); removing it/);
    assert.equal(buildProblem(cached, JSON.parse(fs.readFileSync(path.join(cached, RECORD_NAME), "utf8")).key), undefined, "the cache holds the new, whole build");
  });

  it("treats a cache copy that was interrupted (no record yet) as no build", () => {
    const f = fixture();
    f.ensure();
    const cached = path.join(f.places.cacheDir, f.cachedBuilds()[0]!);
    fs.rmSync(path.join(cached, RECORD_NAME));
    fs.rmSync(f.buildDir, { recursive: true });
    assert.equal(f.ensure().source, "built");
    assert.match(f.logs.join("\n"), /not using the cached build .*: it has no \.tsdl-build\.json/);
  });

  it("rebuilds, without calling it damage, when the app's inputs changed", () => {
    const f = fixture();
    f.ensure();
    fs.writeFileSync(path.join(f.places.labDir, "index.js"), "// a new app");
    assert.equal(f.ensure().source, "built");
    assert.deepEqual(f.calls, { install: 1, build: 2 }, "the lockfile did not change: no reinstall");
    assert.match(f.logs.join("\n"), /it was built from other inputs/);
    assert.equal(f.cachedBuilds().length, 1, "builds of older inputs leave the cache");
  });

  it("leaves no partial folder behind", () => {
    const f = fixture();
    f.ensure();
    assert.deepEqual(fs.readdirSync(f.places.labDir).filter((n) => n.includes("partial")), []);
    assert.deepEqual(f.cachedBuilds().filter((n) => n.includes("partial")), []);
  });

  it("records what a finished build holds, and a record without the bundle describes no build", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tsdl-labrecord-"));
    fs.writeFileSync(path.join(dir, "other.js"), "x");
    recordBuild(dir, "k");
    assert.equal(buildProblem(dir, "k"), "its .tsdl-build.json lists no bundle.js");
    assert.equal(buildProblem(path.join(dir, "nothing"), "k"), "absent");
  });
});
