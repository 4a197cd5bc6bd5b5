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
        lookups.push({ term: prefix ? term.slice(0, -1) : term, prefix: prefix, fields: clause.fields,
                       boost: clause.boost === undefined ? 1 : clause.boost });
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
    var refsByField = fields.map(function () { return []; });  // [field] -> the refs it has a vector of
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
          if (!vectors[ref]) { vectors[ref] = []; refsByField[field].push(ref); }
          vectors[ref].push(number, flat[i + 1] / 1000);
        }
      }
      return [entry[0], posting];
    });
    var fieldVectors = [];
    // From the refs, not vectors.forEach: vectors is sparse, and forEach would visit every number up to the last.
    refsByField.forEach(function (refs, f) {
      refs.forEach(function (ref) { fieldVectors.push([fields[f] + "/" + ref, vectorsByField[f][ref]]); });
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
   * A document's lunr score is the sum over fields of q.v / |q|, q the field's query vector (for each term,
   * the boosts of the clauses that expand to it, summed) and v the document's field vector. Both come from
   * the postings alone, so the score can be worked out for every document before lunr ranks any; lunr then
   * ranks the documents of highest score, and once the last result wanted scores above the highest score
   * left out, no document left out can come before it. The scores shown are lunr's own (a document's score
   * does not depend on the other documents); the ones worked out here only choose whom lunr ranks. */

  // lunr's sums run in another order and round otherwise: a margin far above any rounding.
  var BOUND_MARGIN = 1 + 1e-9;
  // Documents lunr ranks first, of highest score: few enough to rank at once, enough to hold the best page.
  var FIRST_CANDIDATES = 60;

  /* Per document, a ceiling on its lunr score: the score itself (up to BOUND_MARGIN) for a document every
   * required clause matches, and for the others a score lunr will not give them; NaN for a document in none
   * of the entries' postings. */
  function scoreBounds(manifest, entries, lookups) {
    var fields = manifest.fields.map(function (f) { return f.name; });
    var queryWeights = entries.map(function (entry) {
      return fields.map(function (name) {
        return lookups.reduce(function (sum, l) {
          return l.fields.indexOf(name) >= 0 && lookupMatches(l, entry[0]) ? sum + l.boost : sum;
        }, 0);
      });
    });
    var norms = fields.map(function (name, f) {
      return Math.sqrt(queryWeights.reduce(function (sum, weights) { return sum + weights[f] * weights[f]; }, 0));
    });
    var scores = new Float64Array(manifest.documentCount);
    var found = new Uint8Array(manifest.documentCount);
    entries.forEach(function (entry, e) {
      for (var k = 1; k < entry.length; k += 2) {
        var flat = entry[k + 1], share = norms[entry[k]] ? queryWeights[e][entry[k]] / norms[entry[k]] : 0, ref = 0;
        for (var i = 0; i < flat.length; i += 2) {
          ref += flat[i];
          found[ref] = 1;
          scores[ref] += share * (flat[i + 1] / 1000);
        }
      }
    });
    var bounds = new Float64Array(manifest.documentCount);
    for (var ref = 0; ref < bounds.length; ref++) bounds[ref] = found[ref] ? scores[ref] * BOUND_MARGIN : NaN;
    return bounds;
  }

  /* The documents of the `size` highest ceilings, highest first (equal ones by number); sorted holds every
   * ceiling found, lowest first. Only those above the `size`-th ceiling are ordered one by one: the ones
   * equal to it, often thousands, come after them by number, as many as fill the `size`. */
  function highest(ceilings, sorted, size) {
    var threshold = sorted[Math.max(0, sorted.length - size)], above = [], level = [];
    for (var ref = 0; ref < ceilings.length; ref++) {
      var ceiling = ceilings[ref];
      if (ceiling > threshold) above.push(ref);
      else if (ceiling === threshold && level.length < size) level.push(ref);
    }
    above.sort(function (a, b) { return ceilings[b] - ceilings[a] || a - b; });
    return above.concat(level.slice(0, size - above.length));
  }

  /* The page's best `count` results, exactly as over the whole index, with lunr ranking as few documents as
   * proves it. rank(index) runs the page's query on a lunr.Index and returns its results best first, each
   * {score, doc: {ref}}; limits[ref] (a Float64Array) is the most that score can be above lunr's for the
   * document. Returns {results, complete}: complete when every document was ranked; otherwise results
   * begin with the best `count` of all, and there are more results than these when results holds more than
   * `count`. firstCandidates: how many documents lunr ranks first (FIRST_CANDIDATES unless given).
   * foresee(refs), when given, hears the `count` documents of highest ceiling before lunr ranks (most
   * likely the results: what they show can be fetched meanwhile). */
  function rankBest(lunr, manifest, entries, lookups, count, limits, rank, firstCandidates, foresee) {
    var ceilings = scoreBounds(manifest, entries, lookups);
    var byCeiling = new Float64Array(ceilings.length), found = 0;
    for (var ref = 0; ref < ceilings.length; ref++) {
      var ceiling = (ceilings[ref] *= limits[ref]);
      if (ceiling === ceiling) byCeiling[found++] = ceiling;
    }
    byCeiling = byCeiling.subarray(0, found).sort();  // typed: by value, fast
    var ceilingAfter = function (size) { return byCeiling[found - 1 - size]; };  // the highest after the `size` highest
    var size = Math.max(count, firstCandidates || FIRST_CANDIDATES);
    // The first candidates begin with the `count` foreseen: the order of highest() is one order of all.
    var firstSize = size, candidates = highest(ceilings, byCeiling, size);
    if (foresee) foresee(candidates.slice(0, count));
    var rankFirst = function (size) {
      var keep = new Uint8Array(manifest.documentCount);
      (size === firstSize ? candidates : highest(ceilings, byCeiling, size)).forEach(function (ref) { keep[ref] = 1; });
      return rank(assembleIndex(lunr, manifest, entries, keep));
    };
    while (size < found) {
      var results = rankFirst(size), last = results[count - 1];
      if (!last) break;
      if (last.score > ceilingAfter(size)) return { results: results, complete: false };
      // Only a document whose ceiling reaches the last score can still come before it: rank all of those.
      var reaching = size;
      while (reaching < found && ceilingAfter(reaching) >= last.score) reaching++;
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
    highest: highest,
    rankBest: rankBest
  };
});
