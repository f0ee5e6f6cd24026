/* The bibliography's script (bibliography-filter.js) is fetched only by a page that holds the
   bibliography's tools: every other page is spared its weight. */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var requested = false;
  window.eeOnPage(function () {
    if (requested || !here || !document.querySelector(".ee-bibliography[data-index]")) return;
    requested = true;
    var script = document.createElement("script");
    script.src = here.replace(/bibliography-loader\.js(\?[^#]*)?$/, "bibliography-filter.js$1");
    document.head.appendChild(script);
  });
})();
