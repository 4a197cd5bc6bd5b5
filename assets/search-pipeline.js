/* Vietnamese text -> search tokens: the twin of edition/search/pipeline.py, step for step.
 * The index was built in Python with pipeline functions registered under these labels;
 * lunr.js looks them up by label when it loads the index, so both sides must agree exactly
 * (tests/test_search_pipeline.py runs this file under Node on every seed article). */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api;
  } else {
    root.EditionSearchPipeline = api;
    if (root.lunr) api.register(root.lunr);
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var WORD_RUN = /[\p{L}\p{N}]+/gu;
  var JOINERS = "-/.";
  var LETTER_RUN = /[\p{L}\p{Nl}\p{No}]+/gu;
  var PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
  var ASCII_DIGIT = /[0-9]/;
  var VOWELS = "aăâeêioôơuưy";
  var MODIFIED_VOWELS = "ăâêôơư";
  var TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323";
  var COMBINING_MARKS = /[\u0300-\u036f]/g;
  var PAIR_JOINER = " ";
  var PAIR_MARK = "~";  // pairs begin with a mark no word begins with (see pipeline.py)

  function nfc(text) {
    return String(text).normalize("NFC");
  }

  /* Words of NFC text with their offsets; codes such as 35-CT/TW stay whole. */
  function splitWords(text) {
    var runs = [], match;
    WORD_RUN.lastIndex = 0;
    while ((match = WORD_RUN.exec(text)) !== null) {
      runs.push({ text: match[0], start: match.index, end: match.index + match[0].length });
    }
    var words = [], chain = [];
    runs.forEach(function (run) {
      if (chain.length && joined(text, chain[chain.length - 1], run)) {
        chain.push(run);
        return;
      }
      words.push.apply(words, mergeChain(text, chain));
      chain = [run];
    });
    words.push.apply(words, mergeChain(text, chain));
    return words;
  }

  function joined(text, left, right) {
    return right.start === left.end + 1 && JOINERS.indexOf(text.charAt(left.end)) >= 0;
  }

  function mergeChain(text, chain) {
    if (chain.length < 2 || !isCode(chain)) return chain;
    var first = chain[0], last = chain[chain.length - 1];
    return [{ text: text.slice(first.start, last.end), start: first.start, end: last.end }];
  }

  function upperCount(word) {
    var count = 0;
    for (var ch of word) if (ch.toLowerCase() !== ch) count += 1;
    return count;
  }

  function isCode(chain) {
    var hasDigit = chain.some(function (run) { return ASCII_DIGIT.test(run.text); });
    var allAcronyms = chain.every(function (run) { return upperCount(run.text) >= 2; });
    return hasDigit || allAcronyms;
  }

  /* NFC, lower case, and each syllable's tone mark on one vowel (the "Ủy", "hòa" convention). */
  function normaliseWord(word) {
    return nfc(word).toLowerCase().replace(LETTER_RUN, placeTone);
  }

  function placeTone(syllable) {
    var decomposed = Array.from(syllable.normalize("NFD"));
    var tones = decomposed.filter(function (ch) { return TONE_MARKS.indexOf(ch) >= 0; });
    if (tones.length !== 1) return syllable;
    var base = Array.from(nfc(decomposed.filter(function (ch) {
      return TONE_MARKS.indexOf(ch) < 0;
    }).join("")));
    var target = toneVowelIndex(base);
    if (target === null) return syllable;
    return nfc(base.slice(0, target + 1).join("") + tones[0] + base.slice(target + 1).join(""));
  }

  /* Which vowel of a toneless syllable (an array of characters) carries the tone. */
  function toneVowelIndex(base) {
    var vowels = [];
    base.forEach(function (ch, i) { if (VOWELS.indexOf(ch) >= 0) vowels.push(i); });
    var onset = base.slice(0, 2).join("");
    // The u of "qu" and the i of "gi" before another vowel belong to the onset.
    if (vowels.length > 1 && (onset === "qu" || onset === "gi") && vowels[0] === 1) vowels = vowels.slice(1);
    if (!vowels.length || vowels[vowels.length - 1] - vowels[0] !== vowels.length - 1) return null;
    var modified = vowels.filter(function (i) { return MODIFIED_VOWELS.indexOf(base[i]) >= 0; });
    if (modified.length) return modified[modified.length - 1];
    if (vowels[vowels.length - 1] < base.length - 1) return vowels[vowels.length - 1];
    return vowels.length >= 3 ? vowels[1] : vowels[0];
  }

  function foldWord(word) {
    var stripped = String(word).normalize("NFD").replace(COMBINING_MARKS, "");
    return nfc(stripped.replace(/đ/g, "d").replace(/Đ/g, "D"));
  }

  /* Every shorter run of a code's parts, so that "35" or "CT-TTg" alone still finds "16/CT-TTg". */
  function codeParts(word) {
    var text = String(word), runs = [], match;
    WORD_RUN.lastIndex = 0;
    while ((match = WORD_RUN.exec(text)) !== null) runs.push([match.index, match.index + match[0].length]);
    var parts = [];
    for (var first = 0; first < runs.length; first++) {
      for (var last = first; last < runs.length; last++) {
        if (first === 0 && last === runs.length - 1) continue;
        parts.push(text.slice(runs[first][0], runs[last][1]));
      }
    }
    return parts;
  }

  function isPlainWord(term) {
    return PLAIN_WORD.test(term);
  }

  function hasDiacritics(word) {
    return foldWord(word) !== word;
  }

  /* --- lunr pipeline functions, registered under the labels the index names --- */

  function viNormalise(token) {
    return token.update(function (s) { return normaliseWord(s); });
  }

  function viCodeParts(token) {
    return [token].concat(codeParts(token.toString()).map(function (part) {
      return token.clone(function () { return part; });
    }));
  }

  function viAccented(token) {
    return hasDiacritics(token.toString()) ? token : null;
  }

  function viFold(token) {
    return token.update(function (s) { return foldWord(s); });
  }

  function viPairs(token, i, tokens) {
    if (i + 1 >= tokens.length) return null;
    var following = tokens[i + 1].toString();
    if (!(isPlainWord(token.toString()) && isPlainWord(following))) return null;
    return token.clone(function (s) { return PAIR_MARK + s + PAIR_JOINER + following; });
  }

  var STEPS = {
    "vi-normalise": viNormalise,
    "vi-code-parts": viCodeParts,
    "vi-accented": viAccented,
    "vi-fold": viFold,
    "vi-pairs": viPairs
  };

  function register(lunr) {
    Object.keys(STEPS).forEach(function (label) {
      if (!(label in lunr.Pipeline.registeredFunctions)) lunr.Pipeline.registerFunction(STEPS[label], label);
    });
  }

  /* The terms one field indexes for a text, as lunr.py's builder makes them. */
  function fieldTokens(lunr, steps, text) {
    var words = splitWords(nfc(text)).map(function (w) { return w.text; });
    return lunr.Pipeline.load(steps).run(lunr.tokenizer(words)).map(String);
  }

  return {
    nfc: nfc,
    splitWords: splitWords,
    normaliseWord: normaliseWord,
    foldWord: foldWord,
    codeParts: codeParts,
    isPlainWord: isPlainWord,
    hasDiacritics: hasDiacritics,
    PAIR_JOINER: PAIR_JOINER,
    PAIR_MARK: PAIR_MARK,
    register: register,
    fieldTokens: fieldTokens
  };
});
