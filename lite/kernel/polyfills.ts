// What the Node kernel's code expects of its globals, in a worker, installed before anything else loads:
// setImmediate (the runner yields with it between compiling and running a cell; a MessageChannel hop is not
// clamped to 4 ms as nested timers are), and timers that run in the context they were set in, as Node's
// AsyncLocalStorage has them (output a cell's timer prints lands under that cell: see shims/asyncHooks.ts).
import { bindToCurrentContext } from "./shims/asyncHooks";

type Callback = (...args: unknown[]) => unknown;
type TimerFunction = (handler: unknown, ...rest: unknown[]) => unknown;

const holder = globalThis as unknown as {
  setTimeout: TimerFunction;
  setInterval: TimerFunction;
  setImmediate?: (fn: Callback, ...args: unknown[]) => void;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } };
};

for (const name of ["setTimeout", "setInterval"] as const) {
  const original = holder[name].bind(globalThis);
  holder[name] = (handler, ...rest) => original(typeof handler === "function" ? bindToCurrentContext(handler as Callback) : handler, ...rest);
}

if (!holder.setImmediate) {
  const channel = new holder.MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  holder.setImmediate = (fn, ...args) => {
    const bound = bindToCurrentContext(fn);
    waiting.push(() => void bound(...args));
    channel.port2.postMessage(0);
  };
}
