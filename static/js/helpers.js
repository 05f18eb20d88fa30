/* Small helpers shared by the board, the console and the phone (contract C7).
 *
 * Each was once written again in every page script; one copy here keeps them agreeing.
 * Load after live.js and before the page's own scripts: `window.Helpers`.
 */
(function () {
  "use strict";

  /* An element by id. */
  function $(id) { return document.getElementById(id); }

  /* The session template's words for a phase in this page's language, when it has them.
     `translated` is {phase key: {title, prompt, guidance}} (the phone's data-phase-text);
     without it, or without that field, the workshop's own words. */
  function phaseText(phase, field, translated) {
    var own = translated && translated[phase.key];
    return own && own[field] ? own[field] : phase[field];
  }

  /* The title of the phase `key` in `state` (a WorkshopState), translated when possible. */
  function phaseTitle(state, key, translated) {
    var phase = state && state.phases.filter(function (p) { return p.key === key; })[0];
    return phase ? phaseText(phase, "title", translated) : key;
  }

  /* schedule(draw) -> a function that asks for `draw` once on the next frame, however
     often it is called before then: changes arrive one by one, the page redraws once. */
  function schedule(draw) {
    var pending = false;
    return function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; draw(); });
    };
  }

  /* Dots on a note or a theme from a `votes` picture: a number, or null when the tallies
     are not shown (voting hidden from the room, or no vote yet). */
  function dots(votes, kind, id) {
    return votes && votes.tallies ? votes.tallies[kind + ":" + id] || 0 : null;
  }

  /* The element under `root` matching `selector` whose data-phase is `phase`. */
  function column(root, selector, phase) {
    return root.querySelector(selector + '[data-phase="' + phase + '"]');
  }

  /* Fill a <select> with [value, label] pairs, rebuilding it only when the choice
     changed (a rebuild loses the keyboard focus and an open list), then select `value`
     when given. Returns true when it was rebuilt. */
  function fillSelect(select, choices, value) {
    var signature = JSON.stringify(choices);
    var rebuilt = select.dataset.signature !== signature;
    if (rebuilt) {
      var keep = select.value;
      select.textContent = "";
      choices.forEach(function (pair) {
        var option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
        select.appendChild(option);
      });
      select.dataset.signature = signature;
      if (value === undefined) select.value = keep;
    }
    if (value !== undefined) select.value = value;
    return rebuilt;
  }

  /* The first `n` characters of a text, for buttons' accessible names. */
  function short(text, n) { return String(text || "").slice(0, n || 60); }

  var api = {
    $: $, phaseText: phaseText, phaseTitle: phaseTitle, schedule: schedule, dots: dots,
    column: column, fillSelect: fillSelect, short: short,
  };
  if (typeof window !== "undefined") window.Helpers = api;
  // Node (tests/js/): the pure helpers can be required; the DOM ones need a page.
  if (typeof module !== "undefined") module.exports = api;
})();
