// A variable from an earlier cell is visible in every later cell, however it is referenced:
// tslab lost it inside shorthand properties (`{ epochs }`), which kernel/shorthand.ts works around.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { expandShorthandProperties } from "../../kernel/shorthand";
import { errorOf, resultText, runCells } from "../support/jupyter";

describe("expandShorthandProperties", () => {
  it("spells out shorthand properties and leaves everything else as written", () => {
    assert.equal(expandShorthandProperties("f({ epochs, batchSize: 32, verbose })"), "f({ epochs: epochs, batchSize: 32, verbose: verbose })");
    assert.equal(expandShorthandProperties("({ a, ...rest } = obj)"), "({ a: a, ...rest } = obj)");
    assert.equal(expandShorthandProperties("const { a, b } = obj; // { c }\n'{ d }'"), "const { a, b } = obj; // { c }\n'{ d }'");
    assert.equal(expandShorthandProperties("x + 1"), "x + 1");
  });
});

describe("variables from earlier cells", () => {
  const nb = runCells(
    [
      "const epochs = 3; let batchSize = 16; const label = 'kept';",
      "JSON.stringify({ epochs, batchSize, label })",
      "const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });\nmodel.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });\nconst h = await model.fit(tf.ones([4, 1]), tf.ones([4, 1]), { epochs, batchSize, verbose: 0 });\nh.epoch.length",
      "({ batchSize } = { batchSize: 64 }); batchSize",
      "const { epochs: e2 } = { epochs }; e2",
    ],
    { allowErrors: true },
  );

  it("are found inside shorthand properties of a later cell", () => {
    assert.equal(errorOf(nb.cells[1]!), undefined, JSON.stringify(errorOf(nb.cells[1]!)));
    assert.equal(resultText(nb.cells[1]!), `'{"epochs":3,"batchSize":16,"label":"kept"}'`);
  });

  it("work as shorthand options of model.fit", () => {
    assert.equal(resultText(nb.cells[2]!), "3");
  });

  it("can be assigned through a shorthand destructuring assignment", () => {
    assert.equal(resultText(nb.cells[3]!), "64");
    assert.equal(resultText(nb.cells[4]!), "3");
  });
});
