// Chapter 05 executed through the real kernel: Saito's perceptrons, activations, output layer, forward
// pass, losses, and the numerical gradient of simpleNet's loss.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertNoErrors, countMime, printedNumber, runChapter, stdout } from "./chapter";

describe("notebook 05-perceptrons-to-losses", () => {
  const nb = runChapter("05-perceptrons-to-losses", 600);

  it("runs top to bottom without an error", () => assertNoErrors(nb));

  it("builds XOR from two layers of perceptrons", () => {
    assert.match(stdout(nb), /XOR\(0, 0\) = 0\nXOR\(1, 0\) = 1\nXOR\(0, 1\) = 1\nXOR\(1, 1\) = 0/);
  });

  it("reproduces Saito's numbers: forward pass, softmax, losses", () => {
    const out = stdout(nb);
    assert.match(out, /output 0\.316827\d*,0\.696279\d*/);
    assert.match(out, /naive softmax: NaN,NaN,NaN/);
    assert.match(out, /probabilities 0\.0182,0\.245\d,0\.736\d, sum 1\.0000/);
    assert.match(out, /right \(2 at 0\.6\): SSE 0\.0975, cross-entropy 0\.5108/);
  });

  it("keeps the identity's largest output under the softmax, and runs the same network on a batch", () => {
    const out = stdout(nb);
    assert.match(out, /largest at index 1 with the identity, 1 with the softmax/);
    assert.match(out, /X \[4,2\] → \[4,3\] → \[4,2\] → output \[4,2\]/);
    assert.match(out, /row 0: 0\.316827,0\.696279, as for x alone/);
  });

  it("shows that accuracy has no slope while the cross-entropy has one", () => {
    assert.match(stdout(nb), /at c = 0\.1: d accuracy \/ dc = 0, d cross-entropy \/ dc = 0\.\d+/);
  });

  it("computes simpleNet's loss and dW as Saito prints them, within float32's reach", () => {
    assert.ok(Math.abs(printedNumber(nb, "simpleNet loss") - 0.9281) < 2e-4);
    const dW = JSON.parse(/dW ≈ (\[\[.*\]\])/.exec(stdout(nb))?.[1] ?? "null") as number[][];
    const saito = [[0.21924763, 0.14356247, -0.36281009], [0.32887144, 0.2153437, -0.54421514]];
    saito.flat().forEach((v, i) => assert.ok(Math.abs(dW.flat()[i]! - v) < 2e-3, `dW entry ${i}: ${dW.flat()[i]} vs Saito's ${v}`));
  });

  it("draws the activations, step and sigmoid on [−0.1, 1.1], the softmax as bars, and shows softmax's TypeScript", () => {
    assert.ok(countMime(nb, "application/vnd.vegalite.v5+json") >= 4);
    const specs = nb.cells.flatMap((c) => c.outputs).map((o) => o.data?.["application/vnd.vegalite.v5+json"] as { title?: string; encoding?: { y?: { scale?: { domain?: number[] } } }; layer?: { mark?: { type?: string } }[] } | undefined).filter((s): s is NonNullable<typeof s> => s !== undefined);
    const stepSigmoid = specs.find((s) => s.title === "step and sigmoid");
    assert.deepEqual(stepSigmoid?.encoding?.y?.scale?.domain, [-0.1, 1.1]);
    assert.ok(specs.some((s) => s.layer?.[0]?.mark?.type === "bar"), "a bar chart");
    const source = nb.cells.flatMap((c) => c.outputs).map((o) => String(o.data?.["text/plain"] ?? "")).find((t) => t.startsWith("softmax — defined in"));
    assert.match(source ?? "", /softmax — defined in src\/scratch\/functions\.ts, line \d+\n\n[\s\S]*export function softmax\(x: tf\.Tensor\): tf\.Tensor/);
  });
});
