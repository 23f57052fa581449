// Layout: controls side by side (hbox) or stacked (vbox). A box's children are references to their models.
import { valueText } from "../args/describe";
import { checkOptions } from "../args/options";
import { CONTROL_RULES, controlParts, LayoutOptions } from "./control";
import { MODEL_REFERENCE_PREFIX } from "./protocol";
import { StateError, Widget } from "./widget";

export interface BoxOptions {
  layout?: LayoutOptions;
  tooltip?: string;
  /** "success", "info", "warning", "danger" or "" (default): a coloured border. */
  boxStyle?: "success" | "info" | "warning" | "danger" | "";
}

const BOX_STYLES = ["success", "info", "warning", "danger", ""] as const;

export class Box extends Widget {
  private kids: Widget[] = [];

  /** @internal */
  setKids(kids: Widget[]): void {
    this.kids = kids;
  }

  /** As ipywidgets' repr: the box with its children, which is what an exported page shows without scripts. */
  override toString(): string {
    return `${this.modelName.replace(/Model$/, "")}(children=(${this.kids.map((k) => k.toString()).join(", ")}))`;
  }

  get children(): Widget[] {
    return [...this.kids];
  }
  set children(children: Widget[]) {
    const kids = readChildren(this.fn, children);
    this.kids = kids;
    this.set({ children: kids.map((k) => k.reference) });
  }
}

function readChildren(fn: string, children: unknown): Widget[] {
  if (!Array.isArray(children)) throw new TypeError(`${fn}: expected children to be an array of widgets; got ${valueText(children)}`);
  children.forEach((c, i) => {
    if (!(c instanceof Widget)) throw new TypeError(`${fn}: children[${i}]: expected a widget (slider(), button(), …); got ${valueText(c)}`);
    if (c.closed) throw new TypeError(`${fn}: children[${i}]: the widget ${c.toString()} is closed`);
  });
  return [...(children as Widget[])];
}

function makeBox(fn: string, kind: "HBox" | "VBox", children: Widget[], options: BoxOptions): Box {
  const kids = readChildren(fn, children);
  checkOptions(fn, options, { layout: CONTROL_RULES.layout, tooltip: CONTROL_RULES.tooltip, boxStyle: { expected: BOX_STYLES.map((s) => JSON.stringify(s)).join(", "), test: (v) => BOX_STYLES.includes(v as never) } });
  const own: Record<string, unknown> = { children: kids.map((k) => k.reference) };
  if (options.boxStyle !== undefined) own.box_style = options.boxStyle;
  const box = new Box({
    fn,
    ...controlParts({ fn, kind, options: { layout: options.layout, tooltip: options.tooltip }, state: own }),
    validators: {
      children: (v) => {
        if (!Array.isArray(v) || !v.every((c) => typeof c === "string" && c.startsWith(MODEL_REFERENCE_PREFIX))) throw new StateError(`expected an array of widget references; got ${valueText(v)}`);
        return v;
      },
    },
  });
  box.setKids(kids);
  return box;
}

/** Widgets side by side. @example hbox([slider({ description: "a" }), slider({ description: "b" })]) */
export function hbox(children: Widget[], options: BoxOptions = {}): Box {
  return makeBox("hbox", "HBox", children, options);
}

/** Widgets stacked, top to bottom. */
export function vbox(children: Widget[], options: BoxOptions = {}): Box {
  return makeBox("vbox", "VBox", children, options);
}
