// node:vm as the kernel uses it, for the browser build: cells run as global code of the worker.
export interface RunningScriptOptions {
  filename?: string;
}

export function runInThisContext(code: string, options: RunningScriptOptions = {}): unknown {
  // Indirect eval runs in the global scope, as vm.runInThisContext does; the source URL names the cell in stacks.
  const named = options.filename ? `${code}\n//# sourceURL=${options.filename.replace(/\s/g, "")}` : code;
  return (0, eval)(named);
}

export const constants = { USE_MAIN_CONTEXT_DEFAULT_LOADER: undefined };
export default { runInThisContext, constants };
