// Runs the browser's search pipeline under Node for the token-equality test.
// stdin: {"fields": {name: [step labels]}, "texts": [...]}; stdout: [{name: [tokens]}] per text.
"use strict";
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules", "lunr"));
const pipeline = require(path.join(root, "assets", "search-pipeline.js"));

pipeline.register(lunr);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const out = request.texts.map((text) => {
    const perField = {};
    for (const [name, steps] of Object.entries(request.fields)) {
      perField[name] = pipeline.fieldTokens(lunr, steps, text);
    }
    return perField;
  });
  process.stdout.write(JSON.stringify(out));
});
