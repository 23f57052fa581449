// Entry file of the wasm backend's pthread workers in Node. tfjs-backend-wasm ships its
// worker only as a source string meant for a blob URL, which Node's Worker cannot load;
// this file runs that same source, so Node can start it by path.
const { wasmWorkerContents } = require("@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js") as {
  wasmWorkerContents: string;
};

// The string holds "\n" escapes that a template literal turned into real newlines
// inside string literals; the browser path re-escapes them the same way.
// It expects `require` and `__filename` of a CommonJS module in scope.
new Function("require", "__filename", wasmWorkerContents.replace(/\n/g, "\\n"))(require, __filename);
