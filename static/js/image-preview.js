// A preview of the image a member chose, under its file input (input[data-image-preview]).
// No network and no blob: URL: the file is decoded here and drawn small into a data: URL, which the
// site's Content-Security-Policy allows for images. A file the browser cannot decode (an iPhone's
// HEIC photo in most browsers) gets a line of text instead; the server judges every file anyway.
(function () {
  "use strict";

  var MAX_WIDTH = 480;

  function figureFor(input) {
    var figure = input.parentNode.querySelector(".image-preview");
    if (!figure) {
      figure = document.createElement("figure");
      figure.className = "image-preview";
      figure.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", figure);
    }
    figure.textContent = "";
    return figure;
  }

  function showFailure(figure, input) {
    var note = document.createElement("p");
    note.className = "image-preview__failed";
    note.textContent = input.getAttribute("data-preview-failed") || "";
    figure.appendChild(note);
  }

  function showImage(figure, input, bitmap) {
    var scale = Math.min(1, MAX_WIDTH / bitmap.width);
    var canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    if (bitmap.close) bitmap.close();
    var image = document.createElement("img");
    image.src = canvas.toDataURL("image/jpeg", 0.85);
    image.width = canvas.width;
    image.height = canvas.height;
    image.alt = "";
    var caption = document.createElement("figcaption");
    caption.textContent = input.getAttribute("data-preview-label") || "";
    figure.appendChild(image);
    figure.appendChild(caption);
  }

  function preview(input) {
    var file = input.files && input.files[0];
    var figure = figureFor(input);
    if (!file) return;
    if (typeof window.createImageBitmap !== "function") {
      showFailure(figure, input);
      return;
    }
    window
      .createImageBitmap(file, { imageOrientation: "from-image" })
      .then(function (bitmap) {
        showImage(figure, input, bitmap);
      })
      .catch(function () {
        showFailure(figure, input);
      });
  }

  document.querySelectorAll("input[type=file][data-image-preview]").forEach(function (input) {
    input.addEventListener("change", function () {
      preview(input);
    });
  });
})();
