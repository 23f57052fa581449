// A button: it has no value on the wire; its clicks arrive as custom messages ({ event: "click" }), and
// `.value` counts them.
import { oneOf, text } from "../args/options";
import { check, checkControlOptions, Control, ControlOptions, controlParts } from "./control";
import type { WidgetState } from "./protocol";


const BUTTON_STYLES = ["primary", "success", "info", "warning", "danger", ""] as const;

export interface ButtonOptions extends ControlOptions {
  /** "primary", "success", "info", "warning", "danger" or "". */
  buttonStyle?: (typeof BUTTON_STYLES)[number];
  /** A Font Awesome icon name without `fa-`, e.g. "stop". */
  icon?: string;
}

export class Button extends Control<number> {
  private clicks = 0;

  /** How many times it was clicked. */
  get value(): number {
    return this.clicks;
  }
  set value(_: number) {
    throw new TypeError(`button: value counts the clicks and cannot be set; use click() to click it from code`);
  }

  get buttonStyle(): string {
    return this.get("button_style") as string;
  }
  set buttonStyle(style: string) {
    this.set({ button_style: style });
  }

  /** Calls `handler` on each click (under the cell that called onClick); returns a function that removes it. */
  onClick(handler: (button: Button) => unknown): () => void {
    if (typeof handler !== "function") throw new TypeError(`button: onClick: expected a function (button) => void; got ${typeof handler}`);
    return this.observe(() => handler(this));
  }

  /** Clicks it from code, as a student would. Resolves once the handlers have run. */
  click(): Promise<void> {
    this.clicks += 1;
    return this.notify("value", this.clicks - 1, this.clicks);
  }

  protected override virtualKeys(): string[] {
    return ["value"];
  }

  protected override async receiveCustom(content: unknown, buffers: Uint8Array[]): Promise<void> {
    if (content !== null && typeof content === "object" && (content as { event?: unknown }).event === "click") await this.click();
    await super.receiveCustom(content, buffers);
  }
}

/**
 * A button; `onClick(fn)` runs fn on each click, `.value` counts the clicks.
 *
 * @example const stop = button({ description: "Stop", buttonStyle: "danger" }); stop.onClick(() => model.stopTraining = true)
 */
export function button(options: ButtonOptions = {}): Button {
  checkControlOptions("button", options, { buttonStyle: oneOf(BUTTON_STYLES), icon: text });
  const own: WidgetState = {};
  if (options.buttonStyle !== undefined) own.button_style = options.buttonStyle;
  if (options.icon !== undefined) own.icon = options.icon;
  return new Button({ fn: "button", ...controlParts({ fn: "button", kind: "Button", options, state: own }), validators: { button_style: check.oneOf(BUTTON_STYLES), icon: check.string } });
}

