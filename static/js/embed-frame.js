/* Inside a Terang embed: tells the page that frames it how tall the content is, whenever that
   changes, so its script (/embed/wall.js) can size the frame. Only the height and the title. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function tell() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "terang:height", height: height, title: document.title }, "*");
  }
  if ("ResizeObserver" in window) new ResizeObserver(tell).observe(document.documentElement);
  window.addEventListener("load", tell);
  tell();
})();
