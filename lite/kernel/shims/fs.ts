// node:fs for the browser build: the worker has no file system, so every file is absent. Only the kernel's
// source cache reaches it (to check whether a file changed); the library reads files through src/platform.
function absent(file: unknown): never {
  throw Object.assign(new Error(`ENOENT: no such file '${String(file)}' (the in-browser kernel has no file system)`), { code: "ENOENT" });
}

export const statSync = absent;
export const readFileSync = absent;
export const existsSync = (): boolean => false;
export default { statSync, readFileSync, existsSync };
