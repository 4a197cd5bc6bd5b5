// Runs the search page's own query code under Node on an index written as term shards, for the
// equivalence test (tests/test_search_equivalence.py), which replays the same clauses on one lunr.py index.
// stdin: {"searchDir": "...", "queries": ["..."]}
// stdout: per query {"clauses": [...], "results": [[ref, score], ...], "shards": count loaded}.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules", "lunr"));
const pipeline = require(path.join(root, "assets", "search-pipeline.js"));
const shards = require(path.join(root, "assets", "search-shards.js"));

function pageWindow() {
  const window = { lunr: lunr, EditionSearchPipeline: pipeline, EditionSearchShards: shards };
  const document = { readyState: "complete", getElementById: () => null };
  vm.runInNewContext(fs.readFileSync(path.join(root, "assets", "search.js"), "utf8"), { window, document, console });
  return window;
}

function runScript(window, file) {
  vm.runInNewContext(fs.readFileSync(file, "utf8"), { window });
}

function shardLoader(window, searchDir) {
  window.EDITION_SEARCH_SHARDS = {};
  return (number) => {
    if (!window.EDITION_SEARCH_SHARDS[number]) runScript(window, path.join(searchDir, "shards", number + ".js"));
    return window.EDITION_SEARCH_SHARDS[number];
  };
}

function clauseData(clause) {
  const { term, fields, boost, usePipeline, wildcard, presence, editDistance } = clause;
  return { term, fields, boost, usePipeline, wildcard, presence, editDistance };
}

function runQuery(window, manifest, shard, text) {
  const page = window.EditionSearch;
  const engine = { manifest: manifest, fieldsByKind: page.kindsOfFields(manifest) };
  const builder = page.plannedQuery(engine, page.parseQuery(text));
  const numbers = shards.shardsForQuery(lunr, manifest, builder);
  const index = shards.assembleIndex(lunr, manifest, numbers.map(shard));
  const query = new lunr.Query(manifest.fields.map((f) => f.name));
  builder.call(query, query);
  return {
    clauses: query.clauses.map(clauseData),
    results: index.query(builder).map((match) => [Number(match.ref), match.score]),
    shards: numbers.length,
  };
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  pipeline.register(lunr);
  const window = pageWindow();
  runScript(window, path.join(request.searchDir, "index.js"));
  const shard = shardLoader(window, request.searchDir);
  const out = request.queries.map((text) => runQuery(window, window.EDITION_SEARCH_INDEX, shard, text));
  process.stdout.write(JSON.stringify(out));
});
