// The language links at the top of an explainer (render/templates/_translation.html) keep the reader at
// the finding they are reading: a finding's anchor is its id in every language. Without this script the
// link opens the other language's page at its top; each finding also has its own links, which need no
// script.
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest(".ee-languages a[hreflang]") : null;
  if (!link) return;
  const line = window.innerHeight * 0.3;
  let current = null;
  for (const section of document.querySelectorAll(".ee-finding[aria-labelledby]")) {
    if (section.getBoundingClientRect().top <= line) current = section;
  }
  if (current && current.getBoundingClientRect().bottom > 0) {
    const url = new URL(link.href, document.baseURI);
    url.hash = current.getAttribute("aria-labelledby");
    link.href = url.href;
  }
});
