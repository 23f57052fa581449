// computationGraph: a graph of operations with the values that flow forward along its arrows and the
// gradients that flow back, drawn as Saito's figures are: laid out by Graphviz, drawn as SVG, shown as
// a PNG (rendered like the charts, with the fonts we ship) and a text summary.
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { svgToPng } from "../render/svgToPng";
import { graphDot } from "./dot";
import { graphSvg } from "./draw";
import { layoutDot } from "./layout";
import { ComputationGraphSpec, GraphModel, graphModel } from "./spec";

export type { ComputationGraphSpec, GraphNode, GraphEdge, NodeKind } from "./spec";

/** A drawn computation graph; its display is the picture (PNG) and a text listing of its arrows. */
export class ComputationGraph implements Displayable {
  private pngCache: Uint8Array | undefined;

  constructor(
    readonly model: GraphModel,
    /** The drawing, as SVG. */
    readonly svg: string,
  ) {}

  png(): Uint8Array {
    this.pngCache ??= svgToPng(this.svg, { scale: 2 });
    return this.pngCache;
  }

  toString(): string {
    const label = new Map(this.model.nodes.map((n) => [n.id, n.label.replace(/\n/g, " ")]));
    const arrows = this.model.edges.map((e) => {
      const values = [e.forward !== undefined ? `forward ${e.forward}` : "", e.backward !== undefined ? `backward ${e.backward}` : ""].filter(Boolean).join(", ");
      return `  ${label.get(e.from)} → ${label.get(e.to)}${values ? `: ${values}` : ""}`;
    });
    return [`Computation graph${this.model.title ? ` "${this.model.title}"` : ""}: ${this.model.nodes.length} nodes, ${this.model.edges.length} arrows`, ...arrows].join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [displaySymbol](): MediaBundle {
    // A PNG, not inline SVG: exporters (nbconvert) strip SVG from outputs, and the PNG prints.
    return { "image/png": this.png(), "text/plain": this.toString() };
  }
}

/**
 * Draws a computation graph: `nodes` are the operations (`kind: "op"`, in a circle) and layers
 * (`kind: "layer"`, in a box); any other id an edge names is a value, written as its name. Each edge
 * may carry the value flowing forward (above the arrow) and the gradient flowing back (below, red).
 * Resolves once Graphviz has laid it out; a cell shows it without `await`.
 *
 * @example
 * computationGraph({
 *   nodes: [{ id: "×", kind: "op" }],
 *   edges: [
 *     { from: "apple", to: "×", forward: 100, backward: 2 },
 *     { from: "count", to: "×", forward: 2, backward: 100 },
 *     { from: "×", to: "price", forward: 200, backward: 1 },
 *   ],
 * })
 */
export async function computationGraph(spec: ComputationGraphSpec): Promise<ComputationGraph> {
  const model = graphModel(spec);
  const layout = await layoutDot(graphDot(model), model.nodes.length, model.edges.length);
  return new ComputationGraph(model, graphSvg(model, layout));
}
