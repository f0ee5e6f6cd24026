/* Bibliography filter: hide entries whose title, author or publisher lack the typed words.
   Progressive: without JavaScript the tools stay hidden and every entry shows. */
(function () {
  function setup() {
    var input = document.getElementById("ee-bib-filter");
    if (!input || input.dataset.ready) return;
    input.dataset.ready = "1";
    var tools = input.closest(".ee-bib-tools");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".ee-bib-entry"));
    var count = document.querySelector(".ee-bib-count");
    var empty = document.querySelector(".ee-bib-empty");
    tools.hidden = false;
    function apply() {
      var words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var text = entry.getAttribute("data-filter");
        var match = words.every(function (w) { return text.indexOf(w) !== -1; });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = words.length ? shown + " of " + entries.length + " sources" : entries.length + " sources";
      empty.hidden = shown !== 0;
    }
    input.addEventListener("input", apply);
    apply();
  }
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setup);
  } else {
    document.addEventListener("DOMContentLoaded", setup);
  }
})();
