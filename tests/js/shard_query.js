// Runs the search page's own query code under Node on an index written as term shards, for the
// equivalence test (tests/test_search_equivalence.py), which replays the same clauses on one lunr.py index.
// stdin: {"searchDir": "...", "queries": ["..."]}
// stdout: per query {"clauses": [...], "results": [[ref, score], ...] (every result, lunr's scores),
//   "best": [[ref, page score], ...] (the page's best BEST_COUNT, ranked on as few documents as proves them),
//   "bestComplete": whether that took every document, "allBest": the same from every document ranked,
//   "shards": count loaded, "ceilings": for each of "results", its score worked out from the postings
//   (scoreBounds), "bestCeilings": for each of "allBest", its page score worked out from the postings
//   (scoreBounds times scoreLimits)}.
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

const BEST_COUNT = 20;
// Fewer than the page's, so that a test index of a few hundred documents is ranked in rounds too.
const FIRST_CANDIDATES = 25;

function runQuery(window, manifest, shard, text) {
  const page = window.EditionSearch;
  const docs = Array.from({ length: manifest.documentCount }, (_, ref) => ({ ref }));
  // No titles here: the page's fetch of those it foresees finds none.
  const noTitles = () => Promise.reject(new Error("no document titles in this test"));
  const engine = { manifest: manifest, fieldsByKind: page.kindsOfFields(manifest), docs: docs, docChunk: noTitles };
  const parsed = page.parseQuery(text);
  const builder = page.plannedQuery(engine, parsed);
  const lookups = shards.lookupsForQuery(lunr, manifest, builder);
  const numbers = shards.shardsForLookups(manifest.shardFirstTerms, lookups);
  const entries = shards.entriesForLookups(numbers.map(shard), lookups);
  const index = shards.assembleIndex(lunr, manifest, entries);
  const query = new lunr.Query(manifest.fields.map((f) => f.name));
  builder.call(query, query);
  const ceilings = shards.scoreBounds(manifest, entries, lookups);
  const best = page.makeSearch(engine, parsed, builder, entries, lookups, FIRST_CANDIDATES).best(BEST_COUNT);
  const all = page.makeSearch(engine, parsed, builder, entries, lookups).all();
  const limits = page.scoreLimits(engine, parsed, entries);
  return {
    clauses: query.clauses.map(clauseData),
    results: index.query(builder).map((match) => [Number(match.ref), match.score]),
    ceilings: index.query(builder).map((match) => ceilings[Number(match.ref)]),
    best: best.results.slice(0, BEST_COUNT).map((r) => [r.doc.ref, r.score]),
    bestComplete: best.complete,
    allBest: all.slice(0, BEST_COUNT).map((r) => [r.doc.ref, r.score]),
    bestCeilings: all.slice(0, BEST_COUNT).map((r) => ceilings[r.doc.ref] * limits[r.doc.ref]),
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
