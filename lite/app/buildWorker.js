// Builds the tsdl-lite kernel's worker into the folder given as the first argument; exits non-zero on any error.
const webpack = require("webpack");
const config = require("./worker.webpack.config.js")(process.argv[2]);

webpack(config, (err, stats) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
  const info = stats.toString({ preset: "errors-warnings", colors: false });
  if (info.trim()) console.error(info);
  if (stats.hasErrors()) process.exit(1);
  console.log(`worker built in ${Math.round((stats.endTime - stats.startTime) / 1000)} s`);
});
