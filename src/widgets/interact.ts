// interact(fn, controls): the controls, and under them the value of fn(current values), redrawn in place
// (a display update) whenever a control changes. A slow fn never falls behind: changes made while it runs
// collapse into one run with the newest values.
import { valueText } from "../args/describe";
import { displaySymbol, Displayable, liveDisplaySymbol, MediaBundle } from "../display/bundle";
import { escapeHtml } from "../display/html";
import { display, DisplayHandle } from "../display/display";
import { Box, vbox } from "./box";
import { checkbox } from "./checkbox";
import { Control } from "./control";
import { LatestOnly } from "./latestOnly";
import { dropdown } from "./selection";
import { slider } from "./slider";
import { text } from "./text";
import { bindToCell } from "./widget";

/** What `interact` accepts for each argument: a control, or a shorthand that makes one (as ipywidgets does). */
export type ControlSpec = Control<any> | boolean | string | readonly string[] | readonly [number, number] | readonly [number, number, number];

/** The value a control spec gives fn. */
export type ValueOf<C> = C extends Control<infer V> ? V : C extends boolean ? boolean : C extends readonly number[] ? number : C extends readonly (infer S)[] ? S : C extends string ? string : never;

export type InteractValues<C extends Record<string, ControlSpec>> = { [K in keyof C]: ValueOf<C[K]> };

/** The control a spec becomes. */
export type ControlOf<C> = C extends Control<any> ? C : Control<ValueOf<C>>;

const SPEC_EXPECTED = "a control (slider(), dropdown(), checkbox(), …), true/false (a checkbox), a string (a text field), an array of labels (a dropdown), or [min, max] / [min, max, step] (a slider)";

function isNumberRange(spec: unknown): spec is readonly number[] {
  return Array.isArray(spec) && (spec.length === 2 || spec.length === 3) && spec.every((v) => typeof v === "number" && Number.isFinite(v));
}

/** Turns a shorthand into its control, described by its name as in ipywidgets. */
function controlFor(name: string, spec: unknown): Control<unknown> {
  if (spec instanceof Control) {
    if (spec.closed) throw new TypeError(`interact: controls.${name}: the control ${spec.toString()} is closed`);
    if (spec.description === "" && spec.modelName !== "ButtonModel") spec.description = name;
    return spec;
  }
  if (typeof spec === "boolean") return checkbox({ value: spec, description: name });
  if (typeof spec === "string") return text({ value: spec, description: name });
  if (isNumberRange(spec)) {
    const [min, max, step] = spec as [number, number, number?];
    if (min > max) throw new TypeError(`interact: controls.${name}: expected [min, max] with min ≤ max; got [${spec.join(", ")}]`);
    const int = spec.every(Number.isInteger);
    const value = int ? Math.round((min + max) / 2) : (min + max) / 2;
    return slider({ min, max, value, ...(step === undefined ? {} : { step }), int, description: name });
  }
  if (Array.isArray(spec) && spec.length > 0 && spec.every((s) => typeof s === "string")) return dropdown({ options: spec as string[], description: name }) as Control<unknown>;
  throw new TypeError(`interact: controls.${name}: expected ${SPEC_EXPECTED}; got ${valueText(spec)}`);
}

/**
 * Gives the controls' descriptions one width, that of the longest, so that none is cut short ("η (learnin…")
 * and the controls line up; a width the caller chose is kept.
 */
function alignDescriptions(controls: Control<unknown>[]): void {
  const longest = Math.max(0, ...controls.map((c) => (c.modelName === "ButtonModel" ? 0 : [...c.description].length)));
  if (longest <= 8) return;
  for (const control of controls) {
    const style = control.styleModel;
    if (style && control.modelName !== "ButtonModel" && style.get("description_width") === "") style.set({ description_width: `${Math.min(longest, 40) + 1}ch` });
  }
}

