// Lays a graph out with Graphviz's dot (compiled to WebAssembly, from the @viz-js/viz package: nothing is
// downloaded) and reads back where each node and arrow went, in SVG coordinates (y down, points).
import type { Viz } from "@viz-js/viz";

export interface NodePlace {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgePlace {
  /** The arrow's splines, each a start point and three points per cubic Bézier segment, joined by straight lines. */
  splines: Array<Array<[number, number]>>;
  /** Where the arrowhead's tip is (the spline ends short of it). */
  tip?: [number, number];
  /** The middle of an arrow that carries values: the value goes above it, the gradient below. */
  middle?: [number, number];
}

export interface GraphLayout {
  width: number;
  height: number;
  /** By the model's node order. */
  nodes: NodePlace[];
  /** By the model's edge order. */
  edges: EdgePlace[];
}

let loading: Promise<Viz> | undefined;

/** Graphviz, instantiated once per process (about 60 ms). */
function graphviz(): Promise<Viz> {
  // The CommonJS build of @viz-js/viz, which embeds its WebAssembly.
  loading ??= (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
  return loading;
}

interface DotJson {
  bb: string;
  objects?: { _gvid: number; name: string; pos?: string; width?: string; height?: string }[];
  edges?: { tail: number; head: number; pos?: string }[];
}

const pair = (text: string): [number, number] => {
  const [x, y] = text.split(",").map(Number);
  return [x!, y!];
};

/** Reads dot's JSON output for a DOT made by graphDot: positions in points with y up, flipped to y down. */
export function readLayout(json: DotJson, nodeCount: number, edgeCount: number): GraphLayout {
  const [, , width, height] = json.bb.split(",").map(Number) as [number, number, number, number];
  const flip = ([x, y]: [number, number]): [number, number] => [x, height - y];
  const byName = new Map((json.objects ?? []).map((o) => [o.name, o]));
  const nameOf = new Map((json.objects ?? []).map((o) => [o._gvid, o.name]));
  const nodes = Array.from({ length: nodeCount }, (_, i): NodePlace => {
    const o = byName.get(`n${i}`);
    if (!o) throw new Error(`computationGraph: Graphviz did not place node ${i}`);
    const [x, y] = flip(pair(o.pos ?? "0,0"));
    return { x, y, width: Number(o.width ?? 0) * 72, height: Number(o.height ?? 0) * 72 };
  });
  const splines = (json.edges ?? []).map((e) => {
    const points: Array<[number, number]> = [];
    let tip: [number, number] | undefined;
    for (const part of (e.pos ?? "").split(" ").filter(Boolean)) {
      if (part.startsWith("e,")) tip = flip(pair(part.slice(2)));
      else if (!part.startsWith("s,")) points.push(flip(pair(part)));
    }
    return { tail: nameOf.get(e.tail)!, head: nameOf.get(e.head)!, points, tip };
  });
  const edges = Array.from({ length: edgeCount }, (_, i): EdgePlace => {
    const middle = byName.get(`m${i}`);
    if (!middle) {
      // An arrow without values is a single spline; dot lists the edges in the order the DOT gives them.
      const plain = splines.filter((s) => s.tail.startsWith("n") && s.head.startsWith("n"));
      const k = Array.from({ length: i }, (_, j) => j).filter((j) => !byName.has(`m${j}`)).length;
      return { splines: [plain[k]!.points], tip: plain[k]!.tip };
    }
    const first = splines.find((s) => s.head === `m${i}`)!;
    const second = splines.find((s) => s.tail === `m${i}`)!;
    return { splines: [first.points, second.points], tip: second.tip, middle: flip(pair(middle.pos ?? "0,0")) };
  });
  return { width, height, nodes, edges };
}

/** Lays out the DOT text; rejects with Graphviz's own message when it cannot. */
export async function layoutDot(dot: string, nodeCount: number, edgeCount: number): Promise<GraphLayout> {
  const viz = await graphviz();
  let json: DotJson;
  try {
    json = viz.renderJSON(dot) as DotJson;
  } catch (e) {
    throw new Error(`computationGraph: Graphviz could not lay out the graph: ${(e as Error).message}`);
  }
  return readLayout(json, nodeCount, edgeCount);
}
