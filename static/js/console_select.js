/* Grouping at scale: select several notes (click, Shift-click, or the keyboard: X and
 * Shift+X on a note, Space on its checkbox) and put them into a theme in one step
 * (`theme:assign` takes a list). The theme rail stays on screen while the notes scroll:
 * each theme there is a drop target and a button that takes the selection.
 */
(function () {
  "use strict";
  var H = window.Helpers;

  window.ConsoleSelect = function (ctx) {
    var root = ctx.root;
    var selected = {};      // note id -> true
    var anchor = null;      // the last note clicked: Shift-click selects from it
    var $ = H.$;

    function ids() { return Object.keys(selected).filter(function (id) { return ctx.notes.byId[id]; }); }
    function count() { return ids().length; }

    /* The checkbox at the top of a note's card. */
    function checkbox(id) {
      var box = Live.el("input", "select-note");
      box.type = "checkbox";
      box.id = "select-" + id;
      box.addEventListener("click", function (event) {
        event.stopPropagation();
        choose(id, event.shiftKey, box.checked);
      });
      return box;
    }

    function label(note, item) {
      var box = item.querySelector(".select-note");
      box.checked = !!selected[note.id];
      box.setAttribute("aria-label", "Select note: " + H.short(note.text));
      item.classList.toggle("selected", box.checked);
    }

    /* Select `id` (or unselect it); with `range`, every note shown between the anchor and it. */
    function choose(id, range, on) {
      if (range && anchor && anchor !== id) {
        var shown = ctx.themesPart.visibleNotes().map(function (item) { return item.dataset.note; });
        var a = shown.indexOf(anchor), b = shown.indexOf(id);
        if (a >= 0 && b >= 0) {
          shown.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (other) { selected[other] = true; });
        }
      } else if (on) selected[id] = true;
      else delete selected[id];
      anchor = id;
      ctx.redraw();
    }

    function clear() { selected = {}; anchor = null; ctx.redraw(); }

    // A click on the card (not on its buttons, lists or links) toggles it.
    root.querySelector("#note-columns").addEventListener("click", function (event) {
      var item = event.target.closest(".note");
      if (!item || event.target.closest("button, select, input, a, label, form")) return;
      choose(item.dataset.note, event.shiftKey, !selected[item.dataset.note]);
    });

    /* The notes a drag carries: the selection when the dragged note is in it. */
    ctx.dragged = function (id) { return selected[id] ? ids() : [id]; };

    // ---- the selection bar --------------------------------------------------------

    function phaseOfSelection() {
      var phases = {};
      ids().forEach(function (id) { phases[ctx.notes.byId[id].phase] = true; });
      var keys = Object.keys(phases);
      return keys.length === 1 ? keys[0] : null;
    }

    function put(themeId) {
      var chosen = ids();
      if (!chosen.length) { ctx.say("Select some notes first: click them, or press X on a note."); return; }
      var theme = themeId && ctx.themes.byId[themeId];
      var inPhase = theme ? chosen.filter(function (id) { return ctx.notes.byId[id].phase === theme.phase; }) : chosen;
      if (!inPhase.length) { ctx.say("A theme holds notes of its own phase only: select notes from " + H.phaseTitle(ctx.state, theme.phase) + "."); return; }
      ctx.send("theme:assign", { notes: inPhase, theme: themeId || null }, function () {
        var left = chosen.length - inPhase.length;
        ctx.say(left ? left + " selected notes are from another phase and stayed where they were." : "");
        clear();
      });
    }

    $("selection-assign").addEventListener("click", function () {
      var value = $("selection-theme").value;
      if (!value) { ctx.say("Choose a theme for the selected notes, or type a new theme's name."); $("selection-theme").focus(); return; }
      put(parseInt(value, 10));
    });
    $("selection-out").addEventListener("click", function () { put(null); });
    $("selection-clear").addEventListener("click", clear);
    function createWithSelection() {
      var name = $("selection-new").value.trim();
      var phase = phaseOfSelection();
      if (!count()) { ctx.say("Select some notes first: click them, or press X on a note."); return; }
      if (!name) { ctx.say("Type a name for the new theme first."); $("selection-new").focus(); return; }
      if (!phase) { ctx.say("A theme holds notes of one phase: select notes from one phase only."); return; }
      ctx.send("theme:create", { phase: phase, name: name, notes: ids() }, function () { $("selection-new").value = ""; clear(); });
    }
    $("selection-create").addEventListener("click", createWithSelection);
    $("selection-new").addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); createWithSelection(); }
    });

    function drawBar() {
      var n = count();
      $("selection-count").textContent = n === 0 ? "No notes selected." : n === 1 ? "1 note selected." : n + " notes selected.";
      var phase = phaseOfSelection();
      var phases = phase ? [phase] : (ctx.state ? ctx.state.phases.map(function (p) { return p.key; }) : []);
      var choices = [["", "Choose a theme…"]];
      phases.forEach(function (key) {
        ctx.themesPart.liveThemes(key).forEach(function (t) {
          choices.push([String(t.id), (phase ? "" : H.phaseTitle(ctx.state, key) + ": ") + t.name]);
        });
      });
      H.fillSelect($("selection-theme"), choices);
      ["selection-assign", "selection-out", "selection-clear", "selection-create"].forEach(function (id) { $(id).disabled = n === 0; });
      $("selection-bar").classList.toggle("active", n > 0);
    }

    // ---- the theme rail -----------------------------------------------------------

    var targets = {};
    function target(theme) {
      var button = targets[theme.id];
      if (!button) {
        button = Live.el("button", "theme-target drop-zone");
        button.type = "button";
        button.dataset.theme = theme.id;
        // The name a screen reader hears holds the words on the button (WCAG 2.5.3).
        button.appendChild(Live.el("span", "visually-hidden target-verb"));
        button.appendChild(Live.el("span", "name")).setAttribute("dir", "auto");
        button.appendChild(document.createTextNode(" "));
        button.appendChild(Live.el("span", "target-count"));
        button.appendChild(Live.el("span", "visually-hidden target-unit"));
        button.addEventListener("click", function () {
          if (count()) { put(theme.id); return; }
          var box = root.querySelector('#note-columns .theme[data-theme="' + theme.id + '"]');
          if (box) { box.scrollIntoView({ block: "start" }); box.querySelector("button").focus({ preventScroll: true }); }
        });
        ctx.themesPart.dropZone(button, function (dropped) { ctx.themesPart.assign(dropped, theme.id); });
        targets[theme.id] = button;
      }
      var members = ctx.notes.list(function (n) { return Live.live(n) && n.theme === theme.id; }).length;
      button.querySelector(".name").textContent = theme.name;
      button.querySelector(".target-count").textContent = String(members);
      button.querySelector(".target-verb").textContent = count() ? "Put the selected notes in theme: " : "Go to theme: ";
      button.querySelector(".target-unit").textContent = members === 1 ? " note" : " notes";
      return button;
    }

    function drawRail() {
      var keep = {};
      root.querySelectorAll("#theme-rail .rail-phase").forEach(function (section) {
        var list = section.querySelector(".theme-targets");
        var themes = ctx.themesPart.liveThemes(section.dataset.phase);
        themes.forEach(function (theme, index) {
          keep[theme.id] = true;
          var item = target(theme);
          var li = item.parentNode && item.parentNode.parentNode === list ? item.parentNode : Live.el("li");
          if (item.parentNode !== li) li.appendChild(item);
          if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
        });
        while (list.children.length > themes.length) list.lastChild.remove();
        var filter = $("filter-phase").value;
        section.hidden = !!filter && filter !== section.dataset.phase;
      });
      Object.keys(targets).forEach(function (id) { if (!keep[id]) { delete targets[id]; } });
    }

    function draw() { drawBar(); drawRail(); }

    return {
      checkbox: checkbox, label: label, draw: draw, clear: clear, count: count,
      /* Keyboard: X toggles the note in focus (Shift+X: every note up to it). */
      toggleFocused: function (range) {
        var item = document.activeElement && document.activeElement.closest && document.activeElement.closest("#note-columns .note");
        if (!item) { ctx.say("Move to a note first (Tab), then press X."); return; }
        choose(item.dataset.note, range, !selected[item.dataset.note]);
      },
      reset: function () { selected = {}; anchor = null; targets = {}; },
    };
  };
})();
