// node:crypto as the kernel's wire module uses it, for the browser build: message ids from the Web Crypto
// API. Messages cross postMessage unsigned (no socket, no key), so signing is never reached.
export function randomUUID(): string {
  return globalThis.crypto.randomUUID();
}

function unsigned(): never {
  throw new Error("the in-browser kernel signs no messages: they never leave the page");
}

export const createHmac = unsigned;
export const timingSafeEqual = unsigned;
export default { randomUUID, createHmac, timingSafeEqual };
