// TypeScript source as HTML with its tokens coloured (GitHub's light palette): keywords, strings,
// comments, numbers, type names and called functions. A small tokenizer, enough for reading. Pure.
import { escapeHtml } from "../display/html";

const KEYWORDS = new Set(
  "abstract as async await break case catch class const continue declare default delete do else enum export extends false finally for from function get if implements import in instanceof interface keyof let new null of private protected public readonly return set static super switch this throw true try type typeof undefined unique var void while yield".split(" "),
);

const TOKEN = /(\/\/[^\n]*|\/\*[\s\S]*?\*\/)|("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\[\s\S]|[^`\\])*`)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?\b)|([A-Za-z_$][\w$]*)/g;

export const COLORS = { keyword: "#cf222e", string: "#0a3069", comment: "#6e7781", number: "#0550ae", type: "#953800", call: "#8250df" } as const;

const span = (kind: keyof typeof COLORS, text: string) => `<span class="tsdl-src-${kind}" style="color:${COLORS[kind]}${kind === "comment" ? ";font-style:italic" : ""}">${escapeHtml(text)}</span>`;

export function highlightTypeScript(source: string): string {
  let html = "";
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    html += escapeHtml(source.slice(last, m.index));
    const [text, comment, string, number, word] = m;
    if (comment) html += span("comment", text);
    else if (string) html += span("string", text);
    else if (number) html += span("number", text);
    else if (word && KEYWORDS.has(word)) html += span("keyword", text);
    else if (word && /^[A-Z]/.test(word)) html += span("type", text);
    else if (word && /^\s*\(/.test(source.slice(m.index! + text.length, m.index! + text.length + 3))) html += span("call", text);
    else html += escapeHtml(text);
    last = m.index! + text.length;
  }
  return html + escapeHtml(source.slice(last));
}
