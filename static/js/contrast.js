/* The board's high-contrast theme: white on black, yellow accents, thicker lines.
 *
 * Projectors wash colours out, some far more than others. How much is a fact of the
 * room and its projector, not of the workshop, so the choice lives on the board: its
 * button, or `?contrast=high` / `?contrast=normal` in the board's address, remembered
 * by that computer. Two boards in two rooms can differ, and switching needs no server.
 */
(function () {
  "use strict";
  var KEY = "facilitator:contrast";
  var button = document.getElementById("contrast-toggle");
  var asked = new URLSearchParams(window.location.search).get("contrast");

  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function store(value) { try { localStorage.setItem(KEY, value); } catch (e) { /* private mode: this page only */ } }
  function apply(high) {
    document.body.classList.toggle("contrast-high", high);
    if (button) button.setAttribute("aria-pressed", high ? "true" : "false");
  }

  if (asked === "high" || asked === "normal") store(asked);
  apply((asked || stored()) === "high");
  if (button) {
    button.addEventListener("click", function () {
      var high = !document.body.classList.contains("contrast-high");
      store(high ? "high" : "normal");
      apply(high);
    });
  }
})();
