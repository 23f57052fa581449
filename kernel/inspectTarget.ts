// Where Shift+Tab should look: JupyterLab sends the cursor position, which is often just inside a call's
// parentheses (`display(|`), where TypeScript finds no symbol. IPython then inspects the called function.

const OPENERS: Record<string, string> = { ")": "(", "]": "[", "}": "{" };

/** Offsets in `code` that are outside strings, template literals and comments. */
function codeMask(code: string): boolean[] {
  const mask = new Array<boolean>(code.length).fill(true);
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    const start = i;
    if (c === "/" && code[i + 1] === "/") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (c === "/" && code[i + 1] === "*") {
      const end = code.indexOf("*/", i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (c === '"' || c === "'" || c === "`") {
      i++;
      while (i < code.length && code[i] !== c) i += code[i] === "\\" ? 2 : 1;
      i++;
    } else {
      i++;
      continue;
    }
    for (let j = start; j < Math.min(i, code.length); j++) mask[j] = false;
  }
  return mask;
}

/**
 * The offset to inspect for a cursor at `cursor`: the end of the callee's name when the cursor is inside the
 * parentheses of a call (`tf.tensor(|[1, 2]` → after `tf.tensor`), else the cursor itself.
 */
export function inspectTarget(code: string, cursor: number): number {
  const mask = codeMask(code);
  const closers: string[] = [];
  for (let i = Math.min(cursor, code.length) - 1; i >= 0; i--) {
    if (!mask[i]) continue;
    const c = code[i]!;
    if (c in OPENERS) closers.push(OPENERS[c]!);
    else if (c === "(" || c === "[" || c === "{") {
      if (closers.length > 0) {
        closers.pop();
        continue;
      }
      if (c !== "(") return cursor;
      let end = i;
      while (end > 0 && /\s/.test(code[end - 1]!)) end--;
      return end > 0 && /[\w$]/.test(code[end - 1]!) ? end : cursor;
    }
  }
  return cursor;
}