/** What a failed call shows in place of the result: the error, and the values it was called with. */
export function interactErrorBundle(values: Record<string, unknown>, error: unknown): MediaBundle {
  const args = Object.entries(values).map(([k, v]) => `${k}: ${valueText(v)}`).join(", ");
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const plain = `interact: fn({ ${args} }) threw ${detail}`;
  return {
    "text/plain": plain,
    "text/html": `<pre style="color: var(--jp-error-color1, #b00); white-space: pre-wrap; margin: 0">${escapeHtml(plain)}</pre>`,
  };
}

/** The output of a call that returned nothing: an empty line, kept so that later results replace it. */
const EMPTY: MediaBundle = { "text/plain": "" };

/** How long the controls rest before a result shown in its cheaper live form is shown in full (a chart's PNG). */
export const SETTLE_MS = 400;

type LiveDisplayable = { [liveDisplaySymbol](): MediaBundle };

function liveBundle(value: unknown): MediaBundle | undefined {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return undefined;
  const live = (value as Partial<LiveDisplayable>)[liveDisplaySymbol];
  return typeof live === "function" ? live.call(value) : undefined;
}

/** A live interact: its controls, the last result, and ways to run it again or close it. */
export class Interactive<C extends Record<string, ControlSpec>> implements Displayable {
  /** The controls, by argument name (shorthands become the controls they made). */
  readonly controls: { [K in keyof C]: ControlOf<C[K]> };
  /** The box that shows the controls. */
  readonly box: Box;
  private handle: DisplayHandle | undefined;
  private readonly scheduler: LatestOnly;
  private lastResult: unknown;
  private count = 0;
  private failure: unknown;
  private closeObservers: (() => void)[] = [];
  private pendingAsync = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal Use interact(). */
  constructor(
    private readonly fn: (values: InteractValues<C>) => unknown,
    controls: C,
  ) {
    this.controls = Object.fromEntries(Object.entries(controls).map(([name, spec]) => [name, controlFor(name, spec)])) as never;
    alignDescriptions(Object.values(this.controls) as Control<unknown>[]);
    this.box = vbox(Object.values(this.controls) as Control<unknown>[]);
    this.scheduler = new LatestOnly(bindToCell(() => this.run()));
  }

  /** @internal Shows the controls and starts the first run; resolves once its result is shown. */
  start(): { first: Promise<void>; async: boolean } {
    display(this.box);
    const first = this.scheduler.request();
    // The first run has started synchronously: an async fn is still running.
    const async = this.pendingAsync;
    for (const control of Object.values(this.controls) as Control<unknown>[]) this.closeObservers.push(control.observe(() => this.scheduler.request()));
    return { first, async };
  }

  /** The controls' current values, as fn receives them. */
  get values(): InteractValues<C> {
    return Object.fromEntries(Object.entries(this.controls).map(([k, c]) => [k, (c as Control<unknown>).value])) as InteractValues<C>;
  }

  /** What the last call returned (undefined while the first async call runs, or when it threw). */
  get result(): unknown {
    return this.lastResult;
  }

  /** What the last call threw, or undefined when it worked. */
  get error(): unknown {
    return this.failure;
  }

  /** How many calls have finished. */
  get runs(): number {
    return this.count;
  }

  /** Runs fn again with the current values; resolves once its result is shown. */
  update(): Promise<void> {
    return this.scheduler.request();
  }

  /** Closes the controls (their views disappear) and stops running fn. */
  close(): void {
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    for (const off of this.closeObservers) off();
    this.box.close();
    for (const control of Object.values(this.controls) as Control<unknown>[]) control.close();
  }

  /** Already shown by interact(): a cell ending in it shows nothing more. */
  [displaySymbol](): MediaBundle {
    return {};
  }

  private run(): unknown {
    const values = this.values;
    let out: unknown;
    try {
      out = this.fn(values);
    } catch (e) {
      this.finish(values, undefined, e);
      return undefined;
    }
    if (out !== null && typeof out === "object" && typeof (out as PromiseLike<unknown>).then === "function") {
      this.pendingAsync = true;
      return Promise.resolve(out).then(
        (v) => this.finish(values, v, undefined),
        (e) => this.finish(values, undefined, e ?? new Error("the promise was rejected without a reason")),
      );
    }
    this.finish(values, out, undefined);
    return undefined;
  }

