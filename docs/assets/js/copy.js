/* A "Copy" button after each element marked .ee-copyable ("Cite this explainer": the formatted
   citations, BibTeX and CSL-JSON). It copies the element's text as shown. Where the clipboard is
   not available, it selects the text so the reader can copy it with the keyboard.
   Without JavaScript the text is still there to select by hand. */
(function () {
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // The labels in the page's language: the explainer carries them (render/templates/explainer.html).
  function label(element, name, fallback) {
    var root = element.closest("[data-label-copy]");
    return (root && root.getAttribute("data-label-" + name)) || fallback;
  }

  function setup() {
    document.querySelectorAll(".ee-copyable").forEach(function (element) {
      var next = element.nextElementSibling;
      if (next && next.classList.contains("ee-copy-text")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ee-copy-link ee-copy-text";
      var copy = label(element, "copy", "Copy");
      button.textContent = copy;
      button.setAttribute("aria-label", element.getAttribute("data-copy-label") || label(element, "copy-text", "Copy this text"));
      button.addEventListener("click", function () {
        var text = element.textContent;
        function done(message) {
          button.textContent = message;
          setTimeout(function () { button.textContent = copy; }, 2000);
        }
        function fallback() {
          selectText(element);
          done(label(element, "selected", "Selected: press Ctrl+C (⌘C) to copy"));
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { done(label(element, "copied", "Copied")); }, fallback);
        } else {
          fallback();
        }
      });
      element.insertAdjacentElement("afterend", button);
    });
  }
  window.eeOnPage(setup);
})();
