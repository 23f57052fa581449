// What a computation graph is made of, and the checks that turn a student's spec into one.
import { valueText } from "../args/describe";

/** How a node is drawn: a value as its name, an operation in a circle, a layer in a box. */
export type NodeKind = "value" | "op" | "layer";

export interface GraphNode {
  id: string;
  /** What the node shows; its id by default. */
  label?: string;
  /** `op` (default for listed nodes), `layer` or `value` (default for ids only the edges name). */
  kind?: NodeKind;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The value that flows forward, written above the arrow. */
  forward?: string | number;
  /** The gradient that flows back, written below it, in red. */
  backward?: string | number;
}

export interface ComputationGraphSpec {
  /** The operations and layers; any other id an edge names is a value, drawn as its name. */
  nodes?: GraphNode[];
  edges: GraphEdge[];
  title?: string;
}

/** A node and an edge as they are drawn. */
export interface DrawnNode {
  id: string;
  label: string;
  kind: NodeKind;
}
export interface DrawnEdge {
  from: string;
  to: string;
  forward?: string;
  backward?: string;
}
export interface GraphModel {
  nodes: DrawnNode[];
  edges: DrawnEdge[];
  title?: string;
}

const KINDS: readonly NodeKind[] = ["value", "op", "layer"];

/** Numbers as the book prints them: 2.2, 110, 650 (at most 6 significant digits). */
export function edgeText(v: string | number | undefined): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === "string") return v;
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

/** The spec checked and completed: every node listed once, every label and kind chosen. */
export function graphModel(spec: ComputationGraphSpec): GraphModel {
  const fn = "computationGraph";
  if (spec === null || typeof spec !== "object") throw new TypeError(`${fn}: expected a spec { nodes?, edges, title? }; got ${valueText(spec)}`);
  if (!Array.isArray(spec.edges) || spec.edges.length === 0) throw new TypeError(`${fn}: expected edges to be a non-empty array of { from, to, forward?, backward? }; got ${valueText(spec.edges)}`);
  if (spec.nodes !== undefined && !Array.isArray(spec.nodes)) throw new TypeError(`${fn}: expected nodes to be an array of { id, label?, kind? }; got ${valueText(spec.nodes)}`);
  if (spec.title !== undefined && typeof spec.title !== "string") throw new TypeError(`${fn}: expected title to be a string; got ${valueText(spec.title)}`);
  const nodes = new Map<string, DrawnNode>();
  (spec.nodes ?? []).forEach((n, i) => {
    if (n === null || typeof n !== "object" || typeof n.id !== "string" || n.id === "") throw new TypeError(`${fn}: expected nodes[${i}] to be { id, label?, kind? } with a non-empty string id; got ${valueText(n)}`);
    if (nodes.has(n.id)) throw new Error(`${fn}: nodes[${i}] repeats the id ${JSON.stringify(n.id)}; each node needs its own`);
    if (n.kind !== undefined && !KINDS.includes(n.kind)) throw new TypeError(`${fn}: expected nodes[${i}].kind to be one of ${KINDS.map((k) => `"${k}"`).join(", ")}; got ${valueText(n.kind)}`);
    if (n.label !== undefined && typeof n.label !== "string") throw new TypeError(`${fn}: expected nodes[${i}].label to be a string; got ${valueText(n.label)}`);
    nodes.set(n.id, { id: n.id, label: n.label ?? n.id, kind: n.kind ?? "op" });
  });
  const edges = spec.edges.map((e, i): DrawnEdge => {
    if (e === null || typeof e !== "object" || typeof e.from !== "string" || typeof e.to !== "string" || !e.from || !e.to) {
      throw new TypeError(`${fn}: expected edges[${i}] to be { from, to, forward?, backward? } with node ids as strings; got ${valueText(e)}`);
    }
    for (const key of ["forward", "backward"] as const) {
      const v = e[key];
      if (v !== undefined && typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) throw new TypeError(`${fn}: expected edges[${i}].${key} to be a string or a finite number; got ${valueText(v)}`);
    }
    for (const id of [e.from, e.to]) if (!nodes.has(id)) nodes.set(id, { id, label: id, kind: "value" });
    return { from: e.from, to: e.to, forward: edgeText(e.forward), backward: edgeText(e.backward) };
  });
  return { nodes: [...nodes.values()], edges, title: spec.title };
}
