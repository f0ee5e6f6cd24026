/* Run a page's setup once per page view: on load, and again after each of Material's instant
   navigations (document$), so every script here behaves the same whichever way a page was reached.
   Loaded first (mkdocs.yml extra_javascript); the other scripts call window.eeOnPage(setup). */
window.eeOnPage = function (setup) {
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
};

/* Text as the site's indexes compare it (macros/formats/search_index.py: fold, words, bucket), for
   the search and the bibliography's filter: lower case, accents dropped, runs of letters and
   digits; a word's bucket is FNV-1a (32 bits) of its first `prefix` UTF-16 code units (all of
   them when `prefix` is not given), modulo the number of buckets. WORD finds the words of a text. */
window.eeText = (function () {
  var MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
  var WORD = /[\p{L}\p{N}]+/gu;
  function fold(text) {
    return text.toLowerCase().replace(/ß/g, "ss").normalize("NFKD").replace(MARKS, "");
  }
  function words(text) {
    return fold(text).match(WORD) || [];
  }
  function bucket(word, buckets, prefix) {
    var h = 0x811c9dc5, end = prefix === undefined ? word.length : Math.min(word.length, prefix);
    for (var i = 0; i < end; i++) {
      h ^= word.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % buckets;
  }
  return {fold: fold, words: words, bucket: bucket, WORD: WORD};
})();
