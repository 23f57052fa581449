// The judge of the bad-input harness: is an error message one a student can act on?

/** Parameter names from the compiled source, e.g. ["tensor", "options"]. */
export function parameterNames(f: Function): string[] {
  const m = /^[^(]*\(([^)]*)\)/.exec(Function.prototype.toString.call(f));
  return (m?.[1] ?? "")
    .split(",")
    .map((p) => p.trim().replace(/[=\s].*$/, "").replace(/^\.\.\./, ""))
    .filter((p) => /^[A-Za-z_$][\w$]*$/.test(p));
}

const SAYS_WHAT_WAS_EXPECTED = /\b(expect(ed|s)?|must|needs?|requires?|should|only|cannot|can't|not (a|an|one of|supported|found)|no such|does not exist|invalid|unsupported|too (large|big|many|few)|empty|(has been|was|is) disposed|pass|starts with)\b/i;
/** What the JavaScript engine says when a helper trips over a bad value instead of checking it. */
const ENGINE_MESSAGE = /is not a function|is not iterable|is not a constructor|Cannot read propert|Cannot set propert|Cannot convert|Cannot destructure|Invalid array length|Maximum call stack|is not defined/;

/**
 * An error a student can act on: it names the function or an argument, and what was expected.
 * `aliases` are other public names the message may lead with, e.g. formatValue's errors say "display:".
 */
export function isClearError(fn: string, params: string[], message: string, aliases: string[] = []): boolean {
  const named =
    aliases.some((a) => message.startsWith(`${a}: `)) ||
    [fn, ...params.filter((p) => p.length > 1 && !/^(args?|_\w*|\w)$/.test(p))].some((n) => new RegExp(`\\b${n.replace(/\$/g, "\\$")}\\b`).test(message));
  return named && SAYS_WHAT_WAS_EXPECTED.test(message) && !ENGINE_MESSAGE.test(message);
}
