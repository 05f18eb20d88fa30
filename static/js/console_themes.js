/* The console's notes and themes: moderation, grouping (drag and drop, or the "Theme"
 * list under each note for keyboards), renaming, merging, undo, and the spotlight.
 *
 * Elements are kept by id and updated in place, so a note the facilitator is working
 * on keeps its focus while other notes arrive.
 */
(function () {
  "use strict";

  window.ConsoleThemes = function (ctx) {
    var root = ctx.root;
    var noteEls = {};
    var themeEls = {};
    var NOTE_TYPE = "application/x-facilitator-note";

    function column(phase) { return root.querySelector('#note-columns section[data-phase="' + phase + '"]'); }
    function dots(kind, id) { return ctx.votes && ctx.votes.tallies ? ctx.votes.tallies[kind + ":" + id] || 0 : 0; }
    function liveThemes(phase) {
      return ctx.themes.list(function (t) { return Live.live(t) && t.phase === phase; })
        .sort(function (a, b) { return a.position - b.position; });
    }
    function spotlit(kind, id) { var s = ctx.state && ctx.state.spotlight; return !!s && s.kind === kind && s.id === id; }

    // ---- drag and drop --------------------------------------------------------------

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
        onDrop(id);
      });
    }

    root.querySelectorAll("#note-columns ul[data-drop='none']").forEach(function (zone) {
      dropZone(zone, function (id) { ctx.send("theme:assign", { notes: [id], theme: null }); });
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
      dropZone(form, function (id) { create([id]); });
    });

    // ---- notes ----------------------------------------------------------------------

    function noteElement(note) {
      var item = noteEls[note.id];
      if (!item) {
        item = Live.el("li", "note");
        item.dataset.note = note.id;
        item.draggable = true;
        item.addEventListener("dragstart", function (event) {
          event.dataTransfer.setData(NOTE_TYPE, note.id);
          event.dataTransfer.setData("text/plain", ctx.notes.byId[note.id].text);
          event.dataTransfer.effectAllowed = "move";
        });
        item.appendChild(Live.el("span", "text"));
        item.appendChild(Live.el("span", "meta"));
        var tools = Live.el("div", "note-tools");
        var label = Live.el("label", "visually-hidden", "Theme");
        var select = Live.el("select", "theme-select");
        select.id = "theme-of-" + note.id;
        label.htmlFor = select.id;
        select.addEventListener("change", function () {
          var value = select.value;
          ctx.send("theme:assign", { notes: [note.id], theme: value ? parseInt(value, 10) : null });
        });
        tools.appendChild(label);
        tools.appendChild(select);
        tools.appendChild(Live.button("Hide", function () {
          var current = ctx.notes.byId[note.id];
          ctx.send(current.hidden ? "note:restore" : "note:hide", { id: note.id });
        }, "small-button hide-button"));
        tools.appendChild(Live.button("Approve", function () { ctx.send("note:approve", { id: note.id }); }, "small-button approve-button"));
        tools.appendChild(Live.button("Quote in report", function () {
          var current = ctx.notes.byId[note.id];
          ctx.send("note:highlight", { id: note.id, highlighted: !current.highlighted });
        }, "small-button quote-button"));
        tools.appendChild(Live.button("Spotlight", function () {
          ctx.send("spotlight:set", spotlit("note", note.id) ? { kind: null } : { kind: "note", id: note.id });
        }, "small-button spot-button"));
        item.appendChild(tools);
        noteEls[note.id] = item;
      }
      var short = note.text.slice(0, 60);
      item.querySelector(".text").textContent = note.text;
      var pending = note.approved === false && !note.hidden;
      var meta = [note.hidden ? "Hidden" : "", pending ? "Waiting for approval" : "", note.kind === "review" ? "From the last cycle" : "",
                  ctx.groupLabel(note.group), note.nickname, note.scribed ? "Scribed" : "", note.table,
                  dots("note", note.id) ? "● " + dots("note", note.id) : ""];
      item.querySelector(".meta").textContent = meta.filter(Boolean).join(" · ");
      item.classList.toggle("hidden-note", note.hidden);
      item.classList.toggle("pending-note", pending);
      item.classList.toggle("spotlit", spotlit("note", note.id));
      item.draggable = !note.hidden && !pending;
      var hide = item.querySelector(".hide-button");
      hide.textContent = note.hidden ? "Restore" : "Hide";
      hide.setAttribute("aria-label", (note.hidden ? "Restore note: " : "Hide note: ") + short);
      var approve = item.querySelector(".approve-button");
      approve.hidden = !pending;
      approve.setAttribute("aria-label", "Approve note: " + short);
      var quote = item.querySelector(".quote-button");
      quote.hidden = note.hidden || pending;
      quote.textContent = note.highlighted ? "★ Quoted in report" : "Quote in report";
      quote.setAttribute("aria-pressed", note.highlighted ? "true" : "false");
      quote.setAttribute("aria-label", "Quote in report: " + short);
      var spot = item.querySelector(".spot-button");
      spot.hidden = note.hidden || pending;
      spot.textContent = spotlit("note", note.id) ? "Out of spotlight" : "Spotlight";
      spot.setAttribute("aria-label", spot.textContent + ": " + short);
      var select = item.querySelector("select");
      select.hidden = note.hidden || pending;
      select.setAttribute("aria-label", "Theme for note: " + short);
      fillThemeSelect(select, note);
      return item;
    }

    function fillThemeSelect(select, note) {
      var options = [["", "No theme"]].concat(liveThemes(note.phase).map(function (t) { return [String(t.id), "Theme: " + t.name]; }));
      var signature = JSON.stringify(options);
      if (select.dataset.signature !== signature) {
        select.textContent = "";
        options.forEach(function (pair) {
          var option = Live.el("option", "", pair[1]);
          option.value = pair[0];
          select.appendChild(option);
        });
        select.dataset.signature = signature;
      }
      select.value = note.theme && ctx.themes.byId[note.theme] && Live.live(ctx.themes.byId[note.theme]) ? String(note.theme) : "";
    }

    // ---- themes ---------------------------------------------------------------------

    function themeElement(theme) {
      var box = themeEls[theme.id];
      if (!box) {
        box = Live.el("section", "theme drop-zone");
        box.dataset.theme = theme.id;
        var head = Live.el("div", "theme-head");
        var name = Live.el("h4", "theme-name");
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
        var list = Live.el("ul", "notes");
        box.appendChild(list);
        dropZone(box, function (id) { ctx.send("theme:assign", { notes: [id], theme: theme.id }); });
        themeEls[theme.id] = box;
      }
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
      var signature = JSON.stringify(others.map(function (t) { return [t.id, t.name]; }));
      if (merge.dataset.signature !== signature) {  // rebuilt only when the choice changes: keeps keyboard focus
        merge.textContent = "";
        merge.appendChild(Live.el("option", "", "Merge into…")).value = "";
        others.forEach(function (t) { var o = Live.el("option", "", t.name); o.value = t.id; merge.appendChild(o); });
        merge.dataset.signature = signature;
      }
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

      ctx.notes.list().forEach(function (note) {
        var col = column(note.phase);
        if (!col) return;
        var item = noteElement(note);
        var themed = note.theme && themeEls[note.theme];
        var list = themed ? themeEls[note.theme].querySelector("ul") : col.querySelector("ul[data-drop='none']");
        if (item.parentNode !== list) list.appendChild(item);
      });

      root.querySelectorAll("[data-count]").forEach(function (span) {
        var phase = span.dataset.count;
        var inPhase = ctx.notes.list(function (n) { return n.phase === phase; });
        var hidden = inPhase.filter(function (n) { return n.hidden; }).length;
        var pending = inPhase.filter(function (n) { return n.approved === false && !n.hidden; }).length;
        span.textContent = "(" + (inPhase.length - hidden - pending) + (hidden ? ", " + hidden + " hidden" : "") +
          (pending ? ", " + pending + " waiting" : "") + ")";
      });

      var spot = ctx.state && ctx.state.spotlight;
      var target = spot && (spot.kind === "note" ? ctx.notes.byId[spot.id] : ctx.themes.byId[spot.id]);
      root.querySelector("#spotlight-clear").disabled = !spot;
      root.querySelector("#spotlight-status").textContent = target
        ? "In the spotlight: " + (target.name || target.text).slice(0, 80) : "";
    }

    root.querySelector("#theme-undo").addEventListener("click", function () {
      ctx.send("theme:undo", {}, function (answer) { root.querySelector("#theme-undo").disabled = !answer.can_undo; });
    });
    root.querySelector("#spotlight-clear").addEventListener("click", function () { ctx.send("spotlight:set", { kind: null }); });

    return {
      draw: draw,
      reset: function () {
        Object.keys(noteEls).forEach(function (id) { noteEls[id].remove(); });
        Object.keys(themeEls).forEach(function (id) { themeEls[id].remove(); });
        noteEls = {}; themeEls = {};
      },
    };
  };
})();
