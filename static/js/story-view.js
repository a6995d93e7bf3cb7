// Counts one view of the story (stories.analytics): a beacon to the address in data-view-beacon,
// sent once the page is shown, so pages served from the cache still count. No cookie, no identifier.
(function () {
  "use strict";
  var story = document.querySelector("[data-view-beacon]");
  if (!story) return;
  var url = story.getAttribute("data-view-beacon");
  function send() {
    if (navigator.sendBeacon) {
      navigator.sendBeacon(url);
    } else if (window.fetch) {
      fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
    }
  }
  if (document.visibilityState === "prerender") {
    document.addEventListener("visibilitychange", function once() {
      if (document.visibilityState === "visible") {
        document.removeEventListener("visibilitychange", once);
        send();
      }
    });
  } else {
    send();
  }
})();
