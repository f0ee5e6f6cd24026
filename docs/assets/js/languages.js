// Changing language: the theme's language selector in the header (Material's `extra.alternate`, which
// the engine sets from the languages data/ has translations in) and the engine's own links between an
// explainer's languages (render/templates/_translation.html, _lag.html). One behaviour for both:
//
// - On an explainer page with a version in the chosen language, the selector's entry for it leads to
//   that version, at the finding being read (the one in view, or else the one the address names);
//   the language links at the top do the same. On any other page, the selector leads to the
//   language's start page (/uk/), as its links do without this script; each finding also has its own
//   links to the same finding in the other languages, which need no script.
// - Material's own handler is kept out of these clicks. It takes a click on a link into any address
//   listed as a `<link rel="alternate">` in <head> (the selector's languages, and an explainer's other
//   versions) and guesses the target from that language's sitemap.xml and the current address: it
//   would drop the finding a link names, and with English at the site's root its result depends on
//   which sitemap arrived first. This listener runs first (capture phase, on the document) and stops
//   such a click there; the browser still follows the link, as this script has set it.

(() => {
  const base = () => document.baseURI;
  const absolute = (href) => new URL(href, base()).href;

  // The explainer's versions, by language, from its own language links (none on other pages).
  function versions() {
    const found = new Map();
    for (const link of document.querySelectorAll(".ee-languages a[data-language]")) {
      found.set(link.dataset.language, absolute(link.getAttribute("href")));
    }
    const here = document.querySelector(".ee-languages [aria-current][lang]");
    if (here) found.set(here.getAttribute("lang"), window.location.href.split("#")[0]);
    return found;
  }

  // The finding being read: the one in view, or else the one the address names.
  function findingId() {
    const findings = [...document.querySelectorAll(".ee-finding[aria-labelledby]")];
    const line = window.innerHeight * 0.3;
    let current = null;
    for (const section of findings) {
      if (section.getBoundingClientRect().top <= line) current = section;
    }
    if (current && current.getBoundingClientRect().bottom <= 0) current = null;
    if (current) return current.getAttribute("aria-labelledby");
    const named = decodeURIComponent(window.location.hash.slice(1));
    return findings.some((s) => s.getAttribute("aria-labelledby") === named) ? named : null;
  }

  // Would Material's handler take this link? The same test it makes: the link is under an address
  // listed as an alternate in <head>, and this page is not.
  function alternateTarget(href) {
    return [...document.querySelectorAll('link[rel="alternate"][hreflang]')].some((alternate) => {
      const url = absolute(alternate.getAttribute("href")).replace(/\/$/, "");
      return href.startsWith(`${url}/`) && !window.location.href.startsWith(url);
    });
  }

  // The selector's entries lead to this explainer's version in their language where there is one
  // (for a new tab too); the finding is added when clicked.
  function setSelector() {
    const found = versions();
    for (const link of document.querySelectorAll(".md-select__link[hreflang]")) {
      const there = found.get(link.getAttribute("hreflang"));
      if (there) link.href = there;
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setSelector);
  else setSelector();

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!link || event.metaKey || event.ctrlKey) return;
    const selector = link.matches(".md-select__link[hreflang]");
    const ours = link.closest(".ee-languages") !== null;
    if (!selector && !alternateTarget(link.href)) return;
    event.stopPropagation();
    if (!selector && !ours) return; // a link that names its own place: followed as written
    const language = selector ? link.getAttribute("hreflang") : link.dataset.language;
    const there = versions().get(language);
    if (!there) return; // no version in that language: its start page, as the link has it
    const target = new URL(there);
    if (target.href.split("#")[0] === window.location.href.split("#")[0]) {
      event.preventDefault(); // this page's own language: stay
      return;
    }
    const id = findingId();
    if (id) target.hash = id;
    link.href = target.href;
  }, true);
})();
