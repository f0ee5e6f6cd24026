/* The bibliography: filter, sort and page through every source.

   The page holds only the first entries as HTML. This script shows the filter box and, when the
   reader turns to it (or the address asks for a view), loads the bibliography's index (small JSON
   files written by macros/formats/bibliography_index.py), fetching only what a view needs: the
   keys (a few bytes a source: publisher, type, language, date) first, then a bucket of words for
   each word typed and the parts holding the entries shown. It then:
   - filters as the reader types (words in a title, author or publisher: each typed word is a
     word there or the start of one) and by publisher, affiliation, type, language and year, and
     sorts by name or date;
   - mirrors that state in the address (?text=…&publisher=…&sort=newest) so it can be shared,
     and restores it on load (not `q`, which the search claims);
   - shows at most WINDOW matches at a time, with buttons for the rest, and puts only the first
     PAINT of them in place at once (the others follow when the browser is idle), so a keystroke
     costs the same with 100 or 10,000 sources;
   - updates the list in the frame after a keystroke, not inside the input event: there the
     browser would lay out the new list once more to place the caret;
   - builds the entries that are not on the page from the index, with DOM calls and
     textContent only (never innerHTML), linking only http and https addresses;
   - opens /bibliography/#<source-id> at that entry even when it was not on the page.
   Without JavaScript, or if the index cannot load, the first entries stay and a link leads to
   /bibliography/all/, which lists every entry as HTML. */
