/* The console's notes and themes: moderation, grouping (drag and drop, the "Theme" list
 * under each note, or several selected notes at once: console_select.js), renaming,
 * merging, undo, the spotlight, and the search and filters over the notes.
 *
 * Elements are kept by id and updated in place, so a note the facilitator is working
 * on keeps its focus while other notes arrive. Note cards come from cards.js.
 */
(function () {
  "use strict";
  var H = window.Helpers;

  window.ConsoleThemes = function (ctx) {
    var root = ctx.root;
    var noteEls = {};
    var themeEls = {};
    var NOTE_TYPE = "application/x-facilitator-note";

    function column(phase) { return H.column(root, "#note-columns section", phase); }
    function dots(kind, id) { return H.dots(ctx.votes, kind, id) || 0; }
    function liveThemes(phase) {
      return ctx.themes.list(function (t) { return Live.live(t) && t.phase === phase; })
        .sort(function (a, b) { return a.position - b.position; });
    }
    function spotlit(kind, id) { var s = ctx.state && ctx.state.spotlight; return !!s && s.kind === kind && s.id === id; }
    function isWaiting(note) { return note.approved === false && !note.hidden; }
    function phaseIsOpen(key) {
      var phase = ctx.state && ctx.state.phases.filter(function (p) { return p.key === key; })[0];
      return !!(phase && phase.open);
    }

    // ---- drag and drop: a dragged selected note carries the whole selection ---------

    function dropZone(zone, onDrop) {
      zone.addEventListener("dragover", function (event) {
        if (Array.prototype.indexOf.call(event.dataTransfer.types, NOTE_TYPE) < 0) return;
        event.preventDefault();
        zone.classList.add("drag-over");
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("drag-over"); });
      zone.addEventListener("drop", function (event) {
        zone.classList.remove("drag-over");
        var id = event.dataTransfer.getData(NOTE_TYPE);
        if (!id) return;
        event.preventDefault();
        onDrop(ctx.dragged(id));
      });
    }

    function assign(ids, themeId) { ctx.send("theme:assign", { notes: ids, theme: themeId }); }

    root.querySelectorAll("#note-columns ul[data-drop='none']").forEach(function (zone) {
      dropZone(zone, function (ids) { assign(ids, null); });
    });
    root.querySelectorAll("form.new-theme").forEach(function (form) {
      var input = form.querySelector("input");
      function create(noteIds) {
        var name = input.value.trim();
        if (!name) { ctx.say("Type a name for the new theme first."); input.focus(); return; }
        ctx.send("theme:create", { phase: form.dataset.phase, name: name, notes: noteIds }, function () {
          if (input.value.trim() === name) input.value = "";  // not if the next name is already being typed
        });
      }
      form.addEventListener("submit", function (event) { event.preventDefault(); create([]); });
      dropZone(form, function (ids) { create(ids); });
    });

    // ---- notes ----------------------------------------------------------------------

    function noteTools(note) {
      var tools = Live.el("div", "note-tools");
      var label = Live.el("label", "visually-hidden", "Theme");
      var select = Live.el("select", "theme-select");
      select.id = "theme-of-" + note.id;
      label.htmlFor = select.id;
      select.addEventListener("change", function () {
        assign([note.id], select.value ? parseInt(select.value, 10) : null);
      });
      tools.appendChild(label);
      tools.appendChild(select);
      tools.appendChild(Live.button("Hide", function () {
        var current = ctx.notes.byId[note.id];
        ctx.send(current.hidden ? "note:restore" : "note:hide", { id: note.id });
      }, "small-button hide-button"));
      tools.appendChild(Live.button("Approve", function () { ctx.send("note:approve", { id: note.id }); }, "small-button approve-button"));
      tools.appendChild(Live.button("Ask the interpreter", function () {
        var current = ctx.notes.byId[note.id];
        ctx.send("note:release", { id: note.id, released: !current.released });
      }, "small-button release-button"));
      tools.appendChild(Live.button("Quote in report", function () {
        var current = ctx.notes.byId[note.id];
        ctx.send("note:highlight", { id: note.id, highlighted: !current.highlighted });
      }, "small-button quote-button"));
      tools.appendChild(Live.button("Spotlight", function () {
        ctx.send("spotlight:set", spotlit("note", note.id) ? { kind: null } : { kind: "note", id: note.id });
      }, "small-button spot-button"));
      return tools;
    }

    function newNoteElement(note) {
      var item = Cards.note(note, {});
      item.draggable = true;
      item.addEventListener("dragstart", function (event) {
        event.dataTransfer.setData(NOTE_TYPE, note.id);
        event.dataTransfer.setData("text/plain", ctx.notes.byId[note.id].text);
        event.dataTransfer.effectAllowed = "move";
      });
      item.insertBefore(ctx.selector.checkbox(note.id), item.firstChild);
      item.appendChild(noteTools(note));
      return item;
    }

    function noteElement(note) {
      var item = noteEls[note.id] || (noteEls[note.id] = newNoteElement(note));
      var waiting = isWaiting(note);
      var meta = [note.hidden ? "Hidden" : "", waiting ? "Waiting for approval" : "",
                  ctx.groupLabel(note.group), note.nickname, note.scribed ? "Scribed" : "", note.table,
                  note.language ? "Language: " + note.language : "",
                  dots("note", note.id) ? "● " + dots("note", note.id) : ""];
      Cards.note(note, { meta: meta, dots: null }, item);
      var short = H.short(note.text);
      item.classList.toggle("hidden-note", note.hidden);
      item.classList.toggle("pending-note", waiting);
      item.classList.toggle("spotlit", spotlit("note", note.id));
      item.draggable = !note.hidden && !waiting;
      ctx.selector.label(note, item);
      var hide = item.querySelector(".hide-button");
      hide.textContent = note.hidden ? "Restore" : "Hide";
      hide.setAttribute("aria-label", (note.hidden ? "Restore note: " : "Hide note: ") + short);
      var approve = item.querySelector(".approve-button");
      approve.hidden = !waiting;
      approve.setAttribute("aria-label", "Approve note: " + short);
      // A note off the board can be read by the interpreter only once released to them.
      var release = item.querySelector(".release-button");
      release.hidden = !(note.hidden || waiting);
      release.textContent = note.released ? "✓ Interpreter can read it" : "Ask the interpreter";
      release.setAttribute("aria-pressed", note.released ? "true" : "false");
      release.setAttribute("aria-label", (note.released ? "Take back from the interpreter: " : "Release to the interpreter: ") + short);
      var quote = item.querySelector(".quote-button");
      quote.hidden = note.hidden || waiting;
      quote.textContent = note.highlighted ? "★ Quoted in report" : "Quote in report";
      quote.setAttribute("aria-pressed", note.highlighted ? "true" : "false");
      quote.setAttribute("aria-label", "Quote in report: " + short);
      var spot = item.querySelector(".spot-button");
      spot.hidden = note.hidden || waiting;
      spot.textContent = spotlit("note", note.id) ? "Out of spotlight" : "Spotlight";
      spot.setAttribute("aria-label", spot.textContent + ": " + short);
      var select = item.querySelector("select");
      select.hidden = note.hidden || waiting;
      select.setAttribute("aria-label", "Theme for note: " + short);
      var current = note.theme && ctx.themes.byId[note.theme] && Live.live(ctx.themes.byId[note.theme]) ? String(note.theme) : "";
      H.fillSelect(select, themeChoices(note.phase, "No theme", "Theme: "), current);
      return item;
    }

    /* [value, label] pairs for a theme list of `phase`: the first choice means "none". */
    function themeChoices(phase, none, prefix) {
      return [["", none]].concat(liveThemes(phase).map(function (t) { return [String(t.id), (prefix || "") + t.name]; }));
    }

    // ---- themes ---------------------------------------------------------------------

    function newThemeElement(theme) {
      var box = Live.el("section", "theme drop-zone");
      box.dataset.theme = theme.id;
      var head = Live.el("div", "theme-head");
      var name = Live.el("h4", "theme-name");
      name.setAttribute("dir", "auto");
      head.appendChild(name);
      var tools = Live.el("div", "theme-tools row");
      tools.appendChild(Live.button("Rename", function () { rename(theme.id); }, "small-button"));
      tools.appendChild(Live.button("Spotlight", function () {
        ctx.send("spotlight:set", spotlit("theme", theme.id) ? { kind: null } : { kind: "theme", id: theme.id });
      }, "small-button spot-button"));
      tools.appendChild(Live.button("Ungroup", function () { ctx.send("theme:delete", { theme: theme.id }); }, "small-button"));
      var merge = Live.el("select", "merge-select");
      merge.addEventListener("change", function () {
        if (!merge.value) return;
        ctx.send("theme:merge", { theme: theme.id, into: parseInt(merge.value, 10) });
        merge.value = "";
      });
      tools.appendChild(merge);
      head.appendChild(tools);
      box.appendChild(head);
      box.appendChild(Live.el("ul", "notes"));
      dropZone(box, function (ids) { assign(ids, theme.id); });
      return box;
    }

    function themeElement(theme) {
      var box = themeEls[theme.id] || (themeEls[theme.id] = newThemeElement(theme));
      var count = dots("theme", theme.id);
      box.querySelector(".theme-name").textContent = theme.name + (count ? "  ● " + count : "");
      box.classList.toggle("spotlit", spotlit("theme", theme.id));
      var spot = box.querySelector(".spot-button");
      spot.textContent = spotlit("theme", theme.id) ? "Out of spotlight" : "Spotlight";
      box.querySelectorAll(".theme-tools button").forEach(function (b) { b.setAttribute("aria-label", b.textContent + " theme: " + theme.name); });
      var merge = box.querySelector(".merge-select");
      merge.setAttribute("aria-label", "Merge theme " + theme.name + " into another theme");
      var others = liveThemes(theme.phase).filter(function (t) { return t.id !== theme.id; });
      merge.hidden = others.length === 0;
      H.fillSelect(merge, [["", "Merge into…"]].concat(others.map(function (t) { return [String(t.id), t.name]; })), "");
      return box;
    }

    function rename(id) {
      var box = themeEls[id];
      var theme = ctx.themes.byId[id];
      if (!box || box.querySelector(".rename-form")) return;
      var form = Live.el("form", "rename-form row");
      var input = Live.el("input");
      input.value = theme.name;
      input.maxLength = 120;
      input.setAttribute("aria-label", "New name for theme " + theme.name);
      form.appendChild(input);
      var save = Live.el("button", "small-button", "Save");
      save.type = "submit";
      form.appendChild(save);
      form.appendChild(Live.button("Cancel", function () { form.remove(); }, "small-button"));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        ctx.send("theme:rename", { theme: id, name: input.value }, function () { form.remove(); });
      });
      box.insertBefore(form, box.querySelector("ul"));
      input.focus();
      input.select();
    }

    // ---- search and filters ---------------------------------------------------------

    var filters = {
      text: root.querySelector("#filter-text"), phase: root.querySelector("#filter-phase"),
      group: root.querySelector("#filter-group"), state: root.querySelector("#filter-state"),
    };
    /* Whether `note` passes the filters; `anyPhase` ignores the phase filter (to say how
       many more there are in other phases). */
    function matches(note, anyPhase) {
      var state = filters.state.value;
      if (state === "" && note.hidden) return false;
      if (state === "hidden" && !note.hidden) return false;
      if (state === "waiting" && !isWaiting(note)) return false;
      if (!anyPhase && filters.phase.value && note.phase !== filters.phase.value) return false;
      var group = filters.group.value;
      if (group === "-" ? !!note.group : group && note.group !== group) return false;
      var words = filters.text.value.trim().toLowerCase();
      if (!words) return true;
      var theme = note.theme && ctx.themes.byId[note.theme];
      var haystack = [note.text, note.translation && note.translation.text, note.nickname, note.table,
                      theme && Live.live(theme) ? theme.name : "", ctx.groupLabel(note.group)].join(" ").toLowerCase();
      return words.split(/\s+/).every(function (word) { return haystack.indexOf(word) >= 0; });
    }
    Object.keys(filters).forEach(function (name) {
      filters[name].addEventListener(name === "text" ? "input" : "change", function () { ctx.redraw(); });
    });
    root.querySelector("#filters").addEventListener("submit", function (event) { event.preventDefault(); });

    // ---- drawing --------------------------------------------------------------------

    function draw() {
      var keep = {};
      ctx.themes.list(Live.live).sort(function (a, b) { return a.position - b.position; }).forEach(function (theme) {
        var col = column(theme.phase);
        if (!col) return;
        keep[theme.id] = true;
        var box = themeElement(theme);
        if (box.parentNode !== col.querySelector(".themes")) col.querySelector(".themes").appendChild(box);
      });
      Object.keys(themeEls).forEach(function (id) { if (!keep[id]) { themeEls[id].remove(); delete themeEls[id]; } });

      var shown = 0;
      ctx.notes.list().forEach(function (note) {
        var col = column(note.phase);
        if (!col) return;
        var item = noteElement(note);
        var themed = note.theme && themeEls[note.theme];
        var list = themed ? themeEls[note.theme].querySelector("ul") : col.querySelector("ul[data-drop='none']");
        if (item.parentNode !== list) list.appendChild(item);
        item.hidden = !matches(note);
        if (!item.hidden) shown += 1;
      });
      root.querySelectorAll("#note-columns > section").forEach(function (section) {
        section.hidden = !!filters.phase.value && section.dataset.phase !== filters.phase.value;
      });
      var total = ctx.notes.list().length;
      var said = shown === total ? "" : "Showing " + shown + " of " + total + " notes.";
      // "0 of 2 waiting" with the phase filter on What? hid that both wait in So what?.
      if (filters.phase.value) {
        var elsewhere = ctx.notes.list(function (n) { return n.phase !== filters.phase.value && matches(n, true); }).length;
        if (elsewhere) said += " " + elsewhere + (elsewhere === 1 ? " more matches" : " more match") + " in other phases: choose Phase All to see " + (elsewhere === 1 ? "it." : "them.");
      }
      root.querySelector("#filter-count").textContent = said;

      root.querySelectorAll("[data-count]").forEach(function (span) {
        var phase = span.dataset.count;
        var inPhase = ctx.notes.list(function (n) { return n.phase === phase; });
        var hidden = inPhase.filter(function (n) { return n.hidden; }).length;
        var waiting = inPhase.filter(isWaiting).length;
        span.textContent = "(" + (inPhase.length - hidden - waiting) + (hidden ? ", " + hidden + " hidden" : "") +
          (waiting ? ", " + waiting + " waiting" : "") + ")" + (phaseIsOpen(phase) ? " — open" : "");
      });

      var spot = ctx.state && ctx.state.spotlight;
      var target = spot && (spot.kind === "note" ? ctx.notes.byId[spot.id] : ctx.themes.byId[spot.id]);
      root.querySelector("#spotlight-clear").disabled = !spot;
      root.querySelector("#spotlight-status").textContent = target
        ? "In the spotlight: " + H.short(target.name || target.text, 80) : "";
    }

    root.querySelector("#theme-undo").addEventListener("click", function () {
      ctx.send("theme:undo", {}, function (answer) { root.querySelector("#theme-undo").disabled = !answer.can_undo; });
    });
    root.querySelector("#spotlight-clear").addEventListener("click", function () { ctx.send("spotlight:set", { kind: null }); });

    return {
      draw: draw,
      themeChoices: themeChoices,
      liveThemes: liveThemes,
      dropZone: dropZone,
      assign: assign,
      /* The note elements in the order they are shown, without those filtered out. */
      visibleNotes: function () {
        return Array.prototype.filter.call(root.querySelectorAll("#note-columns .note"), function (item) {
          return !item.hidden && !item.closest("section[hidden]");
        });
      },
      reset: function () {
        Object.keys(noteEls).forEach(function (id) { noteEls[id].remove(); });
        Object.keys(themeEls).forEach(function (id) { themeEls[id].remove(); });
        noteEls = {}; themeEls = {};
      },
    };
  };
})();
