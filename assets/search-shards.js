/* Term shards -> a small lunr.Index holding just the terms a query needs (edition/search/shards.py).
 * Lunr scores a document by the dot product of the query vector with its field vectors, divided by the
 * query vector's length: only the query's terms count, so this index ranks exactly as the whole one,
 * provided it holds every term a clause can match (a prefix's every expansion too).
 * Shared by the search page and the Node equivalence test (tests/js/shard_query.js). */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.EditionSearchShards = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // Above every UTF-16 code unit a term can hold: prefix + LAST_UNIT bounds the prefix's expansions.
  var LAST_UNIT = "\uffff";

  /* The shard whose run of terms would hold the term: the last one whose first term is not after it. */
  function shardOfTerm(firstTerms, term) {
    var low = 0, high = firstTerms.length - 1, found = 0;
    while (low <= high) {
      var middle = (low + high) >> 1;
      if (firstTerms[middle] <= term) { found = middle; low = middle + 1; } else high = middle - 1;
    }
    return found;
  }

  function shardRange(firstTerms, prefix) {
    var shards = [];
    for (var n = shardOfTerm(firstTerms, prefix); n <= shardOfTerm(firstTerms, prefix + LAST_UNIT); n++) shards.push(n);
    return shards;
  }

  /* The terms a lunr.Query's clauses look up, as lunr.Index.query will: through the search pipeline unless
   * told not to; a trailing "*" makes the clause a prefix. */
  function clauseLookups(lunr, searchPipeline, query) {
    var lookups = [];
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        // lunr.Query.wildcard is a String object: compare its value.
        var prefix = term.charAt(term.length - 1) === String(lunr.Query.wildcard);
        lookups.push({ term: prefix ? term.slice(0, -1) : term, prefix: prefix });
      });
    });
    return lookups;
  }

  /* Numbers of the shards holding every term the lookups can match, in ascending order. */
  function shardsForLookups(firstTerms, lookups) {
    var wanted = {};
    lookups.forEach(function (lookup) {
      var shards = lookup.prefix ? shardRange(firstTerms, lookup.term) : [shardOfTerm(firstTerms, lookup.term)];
      shards.forEach(function (n) { wanted[n] = true; });
    });
    return Object.keys(wanted).map(Number).sort(function (a, b) { return a - b; });
  }

  // lunr keeps per-document metadata in each posting; we store none, so every posting shares one.
  var NO_METADATA = Object.freeze({});

  /* lunr's serialisation of the given term entries: [term, field number, [ref step, thousandths, ...], ...]. */
  function serialisedIndex(manifest, entries) {
    var fields = manifest.fields.map(function (f) { return f.name; });
    var sorted = entries.slice().sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; });
    var vectorsByField = fields.map(function () { return []; });  // [field][ref] -> [term number, weight, ...]
    var inverted = sorted.map(function (entry, number) {
      var posting = { _index: number };
      fields.forEach(function (name) { posting[name] = {}; });
      for (var k = 1; k < entry.length; k += 2) {
        var field = entry[k], flat = entry[k + 1], byRef = posting[fields[field]], vectors = vectorsByField[field];
        var ref = 0;
        for (var i = 0; i < flat.length; i += 2) {
          ref += flat[i];
          byRef[ref] = NO_METADATA;
          // n / 1000 is the very double lunr would have read from the weight written with 3 decimals.
          (vectors[ref] || (vectors[ref] = [])).push(number, flat[i + 1] / 1000);
        }
      }
      return [entry[0], posting];
    });
    var fieldVectors = [];
    vectorsByField.forEach(function (vectors, f) {
      vectors.forEach(function (elements, ref) { fieldVectors.push([fields[f] + "/" + ref, elements]); });
    });
    return {
      version: manifest.version, fields: fields, pipeline: manifest.pipeline,
      invertedIndex: inverted, fieldVectors: fieldVectors
    };
  }

  /* A lunr.Index of the terms of the given shards (each an array of term entries). */
  function assembleIndex(lunr, manifest, shards) {
    var entries = [];
    shards.forEach(function (shard) { entries.push.apply(entries, shard); });
    return lunr.Index.load(serialisedIndex(manifest, entries));
  }

  /* The shards a query built by queryBuilder needs: the query is built once on a bare lunr.Query to
   * read its clauses, exactly as lunr.Index.query will build it. */
  function shardsForQuery(lunr, manifest, queryBuilder) {
    var fields = manifest.fields.map(function (f) { return f.name; });
    var query = new lunr.Query(fields);
    queryBuilder.call(query, query);
    var lookups = clauseLookups(lunr, lunr.Pipeline.load(manifest.pipeline), query);
    return shardsForLookups(manifest.shardFirstTerms, lookups);
  }

  return {
    shardOfTerm: shardOfTerm,
    shardRange: shardRange,
    shardsForQuery: shardsForQuery,
    assembleIndex: assembleIndex,
    serialisedIndex: serialisedIndex
  };
});
