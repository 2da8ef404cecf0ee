// Frontdesk embedded form (inside the iframe): tells the page that frames it how tall the
// form is, so its loader script can size the iframe. Only the height is sent.
(function () {
  "use strict";
  if (window.parent === window) {
    return;
  }
  var last = 0;
  function report() {
    var height = Math.ceil(document.documentElement.scrollHeight);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ frontdesk: "height", height: height }, "*");
    }
  }
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(report).observe(document.documentElement);
  }
  window.addEventListener("load", report);
  report();
})();
