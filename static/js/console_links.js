/* The console's "Make a new board link" / "Make a new co-facilitator link" forms (issue 12):
 * each asks first, in the words of its `data-confirm`, because the old link's board or
 * consoles stop at once. The forms post without this script too (no confirmation then). */
(function () {
  "use strict";
  document.querySelectorAll("form.link-replace[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
