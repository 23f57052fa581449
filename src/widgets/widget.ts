// A widget: one model of the Jupyter widgets protocol, kept in sync with its views in the frontends over a
// comm. Its state lives here; the kernel's changes go out as `update`, the frontends' come in, are checked,
// echoed (`echo_update`) and reach the observers. Without a notebook (plain Node) a widget still works,
// locally: it just has no views.
import { valueText } from "../args/describe";
import { Comm, openComm } from "../comm";
import { displaySymbol, Displayable, MediaBundle } from "../display/bundle";
import { currentFrontend, JsonObject } from "../frontend";
import { bytesOf, isBinary, modelReference, ModelRecord, openMessage, readIncoming, updateMessage, viewBundle, WIDGET_TARGET, WidgetState } from "./protocol";
import { register, unregister } from "./registry";

/** A change of one state key, as observers receive it. */
export interface Change<T = unknown> {
  /** The state key that changed (`"value"` for a control's value). */
  name: string;
  old: T;
  new: T;
  owner: Widget;
}

export type Observer<T = unknown> = (change: Change<T>) => unknown;

/**
 * Checks a value for one state key: returns what to keep (e.g. clamped to a slider's range) or throws a
 * StateError saying what it expected. `next` is the state as it will be with the whole change applied.
 */
export type Validator = (value: unknown, next: WidgetState) => unknown;

/** Thrown by validators; the widget adds who and which key. */
export class StateError extends TypeError {}

function newModelId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, "");
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isBinary(a) && isBinary(b)) {
    const x = ArrayBuffer.isView(a) ? new Uint8Array(a.buffer, a.byteOffset, a.byteLength) : new Uint8Array(a);
    const y = ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  return false;
}

function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : isBinary(v) ? "bytes" : typeof v;
}

/**
 * The default check of a key nobody declared a validator for: the frontend may change it only to a value of
 * the same JSON type (or null where null is allowed); the model's identity and references never change.
 */
function sameType(key: string, current: unknown, nullable: boolean): Validator {
  return (value) => {
    if (key.startsWith("_model_") || key.startsWith("_view_") && key !== "_view_count") throw new StateError(`${key} is fixed when the widget is created`);
    if (typeof current === "string" && current.startsWith("IPY_MODEL_")) throw new StateError(`${key} is a reference to another widget, fixed when the widget is created`);
    if (value === null && nullable) return value;
    if (typeName(value) !== typeName(current) && !(current === null && (typeof value === "string" || typeof value === "number" || typeof value === "boolean"))) {
      throw new StateError(`expected ${current === null ? "a string, number, boolean or null" : `a ${typeName(current)}${nullable ? " or null" : ""}`}; got ${valueText(value)}`);
    }
    if (typeof value === "number" && !Number.isFinite(value)) throw new StateError(`expected a finite number; got ${valueText(value)}`);
    return value;
  };
}

/** How a widget is made: its full initial state and the checks of the keys that need more than a type check. */
export interface WidgetInit {
  /** The function that made it, for error messages (`slider`). */
  fn: string;
  state: WidgetState;
  validators?: Record<string, Validator>;
  /** The defaults its text form leaves out (the model's own defaults). */
  defaults?: WidgetState;
  /** Widgets this one refers to (its layout, style): closed with it. */
  owned?: Widget[];
  /** Further changes a change implies, e.g. a value clamped into a slider's new range. */
  settle?: (next: WidgetState) => WidgetState;
}

export class Widget implements Displayable {
  /** The model id: the id of its comm, shared with its views in the frontends. */
  readonly modelId: string;
  protected readonly fn: string;
  private readonly state: WidgetState;
  private readonly validators: Record<string, Validator>;
  private readonly defaults: WidgetState;
  private readonly nullable: Set<string>;
  protected readonly owned: Widget[];
  private readonly settle: (next: WidgetState) => WidgetState;
  private readonly comm: Comm | undefined;
  private readonly observers = new Map<string, Set<Observer>>();
  private readonly customHandlers = new Set<(content: unknown, buffers: Uint8Array[]) => unknown>();
  private isClosed = false;

  constructor(init: WidgetInit) {
    this.fn = init.fn;
    this.state = { ...init.state };
    this.validators = init.validators ?? {};
    this.defaults = init.defaults ?? {};
    this.nullable = new Set(Object.entries({ ...this.defaults, ...init.state }).filter(([, v]) => v === null).map(([k]) => k));
    this.owned = init.owned ?? [];
    this.settle = init.settle ?? (() => ({}));
    if (currentFrontend()) {
      const open = openMessage(this.state);
      this.comm = openComm(WIDGET_TARGET, open.data, { metadata: open.metadata, buffers: open.buffers });
      this.modelId = this.comm.commId;
      this.comm.onMsg((msg) => this.receive(msg.data, msg.buffers));
      this.comm.onClose(() => this.forget());
    } else {
      this.modelId = newModelId();
    }
    register(this);
  }

  /** The model's name in the frontend (e.g. `FloatSliderModel`). */
  get modelName(): string {
    return String(this.state._model_name);
  }

