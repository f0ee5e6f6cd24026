/* A visible "Copy link" control on each finding heading: copies the finding's permanent address.
   Without JavaScript the heading's ¶ link still is that address. */
(function () {
  function setup() {
    document.querySelectorAll(".ee-finding > h2[id]").forEach(function (heading) {
      if (heading.querySelector(".ee-copy-link")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ee-copy-link";
      button.textContent = "Copy link";
      button.setAttribute("aria-label", "Copy a link to finding: " + heading.textContent.replace("¶", "").trim());
      button.addEventListener("click", function () {
        var url = location.origin + location.pathname + "#" + heading.id;
        function done(text) {
          button.textContent = text;
          setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        }
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(function () { done("Copied"); },
            function () { window.prompt("Copy this link:", url); });
        } else {
          window.prompt("Copy this link:", url);
        }
      });
      heading.appendChild(button);
    });
  }
  window.eeOnPage(setup);
})();
