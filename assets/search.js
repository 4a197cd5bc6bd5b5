/* The search page: reads ?q=, loads the term shards the query needs (assets/search-shards.js), ranks with
 * lunr.js on the index they make, and shows results, facets and snippets.
 * Everything from the data goes into the page as text nodes: scraped text may contain markup.
 * Queries are built clause by clause (index.query), never parsed from the reader's string,
 * so that characters lunr's query syntax gives meaning to (* ~ : ^ + -) cannot break it. */
(function () {
  "use strict";

  var P = window.EditionSearchPipeline;
  var lunr = window.lunr;
  var PAGE_SIZE = 20;
  var FORESEEN_TITLES = 3;  // titles fetched while the first page is ranked
  var FIRST_TITLE_GRACE_MS = 50;  // how long the first result's title on its way holds back the others'
  var MAX_QUERY_LENGTH = 300;
  var MIN_PREFIX_LENGTH = 2;
  var SNIPPET_WORDS_BEFORE = 12;
  var SNIPPET_WORDS = 40;
  var TYPING_DELAY_MS = 120;
  var FACETS = ["locality", "year", "directive"];
  var FACET_SHOWN = 12;
  var WIDE_SCREEN = "(min-width: 60rem)";

  /* ---------- the index: a manifest up front, term shards and titles on demand ---------- */

  /* A named moment for the benchmark (bench/search_bench.py reads them). */
  function mark(name) {
    if (window.performance && performance.mark) performance.mark(name);
  }

  var S = window.EditionSearchShards;
  // A prefix is expanded when its terms fit in this many shards; a shorter one waits for the next letter.
  var MAX_PREFIX_SHARDS = 4;

  /* Loads a script once (a <script> tag works from file:// too, where fetch() does not). */
  function makeScriptLoader() {
    var pending = {};
    function load(src) {
      if (!pending[src]) {
        pending[src] = new Promise(function (resolve, reject) {
          var script = document.createElement("script");
          script.src = src;
          script.onload = resolve;
          script.onerror = function () { delete pending[src]; reject(new Error("cannot load " + src)); };
          document.head.appendChild(script);
        });
      }
      return pending[src];
    }
    load.asked = function (src) { return src in pending; };
    return load;
  }

  /* Item number of the files under folder that register themselves in window[globalName]. */
  function makeChunkLoader(loadScript, base, globalName) {
    function chunk(number) {
      var loaded = window[globalName] && window[globalName][number];
      if (loaded) return Promise.resolve(loaded);
      return loadScript(base + number + ".js").then(function () { return window[globalName][number]; });
    }
    chunk.asked = function (number) { return loadScript.asked(base + number + ".js"); };
    return chunk;
  }

  function makeEngine(manifest, base) {
    P.register(lunr);
    var loadScript = makeScriptLoader();
    return {
      manifest: manifest,
      fieldsByKind: kindsOfFields(manifest),
      docs: [],  // by ref, made when first a result (docOf)
      lastSearch: null,  // {text, search}: the query last asked for (searchFor)
      shard: makeChunkLoader(loadScript, base + "shards/", "EDITION_SEARCH_SHARDS"),
      docChunk: makeChunkLoader(loadScript, base + "docs/", "EDITION_SEARCH_DOCS"),
      textChunk: makeChunkLoader(loadScript, base + "text-", "EDITION_SEARCH_TEXT"),
      vocabulary: function () {
        return loadScript(base + "vocabulary.js").then(function () { return window.EDITION_SEARCH_VOCABULARY; });
      }
    };
  }

  function kindsOfFields(manifest) {
    var kinds = { exact: [], folded: [], pairs: [] };
    manifest.fields.forEach(function (field) { kinds[field.kind].push(field.name); });
    return kinds;
  }

  function docOf(engine, ref) {
    var facets = engine.manifest.facets;
    return engine.docs[ref] || (engine.docs[ref] = docFromFacets(facets, facets.docs[ref], ref));
  }

  function docFromFacets(facets, row, ref) {
    var directives = row.slice(2).map(function (n) { return facets.directives[n]; });
    return {
      ref: ref, url: null, title: null, date: null,
      year: row[0] >= 0 ? facets.years[row[0]] : null,
      locality: row[1] >= 0 ? facets.localities[row[1]] : null,
      directiveIds: directives.map(function (d) { return d[0]; }),
      directives: directives.map(function (d) { return d[1]; })
    };
  }

  /* Title, url, date of a document, from its chunk. */
  function loadSummary(engine, doc) {
    var size = engine.manifest.docChunkSize;
    if (doc.url !== null) return Promise.resolve(doc);
    return engine.docChunk(Math.floor(doc.ref / size)).then(function (rows) {
      var row = rows[doc.ref % size];
      doc.url = row[0]; doc.title = row[1]; doc.date = row[2];
      return doc;
    });
  }

  /* Whether the title of a document is in, or on its way. */
  function summaryAsked(engine, doc) {
    return doc.url !== null || engine.docChunk.asked(Math.floor(doc.ref / engine.manifest.docChunkSize));
  }

  function textOf(engine, ref) {
    var size = engine.manifest.textChunkSize;
    return engine.textChunk(Math.floor(ref / size)).then(function (texts) { return texts[ref % size]; });
  }

  /* ---------- the query ---------- */

  var QUOTES = /["“”„«»]/;

  /* The reader's words: loose ones, quoted phrases, and whether the last word is still being typed. */
  function parseQuery(raw) {
    var text = P.nfc(String(raw || "")).slice(0, MAX_QUERY_LENGTH);
    var pieces = text.split(QUOTES);
    var loose = [], phrases = [];
    pieces.forEach(function (piece, i) {
      var words = P.splitWords(piece).map(function (w) { return P.normaliseWord(w.text); });
      if (i % 2 === 1 && i < pieces.length - 1) {
        if (words.length) phrases.push(words);
      } else {
        loose.push.apply(loose, words);
      }
    });
    // Still typing the last word: the query ends in it, not in a space or a closing quote.
    var typing = loose.length > 0 && /[\p{L}\p{N}]$/u.test(text);
    return {
      text: text,
      loose: loose,
      phrases: phrases,
      prefixLast: typing && P.foldWord(loose[loose.length - 1]).length >= MIN_PREFIX_LENGTH,
      isEmpty: loose.length === 0 && phrases.length === 0
    };
  }

  function allWords(parsed) {
    return parsed.phrases.reduce(function (words, phrase) { return words.concat(phrase); }, parsed.loose.slice());
  }

  /* The word, folded, must be there; typed with diacritics, its exact form is a bonus. */
  function addWordClauses(q, engine, word, presence, prefix) {
    var folded = P.foldWord(word);
    var kinds = engine.fieldsByKind;
    var Q = lunr.Query;
    if (prefix) {
      q.term(folded, { fields: kinds.folded, presence: presence, wildcard: Q.wildcard.TRAILING, usePipeline: false });
    }
    // Without a wildcard too, so that a finished word ranks above longer words it begins.
    q.term(folded, { fields: kinds.folded, presence: prefix ? Q.presence.OPTIONAL : presence });
    if (P.hasDiacritics(word)) {
      q.term(word, {
        fields: kinds.exact, presence: Q.presence.OPTIONAL,
        wildcard: prefix ? Q.wildcard.TRAILING : Q.wildcard.NONE, usePipeline: !prefix
      });
    }
  }

  /* Words side by side in the query, side by side in the article: a bonus, or required inside quotes. */
  function addPairClauses(q, engine, words, presence, prefixLast) {
    for (var i = 0; i + 1 < words.length; i++) {
      if (!P.isPlainWord(words[i]) || !P.isPlainWord(words[i + 1])) continue;
      var pair = P.PAIR_MARK + P.foldWord(words[i]) + P.PAIR_JOINER + P.foldWord(words[i + 1]);
      var prefix = prefixLast && i + 2 === words.length;
      q.term(pair, {
        fields: engine.fieldsByKind.pairs, presence: presence, usePipeline: !prefix,
        wildcard: prefix ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
      });
    }
  }

  /* Whether the last word's prefix expands to few enough shards to load at once. */
  function prefixAffordable(engine, parsed) {
    var last = parsed.loose[parsed.loose.length - 1], first = engine.manifest.shardFirstTerms;
    var count = S.shardRange(first, P.foldWord(last)).length;
    if (P.hasDiacritics(last)) count += S.shardRange(first, last).length;
    return count <= MAX_PREFIX_SHARDS;
  }

  function buildQuery(engine, parsed) {
    var Q = lunr.Query;
    return function (q) {
      parsed.loose.forEach(function (word, i) {
        var prefix = parsed.prefixLast && i === parsed.loose.length - 1;
        addWordClauses(q, engine, word, Q.presence.REQUIRED, prefix);
      });
      addPairClauses(q, engine, parsed.loose, Q.presence.OPTIONAL, parsed.prefixLast);
      parsed.phrases.forEach(function (words) {
        words.forEach(function (word) { addWordClauses(q, engine, word, Q.presence.REQUIRED, false); });
        addPairClauses(q, engine, words, Q.presence.REQUIRED, false);
      });
    };
  }

  /* Whether a term of the index is the form of a word typed with diacritics (or, for the word still being
   * typed, begins with it). */
  function isTypedForm(term, word, lastWord) {
    return term === word || (word === lastWord && term.indexOf(word) === 0);
  }

  function typedForms(parsed) {
    return {
      words: allWords(parsed).filter(P.hasDiacritics),
      lastWord: parsed.prefixLast ? parsed.loose[parsed.loose.length - 1] : null
    };
  }

  /* Share of the words typed with diacritics that the document has in exactly that form. */
  function exactCoverage(engine, parsed, match) {
    var typed = typedForms(parsed);
    if (!typed.words.length) return 0;
    var terms = Object.keys(match.matchData.metadata);
    var found = typed.words.filter(function (word) {
      return terms.some(function (term) {
        return isTypedForm(term, word, typed.lastWord) &&
          engine.fieldsByKind.exact.some(function (f) { return f in match.matchData.metadata[term]; });
      });
    });
    return found.length / typed.words.length;
  }

  /* Per document, the most the page's score can be above lunr's: 1 + the share of the words typed with
   * diacritics that an exact field of the document holds in the postings. lunr's match data of a document
   * holds no term or field the postings do not, so exactCoverage never gives more. */
  function scoreLimits(engine, parsed, entries) {
    var count = engine.manifest.documentCount, limits = new Float64Array(count).fill(1);
    var typed = typedForms(parsed);
    if (!typed.words.length) return limits;
    var exactField = engine.manifest.fields.map(function (f) { return f.kind === "exact"; });
    var holds = typed.words.map(function () { return new Uint8Array(count); });  // [word][ref]
    entries.forEach(function (entry) {
      var words = [];
      typed.words.forEach(function (word, w) { if (isTypedForm(entry[0], word, typed.lastWord)) words.push(w); });
      if (!words.length) return;
      for (var k = 1; k < entry.length; k += 2) {
        if (!exactField[entry[k]]) continue;
        var flat = entry[k + 1], ref = 0;
        for (var i = 0; i < flat.length; i += 2) {
          ref += flat[i];
          for (var j = 0; j < words.length; j++) holds[words[j]][ref] = 1;
        }
      }
    });
    holds.forEach(function (held) {
      for (var ref = 0; ref < count; ref++) if (held[ref]) limits[ref] += 1 / typed.words.length;
    });
    return limits;
  }

  /* The query as it will run: the last word a prefix only when its expansions are few enough to load. */
  function plannedQuery(engine, parsed) {
    if (parsed.prefixLast && !prefixAffordable(engine, parsed)) parsed.prefixLast = false;
    return buildQuery(engine, parsed);
  }

  /* A query's results, from the entries of its terms: best(count) ranks just enough documents to know the
   * best `count`; all() ranks every one. Both rank with lunr.Index.query, on the same terms.
   * firstCandidates: see rankBest (search-shards.js). */
  function makeSearch(engine, parsed, builder, entries, lookups, firstCandidates) {
    var everything = null;
    // The titles of the documents most likely first are fetched while lunr ranks (a few: the rest of the
    // page would only queue before them); a failure shows later, when the result is put in.
    function foreseen(refs) {
      refs.slice(0, FORESEEN_TITLES).forEach(function (ref) { loadSummary(engine, docOf(engine, ref)).catch(function () {}); });
    }
    function rank(index) {
      return index.query(builder).map(function (match) {
        // lunr normalises each field's score by its query vector, so a clause boost cannot favour exact
        // forms over folded ones across fields; the bonus is applied here instead.
        var score = match.score * (1 + exactCoverage(engine, parsed, match));
        return { doc: docOf(engine, Number(match.ref)), score: score };
      }).sort(function (a, b) { return b.score - a.score || a.doc.ref - b.doc.ref; });
    }
    return {
      best: guarded(function (count) {
        if (everything) return { results: everything, complete: true };
        var found = S.rankBest(lunr, engine.manifest, entries, lookups, count, scoreLimits(engine, parsed, entries), rank,
                               firstCandidates, foreseen);
        if (found.complete) everything = found.results;
        return found;
      }, { results: [], complete: true }),
      all: guarded(function () {
        return everything || (everything = rank(S.assembleIndex(lunr, engine.manifest, entries)));
      }, [])
    };
  }

  /* A query lunr cannot run gives no results, never a broken page. */
  function guarded(fn, fallback) {
    return function () {
      try {
        return fn.apply(null, arguments);
      } catch (error) {
        if (window.console) console.warn("search:", error);
        return fallback;
      }
    };
  }

  var NO_SEARCH = { best: function () { return { results: [], complete: true }; }, all: function () { return []; } };

  /* Loads the shards the query needs; resolves to its search (makeSearch). */
  function runQuery(engine, parsed) {
    if (parsed.isEmpty) return Promise.resolve(NO_SEARCH);
    var builder = plannedQuery(engine, parsed), lookups;
    return Promise.resolve().then(function () {
      lookups = S.lookupsForQuery(lunr, engine.manifest, builder);
      return Promise.all(S.shardsForLookups(engine.manifest.shardFirstTerms, lookups).map(engine.shard));
    }).then(function (shards) {
      mark("search:shards-loaded");
      return makeSearch(engine, parsed, builder, S.entriesForLookups(shards, lookups), lookups);
    }).catch(function (error) {
      // A shard that cannot load gives no results, never a broken page.
      if (window.console) console.warn("search:", error);
      return NO_SEARCH;
    });
  }

  /* The search of the query last asked for, kept so that "more" and the filters do not load and rank again. */
  function searchFor(engine, parsed) {
    if (!engine.lastSearch || engine.lastSearch.text !== parsed.text) {
      engine.lastSearch = { text: parsed.text, search: runQuery(engine, parsed), prefixLast: parsed.prefixLast };
    }
    // As the search runs it (plannedQuery): the marks in the results follow the words it looked for.
    parsed.prefixLast = engine.lastSearch.prefixLast;
    return engine.lastSearch.search;
  }

  /* ---------- facets ---------- */

  function facetValues(doc, facet) {
    if (facet === "locality") return doc.locality ? [doc.locality] : [];
    if (facet === "year") return doc.year ? [String(doc.year)] : [];
    return doc.directiveIds.map(function (id, i) { return { value: id, label: doc.directives[i] || id }; });
  }

  function facetValueOf(item) { return typeof item === "string" ? item : item.value; }
  function facetLabelOf(item) { return typeof item === "string" ? item : item.label; }

  function passesFilters(doc, filters, exceptFacet) {
    return FACETS.every(function (facet) {
      var chosen = filters[facet];
      if (facet === exceptFacet || !chosen.length) return true;
      var values = facetValues(doc, facet).map(facetValueOf);
      return chosen.some(function (value) { return values.indexOf(value) >= 0; });
    });
  }

  /* Counts per value of one facet, over the results that pass the other facets' filters. */
  function facetCounts(results, filters, facet) {
    var counts = {};
    results.forEach(function (result) {
      if (!passesFilters(result.doc, filters, facet)) return;
      facetValues(result.doc, facet).forEach(function (item) {
        var key = facetValueOf(item);
        if (!counts[key]) counts[key] = { value: key, label: facetLabelOf(item), count: 0 };
        counts[key].count += 1;
      });
    });
    return Object.keys(counts).map(function (k) { return counts[k]; }).sort(function (a, b) {
      return b.count - a.count || (facet === "year" ? b.label.localeCompare(a.label) : a.label.localeCompare(b.label, "vi"));
    });
  }

  /* ---------- highlighting ---------- */

  /* Whether a word of the text is one the reader asked for: folded, a code part, or the typed prefix. */
  function makeMatcher(parsed) {
    var wanted = {};
    allWords(parsed).forEach(function (w) { wanted[P.foldWord(w)] = true; });
    var prefix = parsed.prefixLast ? P.foldWord(parsed.loose[parsed.loose.length - 1]) : null;
    return function (word) {
      var folded = P.foldWord(P.normaliseWord(word));
      if (wanted[folded] || (prefix && folded.indexOf(prefix) === 0)) return folded;
      var parts = P.codeParts(folded);
      for (var i = 0; i < parts.length; i++) if (wanted[parts[i]]) return parts[i];
      return null;
    };
  }

  /* Text with the matched words in <mark>, as DOM nodes appended to parent. */
  function appendMarked(parent, text, words, matcher) {
    var at = 0;
    words.forEach(function (word) {
      if (!matcher(word.text)) return;
      if (word.start > at) parent.appendChild(document.createTextNode(text.slice(at, word.start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(word.start, word.end);
      parent.appendChild(mark);
      at = word.end;
    });
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* The window of the text that holds the most different matched words, words side by side counting double. */
  function snippetWindow(words, matcher) {
    var hits = [];
    words.forEach(function (word, i) { var m = matcher(word.text); if (m) hits.push({ i: i, term: m }); });
    var best = { start: 0, score: 0 };
    hits.forEach(function (hit) {
      var start = Math.max(0, hit.i - SNIPPET_WORDS_BEFORE), seen = {}, score = 0;
      hits.forEach(function (other, k) {
        if (other.i < start || other.i >= start + SNIPPET_WORDS) return;
        if (!seen[other.term]) { seen[other.term] = true; score += 1; }
        if (k > 0 && hits[k - 1].i === other.i - 1 && hits[k - 1].term !== other.term) score += 1;
      });
      if (score > best.score) best = { start: start, score: score };
    });
    return { start: best.start, end: Math.min(words.length, best.start + SNIPPET_WORDS) };
  }

  function fillSnippet(element, text, matcher) {
    var words = P.splitWords(text);
    if (!words.length) return;
    var range = snippetWindow(words, matcher);
    var from = words[range.start].start, to = words[range.end - 1].end;
    var shown = words.slice(range.start, range.end).map(function (w) {
      return { text: w.text, start: w.start - from, end: w.end - from };
    });
    element.textContent = "";
    if (range.start > 0) element.appendChild(document.createTextNode("… "));
    appendMarked(element, text.slice(from, to), shown, matcher);
    if (range.end < words.length) element.appendChild(document.createTextNode(" …"));
  }

  /* ---------- the page ---------- */

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (_, key) { return key in values ? values[key] : ""; });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function readState() {
    var params = new URLSearchParams(window.location.search);
    var filters = {};
    FACETS.forEach(function (facet) { filters[facet] = params.getAll(facet); });
    return { q: params.get("q") || "", filters: filters, shown: PAGE_SIZE };
  }

  function stateSearch(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (facet) { state.filters[facet].forEach(function (v) { params.append(facet, v); }); });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  function writeState(state) {
    try {
      window.history.replaceState(null, "", window.location.pathname + stateSearch(state));
    } catch (error) {
      // Some browsers refuse to change the address of a file:// page; the search still works.
    }
  }

  function SearchPage(root, engine, strings) {
    this.root = root;
    this.engine = engine;
    this.t = strings;
    this.siteRoot = root.getAttribute("data-root") || "";
    this.input = root.querySelector("#search-q");
    this.status = root.querySelector("#search-status");
    this.facetsBox = root.querySelector("#search-facets");
    this.facetList = root.querySelector("#search-facet-list");
    // Facets open beside the results on wide screens; on a phone they wait, folded, above them.
    root.querySelector("#search-facets-details").open = window.matchMedia(WIDE_SCREEN).matches;
    this.list = root.querySelector("#search-results");
    this.more = root.querySelector("#search-more");
    this.help = root.querySelector("#search-help");
    this.state = readState();
    this.input.value = this.state.q;
  }

  SearchPage.prototype.bind = function () {
    var self = this, timer = null;
    this.root.querySelector("#search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      self.update({ q: self.input.value });
    });
    this.input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { self.update({ q: self.input.value }); }, TYPING_DELAY_MS);
    });
    this.more.addEventListener("click", function () {
      var next = self.state.shown;
      self.state.shown += PAGE_SIZE;
      self.render().then(function () {
        var focusTarget = self.list.children[next] && self.list.children[next].querySelector("a");
        if (focusTarget) focusTarget.focus();
      });
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement && document.activeElement.tagName);
      if (event.key === "/" && !typing) { event.preventDefault(); self.input.focus(); }
    });
  };

  SearchPage.prototype.update = function (change) {
    var newQuery = "q" in change && change.q !== this.state.q;
    // Re-rendering an unchanged search would take the keyboard focus away from the result it is on.
    if (!newQuery && !change.filters) return Promise.resolve();
    if (newQuery) this.state.q = change.q;
    if (change.filters) this.state.filters = change.filters;
    this.state.shown = PAGE_SIZE;
    writeState(this.state);
    return this.render();
  };

  /* Resolves once the page shows the current state; a render overtaken by a newer one shows nothing.
   * Without filters, the best results are shown first, ranked on as few documents as proves them the
   * best; every result is ranked after that, for the count, the facets and the "more" button. */
  SearchPage.prototype.render = function () {
    var self = this, generation = (this.generation = (this.generation || 0) + 1);
    var current = function () { return generation === self.generation; };
    var parsed = parseQuery(this.state.q), filters = this.state.filters, pageSize = this.state.shown;
    var filtering = FACETS.some(function (facet) { return filters[facet].length; });
    return searchFor(this.engine, parsed).then(function (search) {
      if (!current()) return null;
      var best = filtering ? { results: search.all(), complete: true } : search.best(pageSize);
      mark("search:ranked");
      var shown = best.results.filter(function (r) { return passesFilters(r.doc, filters, null); });
      if (!best.complete) self.status.textContent = "";
      return self.renderResults(parsed, shown, current).then(function () {
        if (!current()) return null;
        if (best.complete) return self.renderAll(parsed, best.results, shown, current);
        return afterPaint().then(function () {
          if (!current()) return null;
          var results = search.all();
          return self.renderAll(parsed, results, results, current);
        });
      });
    }).catch(function (error) {
      if (window.console) console.warn("search:", error);
    });
  };

  /* Status, facets, the "more" button and help, for every result (the page of results is already in). */
  SearchPage.prototype.renderAll = function (parsed, results, shown, current) {
    this.renderStatus(parsed, results, shown);
    this.renderFacets(results);
    this.more.hidden = shown.length <= this.state.shown;
    return this.renderHelp(parsed, results, shown, current);
  };

  /* Resolves once the browser has had the chance to paint what is in the page. */
  function afterPaint() {
    return new Promise(function (resolve) {
      // Hidden pages get no animation frames: the timeout resolves them.
      var fallback = window.setTimeout(resolve, 50);
      window.requestAnimationFrame(function () {
        window.setTimeout(function () { window.clearTimeout(fallback); resolve(); }, 0);
      });
    });
  }

  SearchPage.prototype.renderStatus = function (parsed, results, shown) {
    var t = this.t;
    if (parsed.isEmpty) { this.status.textContent = t.prompt; return; }
    var template = shown.length === 1 ? t.count_one : t.count_many;
    var text = format(template, { n: shown.length, q: parsed.text.trim() });
    if (shown.length !== results.length) text += " " + format(t.count_filtered, { total: results.length });
    this.status.textContent = shown.length ? text : format(t.nothing_found, { q: parsed.text.trim() });
  };

  SearchPage.prototype.renderFacets = function (results) {
    var self = this, box = this.facetList;
    box.textContent = "";
    this.facetsBox.hidden = !results.length;
    if (!results.length) return;
    FACETS.forEach(function (facet) {
      var counts = facetCounts(results, self.state.filters, facet);
      var chosen = self.state.filters[facet];
      if (!counts.length) return;
      var fieldset = el("fieldset", { "class": "search-facet", "data-facet": facet });
      fieldset.appendChild(el("legend", {}, self.t["facet_" + facet]));
      var list = el("ul");
      counts.forEach(function (entry, i) {
        var selected = chosen.indexOf(entry.value) >= 0;
        if (i >= FACET_SHOWN && !selected) return;
        // Named by its value, so that it keeps its id, and the focus, when the counts reorder the list.
        var id = "facet-" + facet + "-" + encodeURIComponent(entry.value);
        var item = el("li");
        var checkbox = el("input", { type: "checkbox", id: id, value: entry.value });
        checkbox.checked = selected;
        checkbox.addEventListener("change", function () { self.toggleFilter(facet, entry.value, checkbox.checked, id); });
        var label = el("label", { "for": id });
        label.appendChild(document.createTextNode(entry.label + " "));
        label.appendChild(el("span", { "class": "count" }, "(" + entry.count + ")"));
        item.appendChild(checkbox);
        item.appendChild(label);
        list.appendChild(item);
      });
      fieldset.appendChild(list);
      box.appendChild(fieldset);
    });
  };

  SearchPage.prototype.toggleFilter = function (facet, value, on, focusId) {
    var filters = {};
    var state = this.state;
    FACETS.forEach(function (f) { filters[f] = state.filters[f].slice(); });
    var list = filters[facet];
    var at = list.indexOf(value);
    if (on && at < 0) list.push(value);
    if (!on && at >= 0) list.splice(at, 1);
    this.update({ filters: filters }).then(function () {
      // Re-rendering replaced the checkbox; keep the keyboard where it was.
      var again = document.getElementById(focusId);
      if (again) again.focus();
    });
  };

  /* The page of results, each put in as soon as its title and those of the results above it are loaded;
   * resolves when all are in. */
  SearchPage.prototype.renderResults = function (parsed, shown, current) {
    var self = this, matcher = makeMatcher(parsed), engine = this.engine;
    var page = shown.slice(0, this.state.shown), snippets = [];
    var summaries = [];
    var summaryOf = function (i) { return summaries[i] || (summaries[i] = loadSummary(engine, page[i].doc)); };
    var askForAll = function () { page.forEach(function (result, i) { summaryOf(i); }); };
    // Asking for a title costs the page a moment each, and the page cannot take in a title that came
    // while it was asking: the first result's, most often foreseen and on its way since lunr ranked, goes in
    // before the others are asked for (once it is in, or after a grace period on a slow network).
    window.setTimeout(askForAll, page.length && summaryAsked(engine, page[0].doc) ? FIRST_TITLE_GRACE_MS : 0);
    this.list.textContent = "";
    this.more.hidden = true;
    var allIn = page.reduce(function (previous, result, i) {
      return previous.then(function () { return summaryOf(i); }).then(function (doc) {
        if (!current()) return;
        var item = self.resultItem(doc, matcher);
        self.list.appendChild(item);
        if (i === 0) {
          mark("search:first-result");
          askForAll();
        }
        snippets.push({ ref: doc.ref, element: item.querySelector(".search-snippet") });
      });
    }, Promise.resolve());
    return allIn.then(function () {
      if (!current()) return;
      if (page.length) mark("search:first-page");
      // The texts come after the results are in the page: snippets fill in, nothing waits for them.
      snippets.forEach(function (snippet) {
        textOf(engine, snippet.ref).then(function (text) { fillSnippet(snippet.element, text || "", matcher); }, function () {});
      });
    });
  };

  SearchPage.prototype.articleHref = function (url) {
    return this.siteRoot + url + (/\/$/.test(url) ? "index.html" : "");
  };

  SearchPage.prototype.resultItem = function (doc, matcher) {
    var item = el("li", { "class": "search-result" });
    var link = el("a", { "class": "card-title", href: this.articleHref(doc.url) });
    appendMarked(link, doc.title, P.splitWords(doc.title), matcher);
    var heading = el("h2", { "class": "search-result-title" });
    heading.appendChild(link);
    item.appendChild(heading);
    var meta = [doc.date || this.t.undated, doc.locality].filter(Boolean).join(" · ");
    item.appendChild(el("p", { "class": "card-meta" }, meta));
    item.appendChild(el("p", { "class": "search-snippet" }));
    return item;
  };

  SearchPage.prototype.renderHelp = function (parsed, results, shown, current) {
    var self = this, help = this.help, t = this.t;
    help.textContent = "";
    if (parsed.isEmpty || shown.length) { help.hidden = true; return; }
    help.hidden = false;
    help.appendChild(el("p", {}, t.suggestions));
    var list = el("ul");
    if (results.length && !shown.length) {
      var clear = el("button", { type: "button", "class": "search-clear" }, t.clear_filters);
      clear.addEventListener("click", function () { self.update({ filters: { locality: [], year: [], directive: [] } }); });
      var item = el("li");
      item.appendChild(clear);
      list.appendChild(item);
    }
    help.appendChild(list);
    return suggestedQueries(this.engine, parsed).then(function (queries) {
      if (!current()) return;
      queries.forEach(function (query) {
        var item = el("li");
        item.appendChild(el("a", { href: "index.html?q=" + encodeURIComponent(query) }, query));
        list.appendChild(item);
      });
      [t.tip_spelling, t.tip_fewer_words, t.tip_codes].forEach(function (tip) { list.appendChild(el("li", {}, tip)); });
    });
  };

  /* ---------- "did you mean" ---------- */

  /* The commonest word of the vocabulary within one or two edits of a folded word, or null. */
  function closestWord(vocabulary, folded) {
    for (var distance = 1; distance <= 2; distance++) {
      var candidates = lunr.TokenSet.fromFuzzyString(folded, distance).intersect(vocabulary.tokenSet).toArray()
        .filter(function (term) { return term !== folded; });
      if (candidates.length) {
        return candidates.sort(function (a, b) {
          return vocabulary.documents[b] - vocabulary.documents[a] || (a < b ? -1 : 1);
        })[0];
      }
    }
    return null;
  }

  /* The vocabulary of plain folded words, with their document counts, loaded when first needed. */
  function loadVocabulary(engine) {
    if (!engine.vocabularyReady) {
      engine.vocabularyReady = engine.vocabulary().then(function (rows) {
        var documents = {};
        rows.forEach(function (row) { documents[row[0]] = row[1]; });
        return { tokenSet: lunr.TokenSet.fromArray(rows.map(function (row) { return row[0]; })), documents: documents };
      });
    }
    return engine.vocabularyReady;
  }

  /* Resolves to at most five queries to try: the words corrected, then each word found alone. */
  function suggestedQueries(engine, parsed) {
    var words = allWords(parsed);
    if (!words.length || words.length > 6) return Promise.resolve([]);
    return loadVocabulary(engine).then(function (vocabulary) {
      var known = function (word) { return (vocabulary.documents[P.foldWord(word)] || 0) > 0; };
      var changed = false;
      var corrected = words.map(function (word) {
        var folded = P.foldWord(word);
        if (known(word) || folded.length < 3) return word;
        var better = closestWord(vocabulary, folded);
        if (better) { changed = true; return better; }
        return word;
      });
      var suggestions = changed ? [corrected.join(" ")] : [];
      if (words.length > 1) words.forEach(function (word) { if (known(word)) suggestions.push(word); });
      return suggestions.slice(0, 5);
    }).catch(function () { return []; });
  }

  /* ---------- start ---------- */

  function start() {
    var root = document.getElementById("search");
    var manifest = window.EDITION_SEARCH_INDEX;
    if (!root || !manifest || !lunr || !P || !S) return;
    var strings = JSON.parse(document.getElementById("search-strings").textContent);
    var engine = makeEngine(manifest, root.getAttribute("data-search-base") || "");
    if (window.performance && performance.mark) performance.mark("search:index-ready");
    // The query's shards are asked for before the page is set up, which takes a few milliseconds of its
    // own; the page's first render finds the search under way (searchFor keeps it).
    searchFor(engine, parseQuery(readState().q));
    var page = new SearchPage(root, engine, strings);
    page.bind();
    page.render().then(function () { root.setAttribute("data-ready", "true"); });
  }

  window.EditionSearch = {
    parseQuery: parseQuery, plannedQuery: plannedQuery, kindsOfFields: kindsOfFields, makeSearch: makeSearch,
    scoreLimits: scoreLimits
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
