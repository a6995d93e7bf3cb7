// "Copy link" under a story: copies the story's address. Without this script (or without the
// clipboard) the link is still the address itself, which a reader can copy from the browser.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-link]").forEach(function (link) {
    if (!navigator.clipboard) {
      return;
    }
    var status = link.parentNode.querySelector(".share__status");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      navigator.clipboard.writeText(link.getAttribute("data-copy-link")).then(
        function () {
          if (status) {
            status.textContent = link.getAttribute("data-copied");
          }
        },
        function () {
          window.location.href = link.href;
        }
      );
    });
  });
})();
