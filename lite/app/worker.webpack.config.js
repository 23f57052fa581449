// Webpack config of the tsdl-lite kernel's worker: the Node kernel's cell runner and the whole library
// (from the project's compiled dist/, so every export of src/index.ts is in), for a Web Worker. Node-only
// modules are swapped for their browser counterparts in lite/kernel; TypeScript stays out of the bundle
// (the worker loads tslab's compiler as a script next to it).
const path = require("path");
const TerserPlugin = require("terser-webpack-plugin");
const webpack = require("webpack");

const root = path.resolve(__dirname, "..", "..");
const dist = path.join(root, "dist");
const lite = path.join(dist, "lite", "kernel");
const here = path.join(__dirname, "node_modules");

/** Modules of the library and the kernel that only Node runs → their browser versions (the same exports). */
const REPLACED = {
  [path.join(dist, "src", "platform", "node.js")]: path.join(lite, "platform.js"),
  [path.join(dist, "src", "backend", "select.js")]: path.join(lite, "backend.js"),
  [path.join(dist, "kernel", "modules.js")]: path.join(lite, "modules.js"),
};

const keepSource = (file) => file.startsWith(dist + path.sep) || /tfjs-backend-wasm[\\/]wasm-out[\\/]/.test(file);

/** Node's built-in modules the code reaches, after `node:` is dropped. */
const BUILTINS = {
  fs: path.join(lite, "shims", "fs.js"),
  vm: path.join(lite, "shims", "vm.js"),
  zlib: path.join(lite, "shims", "zlib.js"),
  async_hooks: path.join(lite, "shims", "asyncHooks.js"),
  crypto: path.join(lite, "shims", "crypto.js"),
  url: path.join(lite, "shims", "url.js"),
  path: require.resolve("path-browserify"),
  util: require.resolve("util/"),
  buffer: require.resolve("buffer/"),
  child_process: false,
  module: false,
  os: false,
  v8: false,
  worker_threads: false,
  perf_hooks: false,
};

module.exports = (outputDir) => ({
  target: "webworker",
  mode: "production",
  bail: true,
  devtool: false,
  performance: { hints: false },
  optimization: {
    // Two kinds of code stay unminified, in a chunk of their own, because their source text is used: the
    // library's (the chapters print its functions, `scratch.naiveRelu.toString()`, which must read as in the
    // Node kernel), and tfjs's threaded wasm glue (its factory's text starts each wasm thread).
    splitChunks: { cacheGroups: { library: { test: (m) => keepSource(m.resource ?? ""), name: "library", chunks: "all", enforce: true } } },
    minimizer: [new TerserPlugin({ exclude: /^library\.js$/ })],
  },
  entry: path.join(lite, "worker.js"),
  output: { path: outputDir, filename: (chunk) => (chunk.chunk.name === "main" ? "worker.js" : "[name].js"), publicPath: "auto" },
  externals: { "@tslab/typescript-for-tslab": "ts" },
  externalsType: "var",
  resolve: {
    modules: ["node_modules", path.join(root, "node_modules"), here],
    alias: {
      ...BUILTINS,
      // One tfjs: the backends this app adds (webgpu) would otherwise bring a second core and cpu backend.
      "@tensorflow/tfjs-core": path.join(root, "node_modules", "@tensorflow", "tfjs-core"),
      "@tensorflow/tfjs-backend-cpu": path.join(root, "node_modules", "@tensorflow", "tfjs-backend-cpu"),
    },
  },
  node: { __dirname: "mock", __filename: "mock", global: true },
  module: { parser: { javascript: { commonjsMagicComments: true } }, rules: [{ test: /\.wasm$/, type: "asset/resource" }] },
  plugins: [
    new webpack.NormalModuleReplacementPlugin(/^node:/, (resource) => {
      resource.request = resource.request.slice("node:".length);
    }),
    new webpack.NormalModuleReplacementPlugin(/\.js$/, (resource) => {
      const to = resource.createData && REPLACED[resource.createData.resource];
      if (to) Object.assign(resource.createData, { resource: to, request: to, userRequest: to, context: path.dirname(to) });
    }),
    new webpack.ProvidePlugin({ process: require.resolve("process/browser"), Buffer: [require.resolve("buffer/"), "Buffer"] }),
  ],
});