  private finish(values: Record<string, unknown>, result: unknown, error: unknown): void {
    this.count += 1;
    this.failure = error;
    this.lastResult = error === undefined ? result : undefined;
    const shown: unknown = error !== undefined ? interactErrorBundle(values, error) : result === undefined ? EMPTY : result;
    const raw = error !== undefined || result === undefined;
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    this.settleTimer = undefined;
    try {
      this.show(shown, raw, values);
    } catch (e) {
      // The result could not be displayed (its display method threw): show why instead.
      this.failure = e;
      this.show(interactErrorBundle(values, e), true, values);
    }
  }

  /**
   * The first result is shown in full (what a saved notebook keeps). Later ones are shown in their cheaper
   * live form when they have one (a chart without its PNG), and in full once the controls rest.
   */
  private show(value: unknown, raw: boolean, values: Record<string, unknown>): void {
    if (!this.handle) {
      this.handle = display(value, { raw });
      return;
    }
    const live = raw ? undefined : liveBundle(value);
    if (!live) {
      this.handle.update(value, { raw });
      return;
    }
    this.handle.update(live, { raw: true });
    const handle = this.handle;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      if (this.scheduler.busy) return;
      try {
        handle.update(value);
      } catch (e) {
        this.failure = e;
        handle.update(interactErrorBundle(values, e), { raw: true });
      }
    }, SETTLE_MS);
  }
}

/**
 * Shows `controls` and, under them, the value of `fn(values)`, redrawn in place whenever a control changes.
 * Each control is a widget (`slider(…)`, `dropdown(…)`, …) or a shorthand: true/false, a string, an array of
 * labels, [min, max] or [min, max, step]. `fn` may be async and may return anything displayable (a chart, a
 * tensor, a string). Changes made while it runs collapse into one run with the newest values. If it throws,
 * the error shows in its place and the controls keep working. With an async fn, interact resolves once the
 * first result is shown.
 *
 * @example interact(({ lr, momentum }) => contourPlot(f, { x: [-2, 2], y: [-2, 2], path: descend(lr, momentum) }),
 *   { lr: slider({ min: 0.01, max: 1, step: 0.01, value: 0.1 }), momentum: slider({ min: 0, max: 0.99, step: 0.01 }) })
 */
export function interact<C extends Record<string, ControlSpec>>(fn: (values: InteractValues<C>) => PromiseLike<unknown>, controls: C): Promise<Interactive<C>>;
export function interact<C extends Record<string, ControlSpec>>(fn: (values: InteractValues<C>) => unknown, controls: C): Interactive<C>;
export function interact<C extends Record<string, ControlSpec>>(fn: (values: InteractValues<C>) => unknown, controls: C): Interactive<C> | Promise<Interactive<C>> {
  if (typeof fn !== "function") throw new TypeError(`interact: expected fn to be a function of the controls' values; got ${valueText(fn)}`);
  if (controls === null || typeof controls !== "object" || Array.isArray(controls) || controls instanceof Control) {
    throw new TypeError(`interact: expected controls to be an object of name → control, e.g. { lr: slider({ min: 0, max: 1 }) }; got ${valueText(controls)}`);
  }
  for (const [name, spec] of Object.entries(controls)) {
    const ok = spec instanceof Control || typeof spec === "boolean" || typeof spec === "string" || isNumberRange(spec) || (Array.isArray(spec) && spec.length > 0 && spec.every((s) => typeof s === "string"));
    if (!ok) throw new TypeError(`interact: controls.${name}: expected ${SPEC_EXPECTED}; got ${valueText(spec)}`);
  }
  const interactive = new Interactive(fn, controls);
  const { first, async } = interactive.start();
  return async ? first.then(() => interactive) : interactive;
}
