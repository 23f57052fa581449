// The kernel's input history, answering history_request as ipykernel does (tail, range, search).

export interface HistoryEntry {
  session: number;
  line: number;
  input: string;
  output?: string;
}

export interface HistoryRequest {
  hist_access_type?: "tail" | "range" | "search";
  output?: boolean;
  raw?: boolean;
  session?: number;
  start?: number;
  stop?: number;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

type Row = [number, number, string] | [number, number, [string, string | null]];

function globToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "s");
}

export class History {
  private readonly entries: HistoryEntry[] = [];
  constructor(readonly session = 1) {}

  add(line: number, input: string): void {
    this.entries.push({ session: this.session, line, input });
  }

  setOutput(line: number, output: string): void {
    const e = this.entries.find((x) => x.line === line);
    if (e) e.output = output;
  }

  query(req: HistoryRequest): Row[] {
    let found: HistoryEntry[];
    switch (req.hist_access_type ?? "tail") {
      case "range": {
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.MAX_SAFE_INTEGER;
        found = this.entries.filter((e) => (req.session === undefined || req.session === 0 || e.session === req.session || req.session < 0) && e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        found = this.entries.filter((e) => re.test(e.input));
        if (req.unique) {
          const seen = new Set<string>();
          found = found.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
        }
        if (req.n) found = found.slice(-req.n);
        break;
      }
      default:
        found = req.n ? this.entries.slice(-req.n) : this.entries.slice();
    }
    return found.map((e): Row => (req.output ? [e.session, e.line, [e.input, e.output ?? null]] : [e.session, e.line, e.input]));
  }
}
