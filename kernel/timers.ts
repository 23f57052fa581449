// A timer that never keeps the process alive by itself. Node's timers are objects with unref(); a browser's
// (the in-browser kernel runs this code in a Web Worker) are plain numbers, which need nothing.
export function unrefTimer<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
