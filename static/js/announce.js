/* What a screen reader hears on the board and the phone: one polite live region.
 *
 * New notes are counted and announced together, at most once every few seconds
 * ("3 new notes"), so a room posting fast does not flood anyone; notes that arrive with
 * the first picture of the workshop are not news and are not counted. A phase that
 * opens or closes is said at once. Lists of notes themselves are not live regions.
 */
(function () {
  "use strict";

  window.Announcer = function (element, delayMs) {
    var delay = delayMs || 4000;
    var count = 0;
    var timer = null;
    var ready = false;
    var openPhases = null;   // the phases open in the last workshop state seen

    var saying = [];         // what was asked to be said within the same moment
    function say(text) {
      // Emptying first makes the same words ("1 new note") count as a change; things said
      // at the same moment (a phase closed, and the draft it took) are said together.
      saying.push(text);
      if (saying.length > 1) return;
      element.textContent = "";
      setTimeout(function () { element.textContent = saying.join(" "); saying = []; }, 100);
    }

    function flush() {
      timer = null;
      if (!count) return;
      var n = count;
      count = 0;
      say(TN("%(n)s new note", "%(n)s new notes", n));
    }

    return {
      say: say,
      /* From now on, notes are news (call once the first snapshot is drawn). */
      ready: function () { ready = true; },
      /* One more note arrived. */
      note: function () {
        if (!ready) return;
        count += 1;
        if (!timer) timer = setTimeout(flush, delay);
      },
      /* A new workshop state: say which phases opened or closed since the last one. */
      workshop: function (state) {
        var now = {};
        // T.phase: in the page's language where the template has it (the phone), else its own words.
        state.phases.forEach(function (p) { if (p.open) now[p.key] = T.phase ? T.phase(p, "title") : p.title; });
        var before = openPhases;
        openPhases = now;
        if (before === null) return;
        var news = [];
        Object.keys(now).forEach(function (key) { if (!before[key]) news.push(T("Now open: %(phase)s", { phase: now[key] })); });
        Object.keys(before).forEach(function (key) { if (!now[key]) news.push(T("Closed: %(phase)s", { phase: before[key] })); });
        if (news.length) say(news.join(". "));
      },
    };
  };
})();
