// Builds the course's JupyterLite into build/ with webpack's Node API; exits non-zero on any error.
const webpack = require("webpack");
const config = require("./webpack.config.js");

webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  const info = stats.toString({ preset: "errors-warnings", colors: false });
  if (info.trim()) console.error(info);
  if (stats.hasErrors()) process.exit(1);
  console.log(`built in ${Math.round((Date.now() - stats.stats[0].startTime) / 1000)} s`);
});
