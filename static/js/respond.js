/* The commissioners' response page (templates/respond/page.html): what the page needs
   beyond plain HTML, and nothing it cannot do without.

   - One item open at a time. Browsers since 2024 do it themselves (<details name=...>);
     an older phone opens several, and this closes the others for it.
   - On a wide screen the evidence ("What the workshop found") starts open: there is
     room for it beside nothing else, and a commissioner reads it before deciding. On a
     phone it stays closed so the items are near the top.
   No globals, no strings: the page says everything in its own words. */
(function () {
  "use strict";

  var WIDE = "(min-width: 60rem)";

  /** Close every other item when one opens (only where the browser does not). */
  function oneOpenAtATime(items) {
    if ("name" in HTMLDetailsElement.prototype) return;
    items.forEach(function (item) {
      item.addEventListener("toggle", function () {
        if (!item.open) return;
        items.forEach(function (other) { if (other !== item) other.open = false; });
      });
    });
  }

  /** Open the evidence on a wide screen. */
  function evidenceOnWideScreens() {
    var evidence = document.getElementById("evidence");
    if (evidence && window.matchMedia && window.matchMedia(WIDE).matches) evidence.open = true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    oneOpenAtATime(Array.prototype.slice.call(document.querySelectorAll(".respond-item > details")));
    evidenceOnWideScreens();
  });
})();
