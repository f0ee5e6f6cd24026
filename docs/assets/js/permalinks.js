/* A visible "Copy link" control on each finding heading: copies the finding's permanent address.
   Without JavaScript the heading's ¶ link still is that address. */
(function () {
  // The labels in the page's language: the explainer carries them (render/templates/explainer.html).
  function label(element, name, fallback) {
    var root = element.closest("[data-label-copy]");
    return (root && root.getAttribute("data-label-" + name)) || fallback;
  }

  function setup() {
    document.querySelectorAll(".ee-finding > h2[id]").forEach(function (heading) {
      if (heading.querySelector(".ee-copy-link")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ee-copy-link";
      var copyLink = label(heading, "copy-link", "Copy link");
      var prompt = label(heading, "copy-prompt", "Copy this link:");
      button.textContent = copyLink;
      button.setAttribute("aria-label", label(heading, "copy-finding", "Copy a link to finding:") + " " +
        heading.textContent.replace("¶", "").trim());
      button.addEventListener("click", function () {
        var url = location.origin + location.pathname + "#" + heading.id;
        function done(text) {
          button.textContent = text;
          setTimeout(function () { button.textContent = copyLink; }, 2000);
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(function () { done(label(heading, "copied", "Copied")); },
            function () { window.prompt(prompt, url); });
        } else {
          window.prompt(prompt, url);
        }
      });
      heading.appendChild(button);
    });
  }
  window.eeOnPage(setup);
})();
