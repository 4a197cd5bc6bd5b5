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
   * told not to; a trailing "*" makes the clause a prefix. Each keeps its clause's fields. */
  function clauseLookups(lunr, searchPipeline, query) {
    var lookups = [];
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? searchPipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        // lunr.Query.wildcard is a String object: compare its value.
        var prefix = term.charAt(term.length - 1) === String(lunr.Query.wildcard);
        lookups.push({ term: prefix ? term.slice(0, -1) : term, prefix: prefix, fields: clause.fields });
      });
    });
    return lookups;
  }

  /* The lookups of a query built by queryBuilder: the query is built once on a bare lunr.Query to read its
   * clauses, exactly as lunr.Index.query will build it. */
  function lookupsForQuery(lunr, manifest, queryBuilder) {
    var query = new lunr.Query(manifest.fields.map(function (f) { return f.name; }));
    queryBuilder.call(query, query);
    return clauseLookups(lunr, lunr.Pipeline.load(manifest.pipeline), query);
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

  function shardsForQuery(lunr, manifest, queryBuilder) {
    return shardsForLookups(manifest.shardFirstTerms, lookupsForQuery(lunr, manifest, queryBuilder));
  }

  function lookupMatches(lookup, term) {
    return lookup.prefix ? term.lastIndexOf(lookup.term, 0) === 0 : term === lookup.term;
  }

  /* The entries of the shards that some lookup matches: lunr expands a clause to these terms only, so the
   * shards' other terms would only make the index bigger. */
  function entriesForLookups(shards, lookups) {
    var entries = [];
    shards.forEach(function (shard) {
      shard.forEach(function (entry) {
        if (lookups.some(function (lookup) { return lookupMatches(lookup, entry[0]); })) entries.push(entry);
      });
    });
    return entries;
  }

  // lunr keeps per-document metadata in each posting; we store none, so every posting shares one.
  var NO_METADATA = Object.freeze({});

  /* lunr's serialisation of the given term entries: [term, field number, [ref step, thousandths, ...], ...];
   * with keepRef, of the documents it keeps only: every term stays, so the query vectors stay the same. */
  function serialisedIndex(manifest, entries, keepRef) {
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
          if (keepRef && !keepRef[ref]) continue;
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

  /* A lunr.Index of the given term entries, of every document or of those keepRef keeps. */
  function assembleIndex(lunr, manifest, entries, keepRef) {
    return lunr.Index.load(serialisedIndex(manifest, entries, keepRef));
  }

  /* ---------- the best results without ranking every document ----------
   * A document's lunr score is the sum over fields of q.v / |q|, q the field's query vector and v the
   * document's field vector. By Cauchy-Schwarz that is at most the length of v over the query's terms in
   * that field: a bound read from the postings alone. lunr ranks the documents of highest bound; once the
   * last result wanted scores above the highest bound left out, no document left out can come before it,
   * and the scores ranked are lunr's own (a document's score does not depend on the other documents). */

  // lunr's sums and square roots round otherwise than the bound's: a margin far above any rounding.
  var BOUND_MARGIN = 1 + 1e-9;
  // Documents lunr ranks first, of highest bound: few enough to rank at once, enough to hold the best page.
  var FIRST_CANDIDATES = 200;

  /* Per document, a bound on its lunr score; NaN for a document in none of the entries' postings. */
  function scoreBounds(manifest, entries, lookups) {
    var fields = manifest.fields.map(function (f) { return f.name; });
    var squares = fields.map(function () { return new Float64Array(manifest.documentCount); });
    var found = new Uint8Array(manifest.documentCount);
    entries.forEach(function (entry) {
      var inQuery = fields.map(function (name) {
        return lookups.some(function (l) { return l.fields.indexOf(name) >= 0 && lookupMatches(l, entry[0]); });
      });
      for (var k = 1; k < entry.length; k += 2) {
        var flat = entry[k + 1], sums = squares[entry[k]], queried = inQuery[entry[k]], ref = 0;
        for (var i = 0; i < flat.length; i += 2) {
          ref += flat[i];
          found[ref] = 1;
          if (queried) sums[ref] += (flat[i + 1] / 1000) * (flat[i + 1] / 1000);
        }
      }
    });
    var bounds = new Float64Array(manifest.documentCount);
    for (var ref = 0; ref < bounds.length; ref++) {
      var bound = 0;
      for (var f = 0; f < squares.length; f++) bound += Math.sqrt(squares[f][ref]);
      bounds[ref] = found[ref] ? bound * BOUND_MARGIN : NaN;
    }
    return bounds;
  }

  /* The page's best `count` results, exactly as over the whole index, with lunr ranking as few documents as
   * proves it. rank(index) runs the page's query on a lunr.Index and returns its results best first, each
   * {score, ...} with a score at most scoreLimit times lunr's. Returns {results, complete}: complete when
   * every document was ranked; otherwise results begin with the best `count` of all, and there are more
   * results than these when results holds more than `count`. firstCandidates: how many documents lunr
   * ranks first (FIRST_CANDIDATES unless given). */
  function rankBest(lunr, manifest, entries, lookups, count, scoreLimit, rank, firstCandidates) {
    var bounds = scoreBounds(manifest, entries, lookups);
    var candidates = [];
    for (var ref = 0; ref < bounds.length; ref++) if (bounds[ref] === bounds[ref]) candidates.push(ref);
    candidates.sort(function (a, b) { return bounds[b] - bounds[a] || a - b; });
    var rankFirst = function (size) {
      var keep = new Uint8Array(manifest.documentCount);
      for (var i = 0; i < size; i++) keep[candidates[i]] = 1;
      return rank(assembleIndex(lunr, manifest, entries, keep));
    };
    var size = Math.max(count, firstCandidates || FIRST_CANDIDATES);
    while (size < candidates.length) {
      var results = rankFirst(size), last = results[count - 1];
      if (!last) break;
      if (last.score > bounds[candidates[size]] * scoreLimit) return { results: results, complete: false };
      // Only a document whose bound reaches the last score can still come before it: rank all of those.
      var reaching = size;
      while (reaching < candidates.length && bounds[candidates[reaching]] * scoreLimit >= last.score) reaching++;
      size = reaching;
    }
    return { results: rank(assembleIndex(lunr, manifest, entries)), complete: true };
  }

  return {
    shardOfTerm: shardOfTerm,
    shardRange: shardRange,
    shardsForLookups: shardsForLookups,
    shardsForQuery: shardsForQuery,
    lookupsForQuery: lookupsForQuery,
    entriesForLookups: entriesForLookups,
    assembleIndex: assembleIndex,
    serialisedIndex: serialisedIndex,
    scoreBounds: scoreBounds,
    rankBest: rankBest
  };
});