  /** How other models refer to this one in their state. */
  get reference(): string {
    return modelReference(this.modelId);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** One key of the state, as it is on the wire (snake_case). */
  get(key: string): unknown {
    if (!Object.hasOwn(this.state, key)) throw new TypeError(`${this.fn}: ${this.modelName} has no state key "${key}"; it has ${this.publicKeys().join(", ")}`);
    return this.state[key];
  }

  /**
   * Changes state keys (wire names, e.g. `{ description: "lr", disabled: true }`): each is checked, sent to
   * the frontends in one `update`, and then the observers of what changed run.
   */
  set(changes: WidgetState): this {
    if (changes === null || typeof changes !== "object" || Array.isArray(changes)) throw new TypeError(`${this.fn}: set: expected an object of state keys; got ${valueText(changes)}`);
    for (const key of Object.keys(changes)) {
      if (!Object.hasOwn(this.state, key)) throw new TypeError(`${this.fn}: ${this.modelName} has no state key "${key}"; it has ${this.publicKeys().join(", ")}`);
    }
    const next = { ...this.state, ...changes };
    const accepted: WidgetState = {};
    for (const [key, value] of Object.entries(changes)) {
      try {
        accepted[key] = this.check(key, value, next);
      } catch (e) {
        if (e instanceof StateError) throw new TypeError(`${this.fn}: ${key}: ${e.message}`);
        throw e;
      }
    }
    Object.assign(accepted, this.settle({ ...this.state, ...accepted }));
    void this.apply(accepted, true);
    return this;
  }

  /**
   * Calls `observer` after each change of the named keys (`"value"` by default), from the kernel or from a
   * frontend, with `{ name, old, new, owner }`. What it prints or displays goes under the cell that called
   * observe. Returns a function that removes it.
   */
  observe<T = unknown>(observer: Observer<T>, names: string | string[] = "value"): () => void {
    if (typeof observer !== "function") throw new TypeError(`${this.fn}: observe: expected a function (change) => void; got ${valueText(observer)}`);
    const list = Array.isArray(names) ? names : [names];
    for (const name of list) {
      if (typeof name !== "string" || (!Object.hasOwn(this.state, name) && !this.virtualKeys().includes(name))) {
        throw new TypeError(`${this.fn}: observe: expected names among ${[...this.virtualKeys(), ...this.publicKeys()].join(", ")}; got ${valueText(name)}`);
      }
    }
    const bound = bindToCell(reportFailures(this, observer as Observer));
    for (const name of list) {
      let set = this.observers.get(name);
      if (!set) this.observers.set(name, (set = new Set()));
      set.add(bound);
    }
    return () => list.forEach((name) => this.observers.get(name)?.delete(bound));
  }

  /** Calls `handler` with each custom message from the frontend (`{ method: "custom" }`). */
  onCustomMessage(handler: (content: unknown, buffers: Uint8Array[]) => unknown): () => void {
    const bound = bindToCell(handler);
    this.customHandlers.add(bound);
    return () => this.customHandlers.delete(bound);
  }

  /** Sends a custom message to the model's frontend side. */
  send(content: JsonObject, buffers: (ArrayBufferView | ArrayBuffer)[] = []): void {
    this.comm?.send({ method: "custom", content }, { buffers: buffers.map(bytesOf) });
  }

  /** Closes the widget: its views disappear from the frontends and it stops syncing. Closing twice does nothing. */
  close(): void {
    if (this.isClosed) return;
    this.comm?.close();
    this.forget();
    for (const w of this.owned) w.close();
  }

  /** The whole state, for saved widget state and the control protocol. */
  snapshot(): ModelRecord {
    return { modelId: this.modelId, state: { ...this.state } };
  }

  [displaySymbol](): MediaBundle {
    if (this.isClosed) return { "text/plain": `${this.toString()} (closed)` };
    return viewBundle(this.modelId, this.toString());
  }

  /** Like ipywidgets' repr: the model's name and the public keys that differ from their defaults. */
  toString(): string {
    const name = this.modelName.replace(/Model$/, "");
    // As ipywidgets' repr: the value first, then the other keys in alphabetical order.
    const keys = this.publicKeys().sort((a, b) => Number(b === "value") - Number(a === "value") || a.localeCompare(b));
    const shown = keys
      .filter((k) => !sameValue(this.state[k], this.defaults[k]) && !(typeof this.state[k] === "string" && (this.state[k] as string).startsWith("IPY_MODEL_")))
      .map((k) => `${k}=${reprOf(this.state[k])}`);
    return `${name}(${shown.join(", ")})`;
  }

  /** Names an observer may ask for beyond the state keys (a button's clicks). */
  protected virtualKeys(): string[] {
    return [];
  }

  /** Runs the observers of a key that is not in the state (a button's clicks). */
  protected notify(name: string, old: unknown, value: unknown): Promise<void> {
    return this.fire([{ name, old, new: value, owner: this }]);
  }

  /** Handles a custom message; subclasses override to act on their events (a button's click). */
  protected receiveCustom(content: unknown, buffers: Uint8Array[]): Promise<void> {
    const results = [...this.customHandlers].map((h) => h(content, buffers));
    return Promise.allSettled(results).then(() => undefined);
  }

  private publicKeys(): string[] {
    return Object.keys(this.state).filter((k) => !k.startsWith("_"));
  }

  private check(key: string, value: unknown, next: WidgetState): unknown {
    const validator = this.validators[key] ?? sameType(key, this.state[key], this.nullable.has(key));
    return validator(value, next);
  }

  /** Stores accepted values; sends them unless they came from the frontend as they are; runs observers. */
  private apply(accepted: WidgetState, send: boolean): Promise<void> {
    const changes: Change[] = [];
    for (const [key, value] of Object.entries(accepted)) {
      const old = this.state[key];
      this.state[key] = value;
      if (!sameValue(old, value)) changes.push({ name: key, old, new: value, owner: this });
    }
    if (send && Object.keys(accepted).length) this.sendState("update", accepted);
    return this.fire(changes);
  }

  private fire(changes: Change[]): Promise<void> {
    const results: unknown[] = [];
    for (const change of changes) for (const observer of [...(this.observers.get(change.name) ?? [])]) results.push(observer(change));
    return Promise.allSettled(results).then(() => undefined);
  }

  private sendState(method: "update" | "echo_update", state: WidgetState): void {
    if (!this.comm || this.comm.closed) return;
    const msg = updateMessage(method, state);
    this.comm.send(msg.data, { buffers: msg.buffers });
  }

  /** A message from a frontend on this widget's comm. */
  private receive(data: JsonObject, buffers: Uint8Array[]): Promise<void> {
    const msg = readIncoming(data, buffers);
    if (msg.method === "request_state") {
      this.sendState("update", this.state);
      return Promise.resolve();
    }
    if (msg.method === "custom") return this.receiveCustom(msg.content, msg.buffers);
    if (msg.method === "unknown") {
      this.complain(`ignored a message from the frontend: ${msg.reason}`);
      return Promise.resolve();
    }
    return this.receiveUpdate(msg.state);
  }

  /**
   * As ipywidgets: echo what the frontend sent to every frontend first, then take it in. A value the checks
   * change (clamped) or refuse (wrong type) is sent back as an `update` with what the kernel keeps.
   */
  private receiveUpdate(incoming: JsonObject): Promise<void> {
    const known = Object.entries(incoming).filter(([k]) => Object.hasOwn(this.state, k));
    const unknown = Object.keys(incoming).filter((k) => !Object.hasOwn(this.state, k));
    if (known.length) this.sendState("echo_update", Object.fromEntries(known));
    const accepted: WidgetState = {};
    const corrected: WidgetState = {};
    const problems: string[] = unknown.map((k) => `${k}: ${this.modelName} has no such state key`);
    const next = { ...this.state, ...Object.fromEntries(known) };
    for (const [key, value] of known) {
      try {
        const kept = this.check(key, value, next);
        accepted[key] = kept;
        if (!sameValue(kept, value)) corrected[key] = kept;
      } catch (e) {
        if (!(e instanceof StateError)) throw e;
        problems.push(`${key}: ${e.message}`);
        corrected[key] = this.state[key];
      }
    }
    if (problems.length) this.complain(`ignored part of an update from the frontend (${problems.join("; ")}); kept ${Object.keys(corrected).map((k) => `${k}=${reprOf(this.state[k])}`).join(", ") || "the rest"}`);
    for (const [key, value] of Object.entries(this.settle({ ...this.state, ...accepted }))) {
      accepted[key] = value;
      corrected[key] = value;
    }
    const done = this.apply(accepted, false);
    if (Object.keys(corrected).length) this.sendState("update", corrected);
    return done;
  }

  /** A problem with what a frontend sent: on stderr under the message that caused it (JupyterLab's log console), as ipywidgets does. */
  private complain(text: string): void {
    console.error(`${this.fn}: ${this.toString()}: ${text}`);
  }

  private forget(): void {
    this.isClosed = true;
    unregister(this.modelId);
  }
}

function reprOf(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (isBinary(value)) return `<${(value as ArrayBufferView).byteLength ?? (value as ArrayBuffer).byteLength} bytes>`;
  if (Array.isArray(value)) return `[${value.map(reprOf).join(", ")}]`;
  return String(value);
}

/** Runs `fn` later with its output under the cell running now, when the kernel can do that. */
export function bindToCell<F extends (...args: never[]) => unknown>(fn: F): F {
  return currentFrontend()?.bindToCell?.(fn) ?? fn;
}

/** An observer whose throw or rejection is printed (under its cell) instead of lost. */
function reportFailures(widget: Widget, observer: Observer): Observer {
  const report = (e: unknown) => console.error(`observer of ${widget.toString()} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return (change) => {
    try {
      const r = observer(change);
      if (r && typeof (r as PromiseLike<unknown>).then === "function") return Promise.resolve(r).catch(report);
      return r;
    } catch (e) {
      report(e);
      return undefined;
    }
  };
}
