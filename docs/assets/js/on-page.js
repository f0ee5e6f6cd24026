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
