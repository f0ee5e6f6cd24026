// The language links at the top of an explainer (render/templates/_translation.html) keep the reader at
// the finding they are reading, whose anchor is its id in every language: the finding in view, or else
// the one the address names (a reader who followed a link to a finding, then went up to the links).
// Without this script the link opens the other language's page at its top; each finding also has its
// own links, which need no script.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest(".ee-explainer a[data-language]") : null;
  if (!link) return;
  // Material's script takes a click on a link into a page named by <link rel="alternate"> (here the
  // explainer's other languages) for its own language selector, and opens that language's start
  // instead, dropping the finding: the link is ours, so its click goes no further than here (this
  // listener runs first, in the capture phase); the browser still follows the link.
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
    const url = new URL(link.href, document.baseURI);
    url.hash = id;
    link.href = url.href;
  }
}, true);
