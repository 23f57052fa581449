// Chapter 07 executed through the real kernel: layers, Sequential and functional models, losses, optimizers.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, cellWith, countMime, printedNumber, richOutputs, runChapter, stdout } from "./chapter";

describe("notebook 07-anatomy-of-a-network", () => {
  const nb = runChapter("07-anatomy-of-a-network", 600);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("builds one model three ways (Sequential, model.add, functional) that predict the same", () => {
    assert.match(stdout(nb), /2 layers, 50890 parameters/);
    const gap = printedNumber(nb, "parameters: 50890, 50890, 50890; largest difference in predictions:");
    assert.ok(gap < 1e-6, `the three models predict alike: ${gap}`);
  });

  it("shows a constant classifier with high accuracy and no recall", () => {
    assert.match(stdout(nb), /never flags fraud: accuracy 0\.980, fraud caught 0\.000/);
  });

  it("summarises the two-input, two-output functional model", () => {
    const summaries = nb.cells.flatMap((c) => c.outputs).map((o) => String(o.data?.["text/plain"] ?? "")).filter((t) => /concatenate/i.test(t));
    assert.ok(summaries.length >= 1, "a summary listing the concatenate layer");
    assert.match(summaries[0]!, /priority/);
    assert.match(summaries[0]!, /department/);
  });

  it("computes the four losses as by hand", () => {
    const out = stdout(nb);
    assert.match(out, /MSE: 0\.4167/);
    const binary = /binary cross-entropy: (\S+)\s+\(by hand (\S+)\)/.exec(out);
    assert.ok(binary && Math.abs(Number(binary[1]) - Number(binary[2])) < 1e-3, binary?.[0]);
    const cat = /categorical (\S+), sparse (\S+), by hand (\S+)/.exec(out);
    assert.ok(cat && Math.abs(Number(cat[1]) - Number(cat[3])) < 1e-3 && cat[1] === cat[2], cat?.[0]);
  });

  it("follows define, compile, fit on the two moons", () => {
    assert.ok(printedNumber(nb, "validation accuracy") >= 0.85);
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 2, "history and optimizer paths");
  });

  it("shows that momentum, RMSprop and Adam beat plain SGD on the valley", () => {
    const out = stdout(nb);
    const f = (name: string) => Number(new RegExp(`${name}[^\\n]*f = (\\S+)`).exec(out)?.[1]);
    for (const name of ["momentum", "Adam"]) assert.ok(f(name) < f("SGD, lr 0\\.1"), `${name} ${f(name)} vs SGD ${f("SGD, lr 0\\.1")}`);
  });

  it("compares four optimizers' learning curves on the two moons: plain SGD ends with the highest training loss", () => {
    const [out] = richOutputs(cellWith(nb, "compareHistories("));
    assert.deepEqual(Object.keys(out?.data ?? {}).sort(), ["application/vnd.vegalite.v5+json", "image/png", "text/plain"]);
    const text = String(out!.data!["text/plain"]);
    const last = (run: string) => Number(new RegExp(`^loss\\s+${run}\\s+training\\s+\\S+\\s+(\\S+)`, "m").exec(text)?.[1]);
    for (const run of ["momentum, lr 0\\.1", "RMSprop, lr 0\\.01", "Adam, lr 0\\.01"]) assert.ok(last(run) < last("SGD, lr 0\\.1"), `${run}: ${last(run)} vs SGD ${last("SGD, lr 0\\.1")}\n${text}`);
  });
});
