// Chapter 05 executed through the real kernel: Saito's perceptrons, layers, two-layer net and gradient check.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 05-backprop-from-scratch", () => {
  const nb = runChapter("05-backprop-from-scratch", 600);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("builds XOR from two layers of perceptrons", () => {
    assert.match(stdout(nb), /XOR\(0, 0\) = 0\nXOR\(1, 0\) = 1\nXOR\(0, 1\) = 1\nXOR\(1, 1\) = 0/);
  });

  it("reproduces Saito's numbers: forward pass, losses, apple and orange backward pass", () => {
    const out = stdout(nb);
    assert.match(out, /output 0\.316827\d*,0\.696279\d*/);
    assert.match(out, /right \(2 at 0\.6\): SSE 0\.0975, cross-entropy 0\.5108/);
    assert.match(out, /naive softmax: NaN,NaN,NaN/);
    assert.match(out, /d\/d apple 2\.2, d\/d apples 110\.0, d\/d orange 3\.3, d\/d oranges 165\.0, d\/d tax 650\.0/);
  });

  it("trains the two-layer network on MNIST above 88% test accuracy", () => {
    const accuracy = Number(/epoch 2: train accuracy \S+, test accuracy (\S+)/.exec(stdout(nb))?.[1]);
    assert.ok(accuracy > 0.88, `test accuracy ${accuracy}`);
  });

  it("agrees with numerical gradients within the documented float32 bound (relative < 1e-2 at h = 1e-3)", () => {
    const difference = printedNumber(nb, "gradient check max relative difference:");
    assert.ok(difference < 1e-2, `max relative difference ${difference}`);
  });
});
