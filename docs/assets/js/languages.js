// Links between an explainer's languages (render/templates/_translation.html, _lag.html).
//
// The language links at the top keep the reader at the finding they are reading, whose anchor is its
// id in every language: the finding in view, or else the one the address names (a reader who followed
// a link to a finding, then went up to the links). Without this script they open the other language's
// page at its top; each finding also has its own links, which need no script.
//
// Material's script reads each <link rel="alternate"> of the page (here: the explainer in its other
// languages) as a site in another language, and takes a click on any link into one for its own
// language selector: it opens that language's start instead, dropping the finding or note the link
// names. Links into the explainer's other versions are ours, so their clicks go no further than this
// listener, which runs first (in the capture phase); the browser still follows them.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest(".ee-explainer a[href]") : null;
  if (!link) return;
  const target = new URL(link.href, document.baseURI);
  if (target.pathname === window.location.pathname) return; // this page: the theme leaves it alone too
  const versions = [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map(
    (alternate) => new URL(alternate.href, document.baseURI).href.replace(/\/$/, "") + "/",
  );
  if (!versions.some((version) => target.href.startsWith(version))) return;
  event.stopPropagation();
  if (!link.closest(".ee-languages")) return;
  const findings = [...document.querySelectorAll(".ee-finding[aria-labelledby]")];
  const line = window.innerHeight * 0.3;
  let current = null;
  for (const section of findings) {
    if (section.getBoundingClientRect().top <= line) current = section;
  }
  if (current && current.getBoundingClientRect().bottom <= 0) current = null;
  const named = decodeURIComponent(window.location.hash.slice(1));
  const id = current ? current.getAttribute("aria-labelledby")
    : findings.some((s) => s.getAttribute("aria-labelledby") === named) ? named : null;
  if (id) {
    target.hash = id;
    link.href = target.href;
  }
}, true);
