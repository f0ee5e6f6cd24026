// The site's search, in the theme's search box (overrides/partials/search.html).
//
// The index is static files in small parts (macros/formats/search_index.py): for the page's
// language, a list of how it is cut (meta.json), buckets of words (terms/<n>.json) and parts of
// entries (entries/<n>.json). Nothing is fetched until the reader opens the search or types in it;
// then a query fetches the bucket of each word it has and the parts holding the results shown, so
// what a search costs does not grow with the site. Words are folded exactly as `words()` folds
// them in search_index.py: lower case, accents dropped, runs of letters and digits. Every word of
// the query must occur in a result (as a word or the start of one), except a word so common that
// the index kept only its best entries ("cut"), which only ranks. All text goes on the page as text.
(() => {
  const box = document.querySelector("[data-ee-search]");
  if (!box) return;
  const input = box.querySelector(".md-search__input");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const toggle = document.getElementById("__search");
  const config = (() => {
    try {
      return JSON.parse(document.getElementById("__config").textContent);
    } catch {
      return {};
    }
  })();
  const say = (key, fallback) => (config.translations && config.translations[key]) || fallback;
  const base = new URL(box.getAttribute("data-ee-search"), document.baseURI);
  const root = new URL("../", base);
  const PAGE = 10;
  const PREFIX = 3; // search_index.PREFIX: a shorter word finds itself only
  const MAX_EXPANSIONS = 40;
  const { fold, words, WORD } = window.eeText; // on-page.js: as search_index.py folds and cuts words
  const bucketOf = (word, buckets) => window.eeText.bucket(word, buckets, PREFIX);

  const cache = new Map();
  const fetchJSON = (path) => {
    if (!cache.has(path)) {
      cache.set(path, fetch(new URL(path, base)).then((r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status}`);
        return r.json();
      }));
    }
    return cache.get(path);
  };

  let index = null; // {folder, meta}
  const open = () => {
    if (!index) {
      index = fetchJSON("languages.json").then((languages) => {
        const explainer = document.querySelector(".ee-explainer[lang]");
        const wanted = [explainer && explainer.getAttribute("lang"), document.documentElement.lang, "en"];
        const language = wanted.find((l) => l && languages.includes(l)) || languages[0];
        return fetchJSON(`${language}/meta.json`).then((m) => ({ folder: `${language}/`, meta: m }));
      });
      index.catch(() => { index = null; });
    }
    return index;
  };

  async function search(query) {
    const { folder, meta: m } = await open();
    const terms = [...new Set(words(query))];
    if (!terms.length) return { total: 0, ranked: [], terms, folder, meta: m };
    const required = [];
    const optional = [];
    for (const term of terms) {
      const bucket = await fetchJSON(`${folder}terms/${bucketOf(term, m.buckets)}.json`);
      const cut = new Set(bucket.cut);
      const scores = new Map();
      let allCut = true;
      const matches = Object.keys(bucket.words)
        .filter((w) => (term.length < PREFIX ? w === term : w.startsWith(term)))
        .sort((a, b) => (a === term ? -1 : b === term ? 1 : bucket.words[b][0] - bucket.words[a][0]))
        .slice(0, MAX_EXPANSIONS);
      for (const word of matches) {
        if (!cut.has(word)) allCut = false;
        const posting = bucket.words[word];
        const rarity = Math.log(1 + m.entries / posting[0]) * (word === term ? 1.5 : 1);
        let entry = 0;
        for (let i = 1; i < posting.length; i += 2) {
          entry += posting[i];
          const weight = posting[i + 1];
          scores.set(entry, (scores.get(entry) || 0) + rarity * weight); // weight: BM25's, from the index
        }
      }
      // A short word still being typed (the query's last) that is no word yet does not empty the results.
      if (!matches.length && term.length < PREFIX && term === terms[terms.length - 1] && terms.length > 1) continue;
      (matches.length && allCut ? optional : required).push(scores);
    }
    let found;
    if (required.length) {
      required.sort((a, b) => a.size - b.size);
      found = new Map([...required[0]].filter(([entry]) => required.every((s) => s.has(entry))));
      for (const scores of required.slice(1)) for (const entry of found.keys()) found.set(entry, found.get(entry) + scores.get(entry));
    } else {
      found = new Map();
      for (const scores of optional) for (const [entry, s] of scores) found.set(entry, (found.get(entry) || 0) + s);
    }
    if (required.length) for (const scores of optional) for (const entry of found.keys()) found.set(entry, found.get(entry) + (scores.get(entry) || 0));
    const ranked = [...found].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([entry]) => entry);
    return { total: ranked.length, ranked, terms, folder, meta: m };
  }

  const matching = (token, terms) => {
    const folded = fold(token);
    return terms.some((t) => (t.length < PREFIX ? folded === t : folded.startsWith(t)));
  };

  // Text with the query's words marked, as nodes; `from`/`length` cut an excerpt around the first match.
  function marked(text, terms, excerpt) {
    const spans = [...text.matchAll(WORD)].filter((m) => matching(m[0], terms));
    let start = 0;
    let end = text.length;
    if (excerpt && text.length > 240) {
      const first = spans.length ? spans[0].index : 0;
      start = Math.max(0, first - 60);
      end = Math.min(text.length, start + 240);
    }
    const out = document.createDocumentFragment();
    if (start > 0) out.append("… ");
    let at = start;
    for (const m of spans) {
      if (m.index < start || m.index + m[0].length > end) continue;
      out.append(text.slice(at, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      out.append(mark);
      at = m.index + m[0].length;
    }
    out.append(text.slice(at, end));
    if (end < text.length) out.append(" …");
    return out;
  }

  async function show(result, from) {
    const { ranked, terms, folder, meta: m } = result;
    const shown = ranked.slice(from, from + PAGE);
    const parts = await Promise.all(
      shown.map((entry) => fetchJSON(`${folder}entries/${Math.floor(entry / m.per_part)}.json`)),
    );
    if (current !== result) return;
    shown.forEach((entry, i) => {
      const [location, title, page, text] = parts[i][entry % m.per_part];
      const href = new URL(location, root);
      if (href.origin !== root.origin) return;
      const item = document.createElement("li");
      item.className = "md-search-result__item";
      const link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = href.href;
      const article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      const heading = document.createElement(page ? "h2" : "h1");
      heading.append(marked(title, terms, false));
      article.append(heading);
      if (page) {
        const where = document.createElement("p");
        where.className = "ee-search-page";
        where.textContent = page;
        article.append(where);
      }
      if (text) {
        const p = document.createElement("p");
        p.append(marked(text, terms, true));
        article.append(p);
      }
      link.append(article);
      item.append(link);
      list.append(item);
    });
    const more = ranked.length - from - shown.length;
    if (more > 0) {
      const item = document.createElement("li");
      item.className = "md-search-result__item ee-search-more";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = `+${more}`;
      button.setAttribute("aria-label", `+${more}`);
      button.addEventListener("click", () => {
        item.remove();
        show(result, from + PAGE);
      });
      item.append(button);
      list.append(item);
    }
  }

  let current = null;
  let timer = 0;
  // The results of what the box holds now. One search at a time: keys typed while one runs are
  // taken together when it ends, so a fast typist's keys never queue searches up.
  const update = async () => {
    const query = input.value;
    if (!words(query).length) {
      current = null;
      list.replaceChildren();
      meta.textContent = say("search.result.placeholder", "Type to start searching");
      return;
    }
    let result;
    try {
      result = await search(query);
    } catch {
      meta.textContent = say("search.result.none", "No matching documents");
      return;
    }
    if (input.value !== query) return;
    current = result;
    list.replaceChildren();
    meta.textContent = result.total === 0
      ? say("search.result.none", "No matching documents")
      : result.total === 1
        ? say("search.result.one", "1 matching document")
        : say("search.result.other", "# matching documents").replace("#", String(result.total));
    await show(result, 0);
    box.setAttribute("data-ee-shown", query); // which query the results on screen answer
  };
  let busy = false;
  let again = false;
  const go = async () => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      await update();
    } finally {
      busy = false;
    }
    if (again) {
      again = false;
      go();
    }
  };
  const run = () => {
    clearTimeout(timer);
    // A query of one or two letters waits: typed on the way to a longer word, it is usually
    // replaced before it runs, and fetches nothing. A longer one runs at once.
    if (input.value.trim().length < PREFIX) timer = setTimeout(go, 300);
    else go();
  };

  input.addEventListener("input", run);
  input.addEventListener("focus", () => {
    if (toggle && !toggle.checked) toggle.checked = true; // on a wide screen the box is in the header
    open().catch(() => {});
  });
  box.querySelector("form").addEventListener("reset", () => setTimeout(run));
  box.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    const first = list.querySelector("a");
    if (first) first.click();
  });
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a") && toggle) toggle.checked = false;
  });
  if (toggle) {
    toggle.addEventListener("change", () => {
      if (toggle.checked) setTimeout(() => input.focus());
      else input.blur();
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    const typing = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]");
    if (!toggle || !toggle.checked) {
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        if (toggle) toggle.checked = true;
        input.focus();
        input.select();
      }
      return;
    }
    if (event.key === "Escape") {
      toggle.checked = false;
      input.blur();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const stops = [input, ...list.querySelectorAll("a, button")];
      const at = stops.indexOf(document.activeElement);
      const next = (Math.max(0, at) + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length;
      stops[next].focus();
      event.preventDefault();
    }
  });
})();
