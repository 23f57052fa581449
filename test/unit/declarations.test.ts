import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { declaredNames, mergeDeclarations, mergeInto, NO_DECLARATIONS, topLevelNames } from "../../kernel/declarations";

describe("topLevelNames (what a cell adds to the notebook's scope)", () => {
  it("lists variables (destructured too), functions, classes, types and imports", () => {
    const cell = [
      "const { a, b: [c, , d] } = obj, e = 1;",
      "let f;",
      "function g() { const inner = 1; }",
      "class H {}",
      "interface I {}",
      "type J = number;",
      "enum K { X }",
      'import L, { M as N } from "x";',
      'import * as O from "y";',
      "for (const notTop of []) {}",
    ].join("\n");
    assert.deepEqual([...topLevelNames(cell)].sort(), ["H", "I", "J", "K", "L", "N", "O", "a", "c", "d", "e", "f", "g"]);
  });

  it("leaves out global augmentations and names the cell exports itself", () => {
    assert.deepEqual([...topLevelNames("declare global { var z: number }\nexport const y = 1;\nconst x = 2;")], ["x"]);
  });
});

describe("mergeDeclarations (the declarations carried to the next cell)", () => {
  it("replaces a redeclared variable, and only that name of a shared statement", () => {
    const merged = mergeDeclarations("declare const x: string;\n", "declare let x: number, y: number;\ndeclare const z: boolean;\n");
    assert.deepEqual([...declaredNames(merged)].sort(), ["x", "y", "z"]);
    assert.match(merged, /declare const x: string;/);
    assert.doesNotMatch(merged, /x: number/);
    assert.match(merged, /y: number/);
  });

  it("keeps an older type when only a value of the same name is redeclared, and the reverse", () => {
    const merged = mergeDeclarations("declare const P: number;\n", "interface P { a: 1 }\ndeclare const Q: number;\n");
    assert.match(merged, /interface P/);
    const back = mergeDeclarations("type Q = string;\n", merged);
    assert.match(back, /declare const Q: number;/);
    assert.match(back, /type Q = string;/);
  });

  it("drops one binding of an import and keeps the others", () => {
    const merged = mergeDeclarations("declare const b: number;\n", 'import { a, b } from "m";\nimport * as ns from "n";\n');
    assert.match(merged, /import \{ a \} from "m";/);
    assert.match(merged, /import \* as ns from "n";/);
  });

  it("keeps documentation comments of the declarations it keeps", () => {
    const merged = mergeDeclarations("declare const other: number;\n", "/** The learning rate. */\ndeclare const lr: number;\n");
    assert.match(merged, /\/\*\* The learning rate\. \*\/\ndeclare const lr/);
  });
});

describe("mergeDeclarations when a name is redeclared in one declaration space (as tslab decides)", () => {
  const value = { value: true, type: false };
  const type = { value: false, type: true };
  const both = { value: true, type: true };

  it("keeps an earlier class's or enum's value, typed any, when a type takes its name", () => {
    for (const older of ["declare class A {\n    v: number;\n}\n", "declare enum A {\n    P = 0\n}\n"]) {
      const merged = mergeDeclarations("type A = number;\n", older, { A: { newer: type } });
      assert.match(merged, /type A = number;/);
      assert.match(merged, /declare let A: any;/);
      assert.doesNotMatch(merged, /declare (class|enum) A/);
    }
  });

  it("forgets an earlier class when a value takes its name: a class's type cannot outlive its value", () => {
    assert.equal(mergeDeclarations("declare let C: number;\n", "declare class C {\n}\n", { C: { newer: value } }), "declare let C: number;\n");
  });

  it("keeps an imported interface when a value takes its name, and drops an imported class", () => {
    const older = 'import { X } from "m";\nimport { K } from "m";\n';
    const merged = mergeDeclarations("declare let X: number;\ndeclare let K: number;\n", older, {
      X: { newer: value, olderImport: type },
      K: { newer: value, olderImport: both },
    });
    assert.match(merged, /import \{ X \} from "m";/);
    assert.doesNotMatch(merged, /import \{ K \}/);
  });

  it("keeps an imported function when a type takes its name, and an imported class's value typed any", () => {
    const merged = mergeDeclarations("type f = string;\ntype K = number;\n", 'import { f, K } from "m";\n', {
      f: { newer: type, olderImport: value },
      K: { newer: type, olderImport: both },
    });
    assert.match(merged, /import \{ f \} from "m";/);
    assert.match(merged, /declare let K: any;/);
  });

  it("without the checker's answer, treats an import as both a value and a type", () => {
    assert.equal(mergeDeclarations("declare let X: number;\n", 'import { X } from "m";\n'), "declare let X: number;\n");
  });
});

describe("mergeInto (declarations with their names, cell after cell)", () => {
  it("keeps the names of the text it builds, through new names and redeclared ones", () => {
    let decls = NO_DECLARATIONS;
    const cells = ["declare let x: number, y: number;", "declare const z: boolean;", "interface P { a: 1 }", "declare const x: string;", "declare const P: number;", "type z = 1;"];
    for (const cell of cells) {
      decls = mergeInto(decls, cell + "\n");
      assert.deepEqual([...decls.names].sort(), [...declaredNames(decls.text)].sort(), decls.text);
    }
    assert.deepEqual([...decls.names].sort(), ["P", "x", "y", "z"]);
    assert.match(decls.text, /declare const x: string;/);
    assert.doesNotMatch(decls.text, /x: number/);
    assert.match(decls.text, /declare let y: number;/);
  });

  it("gives the text mergeDeclarations gives when a name is redeclared", () => {
    const older = mergeInto(NO_DECLARATIONS, "declare let x: number, y: number;\ndeclare const z: boolean;\n");
    assert.equal(mergeInto(older, "declare const x: string;\n").text, mergeDeclarations("declare const x: string;\n", older.text));
  });
});
