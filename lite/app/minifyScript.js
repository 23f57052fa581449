// Minifies one script (tslab's TypeScript, which the worker loads as a script next to it) into another:
// whitespace and local names only, function and class names kept (TypeScript's debug messages read them).
const fs = require("fs");
const { minify } = require("terser");

const [from, to] = process.argv.slice(2);
minify(fs.readFileSync(from, "utf8"), { compress: false, mangle: true, keep_fnames: true, keep_classnames: true, format: { comments: /^!/ } }).then(
  ({ code }) => {
    fs.writeFileSync(to, code);
    console.log(`minified ${from}: ${fs.statSync(from).size} → ${code.length} bytes`);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
