// Reads a source map (version 3) far enough to say where a point of the compiled file came from: the
// mappings' base64 VLQ decoded line by line. Pure; the same in Node and in the browser (node:module's
// SourceMap exists only in Node).

export interface SourceMapJson {
  sources: string[];
  sourcesContent?: (string | null)[];
  mappings: string;
  sourceRoot?: string;
}

export interface MapEntry {
  /** Index into `sources`. */
  source: number;
  /** 0-based line in the original file. */
  line: number;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/** The numbers of one segment ("AAAA,CAAC" holds two). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = DIGIT.get(c);
    if (digit === undefined) throw new Error(`source map: '${c}' is not a base64 digit`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Where (0-based line, column) of the compiled file came from: the last mapping at or before it on its line. */
export function findEntry(map: SourceMapJson, line: number, column: number): MapEntry | undefined {
  let source = 0;
  let originalLine = 0;
  let found: MapEntry | undefined;
  const lines = map.mappings.split(";");
  for (let l = 0; l <= line && l < lines.length; l++) {
    let generatedColumn = 0;
    for (const segment of lines[l]!.split(",")) {
      if (!segment) continue;
      const [col = 0, src, origLine] = decodeSegment(segment);
      generatedColumn += col;
      // Source and line are relative to the previous segment's, across lines.
      if (src === undefined || origLine === undefined) continue;
      source += src;
      originalLine += origLine;
      if (l === line && generatedColumn <= column) found = { source, line: originalLine };
    }
  }
  return found;
}
