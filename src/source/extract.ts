// The whole declaration that starts on a line of TypeScript source: its doc comment, then everything up
// to the brace that closes it (or the semicolon that ends it). Pure; strings and comments are skipped
// when counting braces.

/** Lines (0-based, end exclusive) of the declaration starting on `line`, with its leading comment. */
export function declarationLines(source: string, line: number): { start: number; end: number } {
  const lines = source.split("\n");
  if (line < 0 || line >= lines.length) throw new RangeError(`declarationLines: line ${line + 1} is outside the file's ${lines.length} lines`);
  let start = line;
  while (start > 0 && /^\s*(\/\*\*|\*|\*\/|\/\/)/.test(lines[start - 1]!)) start--;
  const offset = lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0);
  const end = declarationEnd(source, offset);
  const endLine = source.slice(0, end).split("\n").length;
  return { start, end: Math.max(endLine, line + 1) };
}

/** The offset just past the declaration that starts at `from`. */
function declarationEnd(source: string, from: number): number {
  let depth = 0;
  let opened = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      i = source.indexOf("\n", i);
      if (i < 0) return source.length;
      continue;
    }
    if (c === "/" && next === "*") {
      const close = source.indexOf("*/", i + 2);
      i = close < 0 ? source.length : close + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      i = stringEnd(source, i);
      continue;
    }
    if (c === "{" || c === "(" || c === "[") {
      depth++;
      if (c === "{") opened = true;
    } else if (c === "}" || c === ")" || c === "]") {
      depth--;
      if (depth === 0 && c === "}" && opened && !/^\s*[.,)?:=]/.test(source.slice(i + 1, i + 40)) && !/^\s*\n\s*[.?]/.test(source.slice(i + 1, i + 40))) {
        return i + 1 + (source[i + 1] === ";" ? 1 : 0);
      }
    } else if (c === ";" && depth === 0) {
      return i + 1;
    }
  }
  return source.length;
}

/** The index of the quote that closes the string opened at `at` (template literals' `${}` included). */
function stringEnd(source: string, at: number): number {
  const quote = source[at]!;
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") i++;
    else if (c === quote) return i;
    else if (quote === "`" && c === "$" && source[i + 1] === "{") {
      let depth = 1;
      for (i += 2; i < source.length && depth > 0; i++) {
        if (source[i] === "{") depth++;
        else if (source[i] === "}") depth--;
        else if (source[i] === '"' || source[i] === "'" || source[i] === "`") i = stringEnd(source, i);
      }
      i--;
    } else if (c === "\n" && quote !== "`") return i;
  }
  return source.length;
}