(function () {
  "use strict";

  var WINDOW = 200;  // matches shown at a time; buttons show the others
  var PAINT = 12;    // entries put in place at once (a tall screenful); the rest follow
  var CHUNK = 8;     // entries added each time the browser is idle, until the window is full
  var KEEP = 2000;   // built entries kept for reuse; beyond that, those not shown are let go
  var FORMAT = 2;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var MENUS = ["publisher", "affiliation", "type", "language", "year"];
  var PARAMS = ["text"].concat(MENUS, ["sort"]);
  // "Name" is the bibliography's order: author (or publisher), then date, then title.
  var SORTS = [["name", "Name, A–Z"], ["newest", "Newest first"], ["oldest", "Oldest first"]];
  var FACTS_LABEL = "What is known and not known about this source";
  var TEXT = window.eeText;  // on-page.js: words folded and hashed as the index's are

  // ---- text, as the engine writes it (macros/model.py) ------------------------------------
  function formatDate(value) {  // format_date: "2024-06-22" -> "22 June 2024"
    if (!value) return "";
    var parts = value.split("-");
    if (parts.length === 1) return parts[0];
    var month = MONTHS[parseInt(parts[1], 10) - 1];
    return parts.length === 2 ? month + " " + parts[0] : parseInt(parts[2], 10) + " " + month + " " + parts[0];
  }

  function displayName(author) {  // display_name: "Tyshchenko, Kateryna" -> "Kateryna Tyshchenko"
    var comma = author.indexOf(",");
    if (comma === -1) return author;
    return (author.slice(comma + 1).trim() + " " + author.slice(0, comma).trim()).trim();
  }

  function number(n) {
    return n.toLocaleString("en-GB");
  }

  // When the browser has nothing better to do (at most 100 ms on), so adding entries below the
  // screen never delays a keystroke.
  function idle(fn) {
    if (window.requestIdleCallback) window.requestIdleCallback(fn, {timeout: 100});
    else window.setTimeout(fn, 16);
  }

  function safeUrl(url) {  // the engine checked every URL; only http and https become links here
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function fetchJSON(url) {
    return fetch(url, {credentials: "same-origin"}).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status + ": " + url);
      return response.json();
    });
  }

  // ---- the index: the keys at once, the rest as views need it -------------------------------
  // `url`: the keys' address, with the build's version (?v=…), which every other file shares.
  function Index(keys, url) {
    var n = keys.count, i;
    var query = url.search;
    this.keys = keys;
    this.n = n;
    this.file = function (path) { return new URL(path + query, url).href; };
    this.cache = Object.create(null);     // path -> promise of its JSON
    this.entries = new Array(n);          // entry data, once its part has come
    this.pub = Int32Array.from(keys.publisher);
    this.type = Int32Array.from(keys.type);
    this.lang = Int32Array.from(keys.language);
    this.date = Int32Array.from(keys.date); // position in keys.dates (in date order), or -1
    this.year = new Array(n);             // "2024", or "none" when the date is not known
    this.aff = new Int32Array(n);         // affiliation position of the publisher
    for (i = 0; i < n; i++) {
      this.year[i] = this.date[i] >= 0 ? keys.dates[this.date[i]].slice(0, 4) : "none";
      this.aff[i] = keys.publishers[this.pub[i]][2];
    }
    // Sort orders, computed once: the index is in name order; dated sources by date (ties in
    // name order), then the undated ones in name order.
    var all = [], dated = [], undated = [], date = this.date;
    for (i = 0; i < n; i++) {
      all.push(i);
      (date[i] >= 0 ? dated : undated).push(i);
    }
    var oldest = dated.slice().sort(function (a, b) { return date[a] - date[b] || a - b; });
    var newest = dated.slice().sort(function (a, b) { return date[b] - date[a] || a - b; });
    this.orders = {name: all, newest: newest.concat(undated), oldest: oldest.concat(undated)};
    this.options = this.menuOptions();
  }

  Index.prototype.get = function (path) {
    var cache = this.cache;
    if (!cache[path]) {
      cache[path] = fetchJSON(this.file(path));
      cache[path].catch(function () { delete cache[path]; });  // a failed fetch may be tried again
    }
    return cache[path];
  };

  // Resolves once the entries at `positions` have their data: a part is fetched once.
  Index.prototype.load = function (positions) {
    var self = this, per = this.keys.per_part, wanted = Object.create(null), waits = [];
    positions.forEach(function (i) {
      if (!self.entries[i]) wanted[Math.floor(i / per)] = true;
    });
    Object.keys(wanted).forEach(function (part) {
      waits.push(self.get("entries/" + part + ".json").then(function (list) {
        for (var k = 0; k < list.length; k++) self.entries[part * per + k] = list[k];
      }));
    });
    return Promise.all(waits);
  };

  // The position of a source id, or undefined: from the id's bucket.
  Index.prototype.position = function (id) {
    return this.get("ids/" + TEXT.bucket(id, this.keys.id_buckets) + ".json").then(function (ids) {
      return Object.prototype.hasOwnProperty.call(ids, id) ? ids[id] : undefined;
    });
  };

  // Which sources have every word of `text` (as a word or the start of one), as one flag a
  // source; null when no word limits them. A short word (under the index's prefix) finds itself
  // only; a short last word that is no word yet is still being typed and limits nothing.
  Index.prototype.textMatch = function (text) {
    var self = this, prefix = this.keys.prefix, n = this.n;
    var typed = TEXT.words(text), last = typed[typed.length - 1];
    var want = typed.filter(function (w, k) { return typed.indexOf(w) === k; });
    if (!want.length) return Promise.resolve(null);
    return Promise.all(want.map(function (word) {
      return self.get("words/" + TEXT.bucket(word, self.keys.word_buckets, prefix) + ".json");
    })).then(function (buckets) {
      var hits = new Uint16Array(n), required = 0;
      want.forEach(function (word, k) {
        var bucket = buckets[k], seen = new Uint8Array(n), found = false;
        Object.keys(bucket).forEach(function (w) {
          if (word.length < prefix ? w !== word : w.lastIndexOf(word, 0) !== 0) return;
          found = true;
          var list = bucket[w], at = 0;
          for (var j = 0; j < list.length; j++) {
            at += list[j];
            seen[at] = 1;
          }
        });
        if (!found && word.length < prefix && word === last) return;
        required += 1;
        for (var i = 0; i < n; i++) hits[i] += seen[i];
      });
      if (!required) return null;
      var match = new Uint8Array(n);
      for (var i = 0; i < n; i++) match[i] = hits[i] === required ? 1 : 0;
      return match;
    });
  };

  // Each menu's choices as [value, label, count], only for values some source has.
  Index.prototype.menuOptions = function () {
    var d = this.keys, n = this.n, self = this;
    function counted(table, column, label) {
      var counts = new Array(table.length).fill(0);
      for (var i = 0; i < n; i++) counts[column[i]] += 1;
      return table.map(function (row, k) { return [row[0], label(row), counts[k]]; })
        .filter(function (option) { return option[2] > 0; });
    }
    var years = Object.create(null);
    this.year.forEach(function (y) { years[y] = (years[y] || 0) + 1; });
    var yearOptions = Object.keys(years).filter(function (y) { return y !== "none"; }).sort().reverse()
      .map(function (y) { return [y, y, years[y]]; });
    if (years.none) yearOptions.push(["none", "Date not shown", years.none]);
    return {
      publisher: counted(d.publishers, this.pub, function (r) { return r[1]; }),
      affiliation: counted(d.affiliations, self.aff, function (r) { return r[1]; }),
      type: counted(d.types, this.type, function (r) { return r[1].charAt(0).toUpperCase() + r[1].slice(1); }),
      language: counted(d.languages, this.lang, function (r) { return r[1]; }),
      year: yearOptions,
    };
  };

  // The position of a menu's value in its table, or -1 for "all".
  Index.prototype.menuPosition = function (menu, value) {
    if (!value) return -1;
    var table = {publisher: this.keys.publishers, affiliation: this.keys.affiliations,
                 type: this.keys.types, language: this.keys.languages}[menu];
    for (var k = 0; k < table.length; k++) if (table[k][0] === value) return k;
    return -1;
  };

  // Resolves to the positions of the sources that match `state`, in its sort order. No DOM.
  Index.prototype.filter = function (state) {
    var self = this;
    return this.textMatch(state.text || "").then(function (text) {
      var pub = self.menuPosition("publisher", state.publisher);
      var af = self.menuPosition("affiliation", state.affiliation);
      var type = self.menuPosition("type", state.type);
      var lang = self.menuPosition("language", state.language);
      var yr = state.year || "";
      var order = self.orders[state.sort] || self.orders.name;
      var out = [];
      for (var k = 0; k < order.length; k++) {
        var i = order[k];
        if ((text && !text[i]) || (pub !== -1 && self.pub[i] !== pub) || (af !== -1 && self.aff[i] !== af) ||
            (type !== -1 && self.type[i] !== type) || (lang !== -1 && self.lang[i] !== lang) ||
            (yr && self.year[i] !== yr)) continue;
        out.push(i);
      }
      return out;
    });
  };

  // ---- one entry, built like macros/templates/bibliography.html and _citation.html ----------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function link(href, className, text, external) {
    var a = el("a", className, text);
    a.setAttribute("href", href);
    if (external !== false) a.setAttribute("rel", "noopener noreferrer");
    return a;
  }

  function gap(parent, text) {  // the line breaks of the template, so copied text keeps its spaces
    parent.appendChild(document.createTextNode(text));
  }

  // Entry i, once its part has come (Index.load).
  Index.prototype.entry = function (i, root) {
    var E = this.entries[i], d = this.keys;
    var li = el("li", "ee-bib-entry");
    li.id = E.id;
    var c = el("span", "ee-citation");
    c.setAttribute("lang", d.languages[this.lang[i]][0]);
    var text = function (t) { c.appendChild(document.createTextNode(t)); };
    var authors = E.authors || [];
    if (authors.length) {
      c.appendChild(el("span", "ee-authors", authors.map(displayName).join(", ")));
      text(". ");
    }
    var url = E.url, safe = safeUrl(url), title = E.title;
    if (title) {
      var cite = el("cite", "ee-title");
      cite.setAttribute("dir", "auto");
      var quoted = "“" + title + "”";
      cite.appendChild(safe ? link(safe, null, quoted) : document.createTextNode(quoted));
      c.appendChild(cite);
      if (E.title_en) {
        text(" ");
        var en = el("span", "ee-title-en", "[" + E.title_en + "]");
        en.setAttribute("lang", "en");
        c.appendChild(en);
      }
      text(".");
    } else {
      c.appendChild(el("span", "ee-title ee-unknown", "[title not captured]"));
      text(".");
    }
    if (E.container) {
      text(" ");
      c.appendChild(el("span", "ee-container", E.container));
      text(".");
    }
    text(" ");
    c.appendChild(el("span", "ee-publisher", d.publishers[this.pub[i]][1]));
    text(", ");
    var date = this.date[i] >= 0 ? d.dates[this.date[i]] : null;
    if (date) {
      var time = el("time", "ee-date", (E.date_inferred ? "about " : "") + formatDate(date));
      time.setAttribute("datetime", date);
      c.appendChild(time);
    } else {
      c.appendChild(el("span", "ee-date ee-unknown", "date not shown"));
    }
    text(".");
    if (url && !title) {
      text(" ");
      c.appendChild(safe ? link(safe, "ee-url", url) : el("span", "ee-url", url));
      text(".");
    }
    var archive = safeUrl(E.archive_url);
    if (archive) {
      text(" ");
      c.appendChild(link(archive, "ee-archive", "Archived copy"));
      text(".");
    }
    if (E.accessed) {
      text(" Accessed ");
      var accessed = el("time", null, formatDate(E.accessed));
      accessed.setAttribute("datetime", E.accessed);
      c.appendChild(accessed);
      text(".");
    }
    gap(li, "\n");
    li.appendChild(c);
    gap(li, "\n ");
    li.appendChild(link(root + "sources/" + encodeURIComponent(E.id) + "/", "ee-source-link",
                        "Source details and citing findings", false));
    gap(li, "\n");
    var facts = E.facts;
    if (facts && facts.length) {
      var ul = el("ul", "ee-facts");
      ul.setAttribute("aria-label", FACTS_LABEL);
      gap(ul, "\n");
      facts.forEach(function (fact) {  // a position in the facts table, or [position, detail]
        var kindLabel = d.facts[typeof fact === "number" ? fact : fact[0]];
        var detail = typeof fact === "number" ? "" : fact[1];
        var kind = /^[a-z-]+$/.test(kindLabel[0]) ? " ee-fact-" + kindLabel[0] : "";
        if (kindLabel[2] === 1) kind += " ee-fact-weak";  // it weakens a citation: a warning sign
        var item = el("li", "ee-fact" + kind, kindLabel[1]);
        if (detail) item.appendChild(el("span", "ee-fact-detail", ": " + detail));
        ul.appendChild(item);
        gap(ul, "\n");
      });
      li.appendChild(ul);
      gap(li, "\n");
    }
    return li;
  };

  // ---- the page -----------------------------------------------------------------------------
  function Page(box, index) {
    this.box = box;
    this.index = index;
    this.root = box.getAttribute("data-root") || "";
    this.list = box.querySelector(".ee-bib-list");
    this.tools = box.querySelector(".ee-bib-tools");
    this.input = box.querySelector("#ee-bib-filter");
    this.count = box.querySelector(".ee-bib-count");
    this.empty = box.querySelector(".ee-bib-empty");
    this.nodes = new Array(index.n);  // entries built so far, kept for reuse
    this.built = 0;
    var self = this;
    // The page's own entries are the first of the bibliography's order: positions 0, 1, …
    Array.prototype.forEach.call(this.list.querySelectorAll(":scope > li[id]"), function (li, i) {
      if (i < index.n) self.nodes[i] = li;
    });
    this.matches = [];
    this.lo = 0;
    this.hi = 0;
    this.generation = 0;  // each draw cancels the entries an earlier one had still to add
    this.request = 0;     // each filter cancels an earlier one still waiting for its words
    this.frame = 0;       // a list update waiting for the next frame
    this.target = null;
    this.urlTimer = null;
    this.lastUrlWrite = 0;
    this.buildControls();
    this.state = this.readUrl();
    this.showState();
  }

  Page.prototype.node = function (i) {
    if (!this.nodes[i]) {
      this.nodes[i] = this.index.entry(i, this.root);
      this.built += 1;
    }
    return this.nodes[i];
  };

  // Resolves once the entries at `positions` can be built: those not on the page have their data.
  Page.prototype.load = function (positions) {
    var nodes = this.nodes;
    return this.index.load(positions.filter(function (i) { return !nodes[i]; }));
  };

  Page.prototype.forget = function () {  // after a long search, keep memory in bounds
    if (this.built <= KEEP) return;
    for (var i = 0; i < this.nodes.length; i++) {
      if (this.nodes[i] && !this.nodes[i].isConnected) this.nodes[i] = undefined;
    }
    this.built = this.list.children.length;
  };

  Page.prototype.buildControls = function () {
    var self = this, box = this.box;
    var controls = box.querySelector(".ee-bib-controls");
    var options = this.index.options;
    this.menus = {};
    function menu(name, label, choices, all) {
      var wrap = el("p", "ee-bib-control");
      var select = el("select");
      select.id = "ee-bib-" + name;
      var lab = el("label", null, label);
      lab.htmlFor = select.id;
      if (all) select.appendChild(new Option(all, ""));
      choices.forEach(function (c) {
        select.appendChild(new Option(c.length > 2 ? c[1] + " (" + number(c[2]) + ")" : c[1], c[0]));
      });
      select.addEventListener("change", function () { self.set(name, select.value); });
      wrap.appendChild(lab);
      wrap.appendChild(select);
      controls.appendChild(wrap);
      self.menus[name] = select;
    }
    menu("publisher", "Publisher", options.publisher, "All publishers");
    menu("affiliation", "Affiliation", options.affiliation, "All affiliations");
    menu("type", "Type", options.type, "All types");
    menu("language", "Language", options.language, "All languages");
    menu("year", "Year", options.year, "All years");
    menu("sort", "Sort by", SORTS, null);
    var reset = el("p", "ee-bib-control ee-bib-reset");
    this.clear = el("button", "md-button ee-bib-clear", "Clear filters");
    this.clear.type = "button";
    this.clear.addEventListener("click", function () {
      self.state = self.cleared(self.state.sort);
      self.showState();
      self.changed();
      self.input.focus();
    });
    reset.appendChild(this.clear);
    controls.appendChild(reset);
    this.input.addEventListener("input", function () { self.typed(); });

    // Buttons for matches beyond the window, before and after the list.
    function pager(cls, onclick) {
      var p = el("p", "ee-bib-pager " + cls);
      var button = el("button", "md-button");
      button.type = "button";
      button.addEventListener("click", onclick);
      p.appendChild(button);
      p.hidden = true;
      return {p: p, button: button};
    }
    this.earlier = pager("ee-bib-earlier", function () { self.showEarlier(); });
    this.more = pager("ee-bib-more", function () { self.showMore(); });
    this.list.parentNode.insertBefore(this.earlier.p, this.list);
    this.list.parentNode.insertBefore(this.more.p, this.list.nextSibling);
    this.status = el("span", "ee-bib-shown");
    this.more.p.appendChild(document.createTextNode(" "));
    this.more.p.appendChild(this.status);
  };

  Page.prototype.cleared = function (sort) {
    return {text: "", publisher: "", affiliation: "", type: "", language: "", year: "", sort: sort || "name"};
  };

  Page.prototype.isFiltered = function () {
    var s = this.state;
    return Boolean(TEXT.words(s.text).length || s.publisher || s.affiliation || s.type || s.language || s.year);
  };

  // ---- state <-> address --------------------------------------------------------------------
  Page.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var state = this.cleared(), options = this.index.options;
    state.text = params.get("text") || "";
    MENUS.forEach(function (name) {
      var value = params.get(name);
      if (value && options[name].some(function (o) { return o[0] === value; })) state[name] = value;
    });
    var sort = params.get("sort");
    if (sort && this.index.orders[sort]) state.sort = sort;
    return state;
  };

  Page.prototype.writeUrl = function (keepHash) {
    clearTimeout(this.urlTimer);
    this.urlTimer = null;
    this.lastUrlWrite = Date.now();
    var params = new URLSearchParams(window.location.search), state = this.state;
    PARAMS.forEach(function (name) { params.delete(name); });
    if (state.text.trim()) params.set("text", state.text);
    MENUS.forEach(function (name) { if (state[name]) params.set(name, state[name]); });
    if (state.sort !== "name") params.set("sort", state.sort);
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + (keepHash ? window.location.hash : "");
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
  };

  // Browsers limit how often a page may rewrite its address: write at most every 150 ms
  // while the reader types, and at once before they follow a link or leave.
  Page.prototype.scheduleUrl = function () {
    var self = this, wait = 150 - (Date.now() - this.lastUrlWrite);
    if (wait <= 0) return this.writeUrl(false);
    if (!this.urlTimer) this.urlTimer = setTimeout(function () { self.writeUrl(false); }, wait);
  };

  Page.prototype.flushUrl = function () {
    if (this.urlTimer) this.writeUrl(false);
  };

  Page.prototype.showState = function () {
    var state = this.state, menus = this.menus;
    this.input.value = state.text;
    MENUS.concat(["sort"]).forEach(function (name) { menus[name].value = state[name]; });
  };

  // ---- filtering and the window of matches --------------------------------------------------
  Page.prototype.set = function (name, value) {
    this.state[name] = value;
    this.changed();
  };

  // Typing: the list changes in the next frame, once for however many keys came before it.
  Page.prototype.typed = function () {
    var self = this;
    if (this.frame) return;
    this.frame = window.requestAnimationFrame(function () {
      self.frame = 0;
      self.set("text", self.input.value);
    });
  };

  Page.prototype.changed = function () {
    this.untarget();
    this.update().catch(this.failed.bind(this));
    this.scheduleUrl();
  };

  // The matches of the current state, then the first window of them. Resolves when they show;
  // a later update makes an earlier one's result go unused.
  Page.prototype.update = function () {
    var self = this, request = ++this.request;
    return this.index.filter(this.state).then(function (matches) {
      if (request !== self.request) return;
      self.matches = matches;
      self.lo = 0;
      self.hi = Math.min(matches.length, WINDOW);
      return self.draw();
    });
  };

  // Show matches[lo:hi], keeping the entries already in place (the first view, or those before
  // "Show more") so the page does not jump. Entries up to `need` (a position in matches), and at
  // least PAINT, are in place when this resolves; the others follow, CHUNK at a time when the
  // browser is idle, unless another draw comes first. Laying out a few hundred entries at once
  // would cost several frames. The list changes only once the entries it shows first have come.
  Page.prototype.draw = function (need) {
    var self = this, want = this.matches.slice(this.lo, this.hi), nodes = this.nodes;
    var kids = this.list.children, keep = 0;
    while (keep < kids.length && keep < want.length && kids[keep] === nodes[want[keep]]) keep++;
    var now = Math.min(want.length, Math.max(keep, PAINT, (need === undefined ? 0 : need - this.lo + 1)));
    var generation = ++this.generation;
    return this.load(want.slice(keep, now)).then(function () {
      if (generation !== self.generation) return;
      var list = self.list, last = keep ? list.children[keep - 1] : null;
      while (last ? last.nextSibling : list.firstChild) list.removeChild(last ? last.nextSibling : list.firstChild);
      self.forget();
      self.append(want, keep, now, generation);
      list.start = self.lo + 1;
      self.report();
    });
  };

  Page.prototype.append = function (want, from, to, generation) {
    var fragment = document.createDocumentFragment(), self = this;
    for (var k = from; k < to; k++) fragment.appendChild(this.node(want[k]));
    this.list.appendChild(fragment);
    if (to < want.length) {
      var next = Math.min(want.length, to + CHUNK);
      idle(function () {
        if (generation !== self.generation) return;
        self.load(want.slice(to, next)).then(function () {
          if (generation === self.generation) self.append(want, to, next, generation);
        }, function (error) { self.failed(error); });
      });
    }
  };

  Page.prototype.report = function () {
    var total = this.index.n, found = this.matches.length;
    var text = this.isFiltered() ? number(found) + " of " + number(total) + " sources" : number(total) + " sources";
    if (this.count.textContent !== text) this.count.textContent = text;
    this.empty.hidden = found !== 0;
    this.list.hidden = found === 0;
    this.clear.disabled = !this.isFiltered();
    var before = this.lo, after = found - this.hi;
    this.earlier.p.hidden = before === 0;
    this.earlier.button.textContent = "Show the " + number(Math.min(WINDOW, before)) + " before these";
    this.more.p.hidden = after <= 0;
    this.more.button.textContent = "Show " + number(Math.min(WINDOW, after)) + " more";
    this.status.textContent = "Showing " + number(this.lo + 1) + "–" + number(this.hi) + " of " + number(found) + ".";
  };

  // A part of the index did not come (the network): say so, and leave the list as it is.
  Page.prototype.failed = function (error) {
    this.count.textContent = "Some sources could not be loaded. Check the connection and try again.";
    if (window.console) console.warn("Bibliography: part of the index did not load.", error);
  };

  Page.prototype.showMore = function () {
    this.hi = Math.min(this.matches.length, this.hi + WINDOW);
    this.draw().catch(this.failed.bind(this));
  };

  Page.prototype.showEarlier = function () {
    var self = this, from = this.lo, lo = Math.max(0, this.lo - WINDOW), generation = this.generation;
    var earlier = this.matches.slice(lo, from);
    this.load(earlier).then(function () {
      if (generation !== self.generation || self.lo !== from) return;
      self.lo = lo;
      var fragment = document.createDocumentFragment();
      earlier.forEach(function (i) { fragment.appendChild(self.node(i)); });
      self.list.insertBefore(fragment, self.list.firstElementChild);
      self.list.start = self.lo + 1;
      self.report();
    }).catch(this.failed.bind(this));
  };

  // ---- deep links: /bibliography/#<source-id> ---------------------------------------------------
  // Show the entry wherever it is: clear the filters if they hide it, move the window to it,
  // then scroll to it and mark it as :target marks an entry that was on the page.
  Page.prototype.reveal = function (id) {
    var self = this;
    return this.index.position(id).then(function (i) {
      if (i === undefined) return false;
      var pos = self.matches.indexOf(i);
      var ready = Promise.resolve();
      if (pos === -1) {
        self.state = self.cleared(self.state.sort);
        self.showState();
        self.writeUrl(true);
        var request = ++self.request;
        ready = self.index.filter(self.state).then(function (matches) {
          if (request === self.request) self.matches = matches;
        });
      }
      return ready.then(function () {
        pos = self.matches.indexOf(i);
        if (pos === -1) return false;
        if (pos < self.lo || pos >= self.hi) {
          self.lo = Math.floor(pos / WINDOW) * WINDOW;
          self.hi = Math.min(self.matches.length, self.lo + WINDOW);
        }
        return self.draw(pos).then(function () {
          self.untarget();
          self.target = self.node(i);
          self.target.classList.add("ee-bib-target");
          self.target.scrollIntoView({block: "start"});
          return true;
        });
      });
    }).catch(this.failed.bind(this));
  };

  Page.prototype.untarget = function () {
    if (this.target) this.target.classList.remove("ee-bib-target");
    this.target = null;
  };

  Page.prototype.hashId = function () {
    try {
      return decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      return "";
    }
  };

  // Resolves once the first view of the state is drawn (and the linked entry shown).
  Page.prototype.start = function () {
    var self = this;
    window.addEventListener("hashchange", function () {
      var id = self.hashId();
      if (id) self.reveal(id);
    });
    // Keep the address current before the reader leaves, so Back restores the view.
    this.box.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a")) self.flushUrl();
    }, true);
    window.addEventListener("pagehide", function () { self.flushUrl(); });
    this.tools.hidden = false;
    var all = this.box.querySelector(".ee-bib-all");
    if (all) all.hidden = true;  // the full list stays for readers without the script
    // For the benchmark (benchmarks/bibliography.py) and the tests: the filter alone, which
    // resolves to the positions (in the index) of the matching sources, in the state's sort order.
    window.eeBibliography = {
      count: this.index.n,
      filter: function (state) { return self.index.filter(Object.assign(self.cleared(), state)); },
    };
    return this.update().then(function () {
      var id = self.hashId();
      if (id) return self.reveal(id);
    });
  };

  function mark(name) {  // for the benchmark: when the index was parsed, and when the page was ready
    if (window.performance && performance.mark) performance.mark(name);
  }

  // The index is fetched when the reader turns to the tools (focus, a tap or a key in them), or at
  // once when the address asks for a view (?text=…) or an entry that is not on the page: the
  // first view costs the page alone, however many sources there are.
  function wantsIndexNow(box) {
    var params = new URLSearchParams(window.location.search);
    if (PARAMS.some(function (name) { return params.has(name); })) return true;
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { id = ""; }
    return Boolean(id) && !document.getElementById(id);
  }

  function setup() {
    var box = document.querySelector(".ee-bibliography[data-index]");
    if (!box || box.getAttribute("data-ready")) return;
    var tools = box.querySelector(".ee-bib-tools");
    var input = box.querySelector("#ee-bib-filter");
    var count = box.querySelector(".ee-bib-count");
    var triggers = ["focusin", "pointerdown", "keydown"];
    function load() {
      if (box.getAttribute("data-ready") !== "waiting") return;
      triggers.forEach(function (name) { tools.removeEventListener(name, load); });
      box.setAttribute("data-ready", "loading");
      var url = new URL(box.getAttribute("data-index"), document.baseURI);
      fetchJSON(url.href)
        .then(function (data) {
          if (!data || data.format !== FORMAT) throw new Error("unknown index format");
          mark("ee-bibliography-parsed");
          var typed = input.value;  // what the reader typed while the index loaded
          var page = new Page(box, new Index(data, url));
          if (typed && !page.state.text) {
            page.state.text = input.value = typed;
            page.scheduleUrl();
          }
          return page.start();
        })
        .then(function () {
          box.setAttribute("data-ready", "ready");
          mark("ee-bibliography-ready");
        })
        .catch(function (error) {
          box.setAttribute("data-ready", "failed");
          if (window.console) console.warn("Bibliography: the index did not load, so only the first entries show.", error);
        });
    }
    box.setAttribute("data-ready", "waiting");
    if (wantsIndexNow(box)) {
      load();
      return;
    }
    var total = Number(box.getAttribute("data-total")) || 0;
    var shown = box.querySelectorAll(".ee-bib-list > li").length;
    if (count && total > shown) {
      count.textContent = "The first " + number(shown) + " of " + number(total) + " sources. Type or tap here to filter and sort them all.";
    }
    triggers.forEach(function (name) { tools.addEventListener(name, load); });
    tools.hidden = false;
  }
  window.eeOnPage(setup);
})();
