// Frontdesk embed loader (on the organisation's page, beside an
// <iframe data-frontdesk-form src=".../o/{org}/forms/{form}/embed">): sizes each such
// iframe to the height its form reports. Messages from any other origin, or from a
// window that is not one of those iframes, are ignored.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) {
    return;
  }
  var base = new URL(script.src).origin;
  window.addEventListener("message", function (event) {
    if (event.origin !== base || !event.data || event.data.frontdesk !== "height") {
      return;
    }
    var height = Number(event.data.height);
    if (!isFinite(height) || height <= 0 || height > 20000) {
      return;
    }
    var frames = document.querySelectorAll("iframe[data-frontdesk-form]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(height) + "px";
      }
    }
  });
})();
