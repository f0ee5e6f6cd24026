/* Source cards and cross-link previews. Progressive: without JavaScript a footnote marker is a plain
   link to its note (#note-N) and a cross-link is a plain link.

   Footnote markers (sup.ee-marker > a):
   - mouse: hovering opens a card after a short delay; it stays while the pointer is on the marker or
     the card, and closes shortly after the pointer leaves both. A click follows the link to the note.
   - keyboard: focus opens the card right after the marker in the tab order, so Tab moves into its
     links; Escape closes it and returns focus to the marker; Enter follows the link to the note.
   - touch and pen: the first tap opens the card instead of following the link; a second tap on the
     same marker follows it. The close button and a tap outside dismiss the card.
   The card is a non-modal dialog named "Source note N", built by cloning the note's sources from
   #note-N (the one source of truth) and adding each source's stance from the marker's data-stances.
   The marker link carries aria-expanded and, while open, aria-controls.

   Cross-links (a.ee-xref): hovering or keyboard focus shows a preview (role="tooltip", referenced by
   the link's aria-describedby) with the target finding's heading and first lines. A target on
   another page is fetched from the same origin once, parsed with DOMParser and cached; on any
   failure no preview is shown. */
(function () {
  "use strict";
  if (window.__eeCards) return; // once per window, also under Material's instant navigation
  window.__eeCards = true;

  var OPEN_DELAY = 300;       // ms of hovering before a card or preview opens
  var CLOSE_DELAY = 300;      // ms of grace after the pointer leaves, so it can reach the card
  var POINTER_FOCUS = 600;    // focus this soon after a pointer press came from that pointer
  var GAP = 6;                // px between the marker and the card
  var EDGE = 8;               // px kept free at the viewport's edges
  var PREVIEW_CHARS = 260;
  var STANCES = { supports: "Supports", contradicts: "Contradicts", context: "Context" };

  var card = { link: null, el: null, via: "" };     // the open card, if any
  var tip = { link: null, el: null, token: 0 };     // the shown cross-link preview, if any
  var timers = { open: 0, close: 0, tipOpen: 0, tipClose: 0 };
  var pendingOpen = null, pendingTip = null;
  var pointer = { type: "", time: -Infinity };
  var tapWasOpen = false;
  var suppressFocus = null;
  var pages = Object.create(null);                  // same-origin page address -> Promise<Document|null>

  function closest(node, selector) {
    return node && node.nodeType === 1 && node.closest ? node.closest(selector) : null;
  }
  // The marker's link. Not found by its href: instant navigation rewrites it to a full address.
  function noteLink(node) {
    var a = closest(node, "sup.ee-marker[data-note] > a");
    return a && noteOf(a) ? a : null;
  }
  function noteOf(link) {
    return document.getElementById("note-" + link.parentNode.getAttribute("data-note"));
  }
  function xrefLink(node) {
    var a = closest(node, "a.ee-xref");
    return a && !closest(a, ".ee-card, .ee-xref-preview") ? a : null;
  }
  function within(node, a, b) {
    return !!node && ((a && a.contains(node)) || (b && b.contains(node)));
  }
  function recentPointer() {
    return performance.now() - pointer.time < POINTER_FOCUS;
  }
  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }
  function flatText(node, drop) {
    if (!node) return "";
    var copy = node.cloneNode(true);
    copy.querySelectorAll(drop || ".headerlink, .ee-marker, .ee-copy-link, button").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").replace(/\s+([.,;:!?])/g, "$1").trim();
  }
  function shorten(text, max) {
    if (text.length <= max) return text;
    var cut = text.slice(0, max);
    var space = cut.lastIndexOf(" ");
    return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, "") + "…";
  }

  /* Place `el` (position: absolute, anywhere in the document) next to `anchor`: below it if it fits
     or if there is more room below, else above; clamped to the viewport; scrolls inside when taller
     than the room. Measuring where left/top 0 lands makes this independent of the containing block. */
  function place(el, anchor) {
    var rect = anchor.getClientRects()[0] || anchor.getBoundingClientRect();
    var root = document.documentElement;
    var vw = root.clientWidth, vh = window.innerHeight;
    var header = document.querySelector(".md-header");
    var top = EDGE + (header ? Math.max(0, header.getBoundingClientRect().bottom) : 0);
    el.style.left = "0px";
    el.style.top = "0px";
    el.style.maxHeight = "";
    el.style.maxWidth = (vw - 2 * EDGE) + "px";
    var origin = el.getBoundingClientRect();
    var below = vh - rect.bottom - GAP - EDGE, above = rect.top - GAP - top;
    var height = origin.height, width = origin.width;
    var putBelow = height <= below || below >= above;
    var room = Math.max(putBelow ? below : above, 96);
    if (height > room) {
      el.style.maxHeight = room + "px";
      height = room;
    }
    var y = putBelow ? rect.bottom + GAP : rect.top - GAP - height;
    var x = Math.max(EDGE, Math.min(rect.left - 16, vw - width - EDGE));
    el.style.left = Math.round(x - origin.left) + "px";
    el.style.top = Math.round(y - origin.top) + "px";
  }

  /* ---- Source cards ------------------------------------------------------------------------ */

  function parseStances(value) {
    var map = Object.create(null);
    (value || "").split(/\s+/).forEach(function (pair) {
      var at = pair.lastIndexOf(":");
      if (at > 0) map[pair.slice(0, at)] = pair.slice(at + 1);
    });
    return map;
  }

  function buildCard(link) {
    var number = link.parentNode.getAttribute("data-note");
    var note = noteOf(link);
    var stances = parseStances(link.parentNode.getAttribute("data-stances"));
    var el = make("div", "ee-card");
    el.id = "ee-card";
    el.setAttribute("role", "dialog");
    el.setAttribute("aria-labelledby", "ee-card-title");
    var head = make("div", "ee-card-head");
    var title = make("p", "ee-card-title", "Source note " + number);
    title.id = "ee-card-title";
    var close = make("button", "ee-card-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.title = "Close";
    head.appendChild(title);
    head.appendChild(close);
    el.appendChild(head);
    var list = make("ul", "ee-card-sources");
    var sources = note.querySelectorAll(".ee-note-source");
    sources.forEach(function (source) {
      var item = make("li", "ee-card-source");
      var id = source.getAttribute("data-source") || "";
      item.setAttribute("data-source", id);
      var stance = stances[id];
      if (stance) {
        var slug = stance.toLowerCase().replace(/[^a-z0-9-]/g, "");
        var label = STANCES[slug] || stance.charAt(0).toUpperCase() + stance.slice(1);
        var line = make("p", "ee-card-stance");
        line.appendChild(make("span", "ee-stance ee-stance-" + slug, label));
        item.appendChild(line);
      }
      source.childNodes.forEach(function (child) { item.appendChild(child.cloneNode(true)); });
      item.querySelectorAll(".ee-backlinks").forEach(function (b) { b.remove(); });
      list.appendChild(item);
    });
    if (!sources.length) { // not the expected markup: show the note as it is
      var whole = make("li", "ee-card-source");
      note.childNodes.forEach(function (child) { whole.appendChild(child.cloneNode(true)); });
      whole.querySelectorAll(".ee-backlinks").forEach(function (b) { b.remove(); });
      list.appendChild(whole);
    }
    list.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
    el.appendChild(list);
    return el;
  }

  function openCard(link, via) {
    clearTimeout(timers.close);
    if (card.link === link) {
      if (via !== "hover" && card.via === "hover") card.via = via;
      return;
    }
    closeCard(false);
    hideTip();
    var el = buildCard(link);
    var sup = link.parentNode;
    sup.parentNode.insertBefore(el, sup.nextSibling); // next in the tab order after the marker
    card = { link: link, el: el, via: via };
    link.setAttribute("aria-expanded", "true");
    link.setAttribute("aria-controls", el.id);
    place(el, link);
  }

  function closeCard(returnFocus) {
    clearTimeout(timers.close);
    if (!card.link) return;
    var link = card.link, el = card.el;
    var active = document.activeElement;
    var focusInside = el.contains(active);
    card = { link: null, el: null, via: "" };
    link.setAttribute("aria-expanded", "false");
    link.removeAttribute("aria-controls");
    el.remove();
    if (returnFocus && (focusInside || active === link) && document.activeElement !== link) {
      suppressFocus = link;
      link.focus();
      suppressFocus = null;
    }
  }

  function scheduleCardClose() {
    clearTimeout(timers.close);
    timers.close = setTimeout(function () { closeCard(false); }, CLOSE_DELAY);
  }

  /* ---- Cross-link previews ----------------------------------------------------------------- */

  function loadPage(url) {
    var key = url.split("#")[0];
    if (!pages[key]) {
      pages[key] = fetch(key, { credentials: "same-origin" })
        .then(function (response) {
          var type = response.headers.get("content-type") || "";
          return response.ok && type.indexOf("html") !== -1 ? response.text() : null;
        })
        .then(function (html) { return html ? new DOMParser().parseFromString(html, "text/html") : null; })
        .catch(function () { return null; });
    }
    return pages[key];
  }

  function summarise(doc, finding, otherPage) {
    var question = doc.querySelector(".ee-explainer h1") || doc.querySelector("h1");
    if (finding) {
      var heading = doc.getElementById(finding);
      if (!heading) return null;
      var section = closest(heading, "section") || heading.parentNode;
      var body = section.querySelector(".ee-finding-text");
      return { context: otherPage ? flatText(question) : "", heading: flatText(heading),
               text: flatText(body) };
    }
    if (!question) return null;
    return { context: "", heading: flatText(question),
             text: flatText(doc.querySelector(".ee-summary"), "h2, .headerlink, .ee-marker, button") };
  }

  function target(link) {
    var url;
    try { url = new URL(link.href, location.href); } catch (e) { return null; }
    if (url.origin !== location.origin || !/^https?:$/.test(url.protocol)) return null;
    var finding = link.getAttribute("data-finding") || "";
    if (!finding && url.hash.length > 1) {
      try { finding = decodeURIComponent(url.hash.slice(1)); } catch (e) { finding = ""; }
    }
    var samePage = url.pathname === location.pathname && url.search === location.search;
    return { url: url.href, finding: finding, samePage: samePage };
  }

  function showTip(link) {
    clearTimeout(timers.tipClose);
    if (tip.link === link) return;
    removeTip();
    var where = target(link);
    if (!where) return;
    var token = ++tip.token;
    var ready = where.samePage ? Promise.resolve(document) : loadPage(where.url);
    tip.link = link;
    ready.then(function (doc) {
      if (token !== tip.token || tip.link !== link || !doc || !link.isConnected) return;
      var info = summarise(doc, where.finding, !where.samePage);
      if (!info || !info.heading) return;
      var el = make("div", "ee-xref-preview");
      el.id = "ee-xref-preview";
      el.setAttribute("role", "tooltip");
      if (info.context) el.appendChild(make("p", "ee-xref-preview-context", info.context));
      el.appendChild(make("p", "ee-xref-preview-heading", info.heading));
      if (info.text) el.appendChild(make("p", "ee-xref-preview-text", shorten(info.text, PREVIEW_CHARS)));
      link.parentNode.insertBefore(el, link.nextSibling);
      tip.el = el;
      link.setAttribute("aria-describedby", el.id);
      place(el, link);
    });
  }

  function hideTip() { // and forget a preview waiting to open
    clearTimeout(timers.tipOpen);
    pendingTip = null;
    removeTip();
  }

  function removeTip() {
    clearTimeout(timers.tipClose);
    tip.token += 1;
    if (tip.link && tip.link.getAttribute("aria-describedby") === "ee-xref-preview") {
      tip.link.removeAttribute("aria-describedby");
    }
    if (tip.el) tip.el.remove();
    tip.link = null;
    tip.el = null;
  }

  /* ---- Events (delegated once, so pages swapped in by instant navigation work too) --------- */

  document.addEventListener("pointerdown", function (event) {
    pointer = { type: event.pointerType || "mouse", time: performance.now() };
    tapWasOpen = !!card.link && noteLink(event.target) === card.link;
  }, true);
  document.addEventListener("pointerup", function (event) {
    pointer = { type: event.pointerType || "mouse", time: performance.now() };
  }, true);

  document.addEventListener("pointerover", function (event) {
    if (event.pointerType !== "mouse") return;
    var link = noteLink(event.target);
    if (link) {
      if (card.link === link) {
        clearTimeout(timers.close);
      } else if (pendingOpen !== link) {
        clearTimeout(timers.open);
        pendingOpen = link;
        timers.open = setTimeout(function () { pendingOpen = null; openCard(link, "hover"); }, OPEN_DELAY);
      }
    } else if (card.el && card.el.contains(event.target)) {
      clearTimeout(timers.close);
    }
    var xref = xrefLink(event.target);
    if (xref) {
      if (tip.link === xref) {
        clearTimeout(timers.tipClose);
      } else if (pendingTip !== xref) {
        clearTimeout(timers.tipOpen);
        pendingTip = xref;
        timers.tipOpen = setTimeout(function () { pendingTip = null; showTip(xref); }, OPEN_DELAY);
      }
    } else if (tip.el && tip.el.contains(event.target)) {
      clearTimeout(timers.tipClose);
    }
  });

  document.addEventListener("pointerout", function (event) {
    if (event.pointerType !== "mouse") return;
    var to = event.relatedTarget;
    var link = noteLink(event.target);
    if (link && pendingOpen === link && !link.contains(to)) {
      clearTimeout(timers.open);
      pendingOpen = null;
    }
    if (card.link && card.via === "hover" && within(event.target, card.link, card.el) &&
        !within(to, card.link, card.el)) {
      scheduleCardClose();
    }
    var xref = xrefLink(event.target);
    if (xref && pendingTip === xref && !xref.contains(to)) {
      clearTimeout(timers.tipOpen);
      pendingTip = null;
    }
    if (tip.link && within(event.target, tip.link, tip.el) && !within(to, tip.link, tip.el) &&
        document.activeElement !== tip.link) {
      clearTimeout(timers.tipClose);
      timers.tipClose = setTimeout(removeTip, CLOSE_DELAY);
    }
  });

  document.addEventListener("focusin", function (event) {
    var node = event.target;
    var link = noteLink(node);
    if (link) {
      if (suppressFocus !== link && !recentPointer()) openCard(link, "focus");
      return;
    }
    if (card.el && card.el.contains(node)) {
      clearTimeout(timers.close);
      if (card.via === "hover") card.via = "focus"; // keep it while the reader tabs through it
      return;
    }
    var xref = xrefLink(node);
    if (xref && !recentPointer()) showTip(xref);
  });

  document.addEventListener("focusout", function () {
    setTimeout(function () {
      if (!document.hasFocus()) return; // the window lost focus; keep what is open
      var active = document.activeElement;
      if (card.link && card.via === "focus" && !within(active, card.link, card.el)) closeCard(false);
      if (tip.link && active !== tip.link && !(tip.el && tip.el.matches(":hover"))) hideTip();
    }, 0);
  });

  document.addEventListener("click", function (event) {
    var link = noteLink(event.target);
    if (link) {
      var touch = pointer.type !== "mouse" && pointer.type !== "" && recentPointer();
      if (touch && !tapWasOpen) {
        event.preventDefault();
        event.stopPropagation();
        openCard(link, "tap");
        return;
      }
      closeCard(false); // follow the link to the note
      return;
    }
    if (card.el) {
      if (closest(event.target, ".ee-card-close") && card.el.contains(event.target)) {
        closeCard(true);
      } else if (!card.el.contains(event.target)) {
        closeCard(false);
      }
    }
    if (tip.link) hideTip();
  }, true);

  document.addEventListener("keydown", function (event) {
    pointer.time = -Infinity; // focus from now on comes from the keyboard
    if (event.key !== "Escape" && event.key !== "Esc") return;
    if (tip.link) hideTip();
    if (card.link) closeCard(true);
  });

  window.addEventListener("resize", function () {
    if (card.link) place(card.el, card.link);
    if (tip.el) place(tip.el, tip.link);
  });

  function setup() {
    // A new page (first load, or one swapped in by instant navigation): forget the old one.
    closeCard(false);
    hideTip();
    document.querySelectorAll("sup.ee-marker[data-note] > a").forEach(function (a) {
      if (noteLink(a)) a.setAttribute("aria-expanded", "false");
    });
  }
  window.eeOnPage(setup);
})();
