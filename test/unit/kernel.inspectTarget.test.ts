import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inspectTarget } from "../../kernel/inspectTarget";

/** Where inspectTarget points, shown as a "|" in the code; the cursor is given as a "|" too. */
function target(withCursor: string): string {
  const cursor = withCursor.indexOf("|");
  const code = withCursor.replace("|", "");
  const at = inspectTarget(code, cursor);
  return code.slice(0, at) + "|" + code.slice(at);
}

describe("inspectTarget (what Shift+Tab inspects)", () => {
  it("points at the end of the callee when the cursor is just inside a call", () => {
    assert.equal(target("display(|"), "display|(");
    assert.equal(target("tf.tensor(|)"), "tf.tensor|()");
  });

  it("points at the innermost open call, skipping closed brackets and other arguments", () => {
    assert.equal(target("plotHistory(model.fit(x, [1, 2]), { metrics: [] }|"), "plotHistory|(model.fit(x, [1, 2]), { metrics: [] }");
    assert.equal(target("f(g(a, |"), "f(g|(a, ");
  });

  it("ignores brackets inside strings and comments", () => {
    assert.equal(target('display("(", |'), 'display|("(", ');
    assert.equal(target("display(/* ( */ x|"), "display|(/* ( */ x");
    assert.equal(target("display(`)`, |"), "display|(`)`, ");
  });

  it("keeps the cursor when it is not inside a call", () => {
    assert.equal(target("display|"), "display|");
    assert.equal(target("const a = [1, |"), "const a = [1, |");
    assert.equal(target("(1 + |"), "(1 + |");
    assert.equal(target("f(x) + y|"), "f(x) + y|");
  });

  it("keeps the cursor inside an object literal argument", () => {
    assert.equal(target("f({ a: |"), "f({ a: |");
  });
});
