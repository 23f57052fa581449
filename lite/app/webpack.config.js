// Webpack config of the course's JupyterLite: one production bundle plus the schemas, themes and style imports
// that @jupyterlab/builder gathers from the extensions index.js loads (as the e2e JupyterLab is built).
const path = require("path");
const webpack = require("webpack");
const { Build } = require("@jupyterlab/builder");
const svgToDataUri = require("mini-svg-data-uri");
const { EXTENSIONS } = require("./extensions.js");

const output = path.join(__dirname, "build");

const assetConfigs = Build.ensureAssets({ packageNames: EXTENSIONS, output });

module.exports = [
  {
    entry: path.join(__dirname, "index.js"),
    output: { path: output, filename: "bundle.js", chunkFilename: "[name].[contenthash].js" },
    mode: "production",
    bail: true,
    devtool: false,
    performance: { hints: false },
    module: {
      rules: [
        // Some ES-module packages (@jupyter/web-components) import without file extensions.
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        // anywidget ships its frontend as an AMD module (define([...], factory)) inside an ES-module package;
        // parsed as "auto", webpack resolves the define.
        { test: /[\\/]anywidget[\\/]dist[\\/]index\.js$/, type: "javascript/auto" },
        { test: /\.css$/, use: ["style-loader", "css-loader"] },
        { test: /\.html$/, type: "asset/resource" },
        { test: /\.md$/, type: "asset/source" },
        { test: /\.(jpg|png|gif)$/, type: "asset/resource" },
        { test: /\.js\.map$/, type: "asset/resource" },
        { test: /\.(woff2?|ttf)(\?v=\d+\.\d+\.\d+)?$/, type: "asset" },
        { test: /\.eot(\?v=\d+\.\d+\.\d+)?$/, type: "asset/resource" },
        // CSS wants SVGs as data URIs; the TypeScript packages import them as raw strings.
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.css$/, type: "asset/inline", generator: { dataUrl: (content) => svgToDataUri(content.toString()) } },
        { test: /\.svg(\?v=\d+\.\d+\.\d+)?$/, issuer: /\.js$/, type: "asset/source" },
      ],
    },
    resolve: { fallback: { util: false } },
    plugins: [
      // Some dependencies call process.cwd() (e.g. the path polyfill).
      new webpack.DefinePlugin({ process: { cwd: () => "/", env: {} } }),
    ],
  },
  ...assetConfigs,
];
