// What the Node kernel's code expects of its globals, in a worker: setImmediate (the runner yields with it
// between compiling and running a cell). A MessageChannel hop is not clamped to 4 ms as nested timers are.
const holder = globalThis as unknown as { setImmediate?: (fn: () => void) => void; MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(m: unknown): void } } };

if (!holder.setImmediate) {
  const channel = new holder.MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  holder.setImmediate = (fn) => {
    waiting.push(fn);
    channel.port2.postMessage(0);
  };
}
