/* Terang's wall of love: inserts the wall's frame after this script tag and keeps it as tall as
   its content. Sets no cookies and loads nothing but the frame from Terang.
   <script src="https://<terang>/embed/wall.js" data-organisation="<slug>" data-language="en" async></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var origin = new URL(script.src).origin;
  var query = new URLSearchParams();
  {{ parameters|safe }}.forEach(function (name) {
    var value = script.getAttribute("data-" + name);
    if (value) query.set(name, value);
  });
  var frame = document.createElement("iframe");
  frame.src = origin + {{ frame_path|safe }} + "?" + query.toString();
  frame.title = script.getAttribute("data-title") || "Terang";
  frame.setAttribute("scrolling", "no");
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.maxWidth = "100%";
  frame.style.height = "480px";
  frame.style.border = "0";
  frame.style.colorScheme = "normal";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "terang:height") return;
    var height = Number(data.height);
    if (height > 0 && height < 100000) frame.style.height = Math.ceil(height) + "px";
    if (data.title) frame.title = String(data.title).slice(0, 200);
  });
})();
