/* The projected board: phases as columns, notes under their themes, dots once revealed,
 * the spotlight, the actions, a banner for voting and closing, timer and join count.
 *
 * Changes arrive one by one; the board redraws at most once per frame from its stores
 * (notes, themes, actions), moving existing elements rather than rebuilding them.
 */
(function () {
  "use strict";
  var root = document.getElementById("board");
  var groups = JSON.parse(root.dataset.groups || "{}");
  var notes = new Live.NoteStore();
  var themes = new Live.NoteStore();
  var actions = new Live.NoteStore();
  var countdown = new Live.Countdown(document.getElementById("timer"));
  var status = document.getElementById("connection");
  var state = null;
  var votes = null;
  var noteEls = {};
  var themeEls = {};
  var pending = false;
  var $ = function (id) { return document.getElementById(id); };
  var announcer = Announcer($("announcer"));

  function column(phase) { return root.querySelector('.column[data-phase="' + phase + '"]'); }
  function schedule() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  function dots(kind, id) { return votes && votes.tallies ? votes.tallies[kind + ":" + id] || 0 : null; }
  function phaseTitle(key) {
    var phase = state && state.phases.filter(function (p) { return p.key === key; })[0];
    return phase ? phase.title : key;
  }

  function dotBadge(parent, count) {
    var badge = parent.querySelector(":scope > .dots");
    if (count === null || count === 0) { if (badge) badge.remove(); return; }
    if (!badge) { badge = Live.el("span", "dots"); parent.appendChild(badge); }
    badge.textContent = "● " + count;
    badge.setAttribute("aria-label", count + (count === 1 ? " dot" : " dots"));
  }

  function noteElement(note) {
    var item = noteEls[note.id];
    if (!item) {
      item = Live.el("li", "note");
      item.dataset.note = note.id;
      item.appendChild(Live.el("span", "text"));
      item.appendChild(Live.el("span", "meta"));
      noteEls[note.id] = item;
    }
    item.querySelector(".text").textContent = note.text;
    var meta = [note.kind === "review" ? "From the last cycle" : "", note.nickname || "", note.group ? groups[note.group] || note.group : ""];
    item.querySelector(".meta").textContent = meta.filter(Boolean).join(" · ");
    item.classList.toggle("review", note.kind === "review");
    dotBadge(item, dots("note", note.id));
    return item;
  }

  function themeElement(theme) {
    var box = themeEls[theme.id];
    if (!box) {
      box = Live.el("section", "theme");
      box.dataset.theme = theme.id;
      var head = Live.el("h3", "theme-name");
      head.appendChild(Live.el("span", "name"));
      box.appendChild(head);
      box.appendChild(Live.el("ul", "notes"));
      themeEls[theme.id] = box;
    }
    box.querySelector(".name").textContent = theme.name;
    dotBadge(box.querySelector("h3"), dots("theme", theme.id));
    return box;
  }

  function byDotsThen(kind, other) {
    return function (a, b) {
      var difference = (votes && votes.tallies) ? (dots(kind, b.id) - dots(kind, a.id)) : 0;
      return difference || other(a, b);
    };
  }
  var byCreated = function (a, b) { return (b.kind === "review" ? 1 : 0) - (a.kind === "review" ? 1 : 0) || (a.created_at < b.created_at ? -1 : 1); };
  var byPosition = function (a, b) { return a.position - b.position; };

  /* Put `items` into `container` in this order, moving only those out of place: moving
     a node re-lays out the board and may be re-announced by screen readers. */
  function arrange(container, items) {
    items.forEach(function (item, index) {
      var here = container.children[index];
      if (here !== item) container.insertBefore(item, here || null);
    });
  }

  function draw() {
    pending = false;
    var byContainer = new Map();
    function place(container, item) {
      if (!byContainer.has(container)) byContainer.set(container, []);
      byContainer.get(container).push(item);
    }
    var keep = {};
    themes.list(Live.live).sort(byDotsThen("theme", byPosition)).forEach(function (theme) {
      var col = column(theme.phase);
      if (!col) return;
      keep[theme.id] = true;
      place(col.querySelector(".themes"), themeElement(theme));
    });
    Object.keys(themeEls).forEach(function (id) { if (!keep[id]) { themeEls[id].remove(); delete themeEls[id]; } });

    var shown = {};
    notes.list(Live.live).sort(byDotsThen("note", byCreated)).forEach(function (note) {
      var col = column(note.phase);
      if (!col) return;
      shown[note.id] = true;
      var list = note.theme && themeEls[note.theme] ? themeEls[note.theme].querySelector("ul") : col.querySelector(":scope > .notes");
      place(list, noteElement(note));
    });
    Object.keys(noteEls).forEach(function (id) { if (!shown[id]) { noteEls[id].remove(); delete noteEls[id]; } });
    byContainer.forEach(function (items, container) { arrange(container, items); });

    drawActions();
    drawBanner();
    drawSpotlight();
  }

  function drawActions() {
    var list = root.querySelector("#actions .actions");
    var items = actions.list(Live.live);
    $("actions").hidden = items.length === 0;
    list.textContent = "";
    items.forEach(function (action) {
      var item = Live.el("li", "action" + (action.status === "done" ? " done" : ""));
      item.appendChild(Live.el("span", "text", action.text));
      var meta = [action.owner ? T("Who: %(owner)s", { owner: action.owner }) : "", action.due ? T("By: %(date)s", { date: action.due }) : "",
                  action.framework_tag ? action.framework_tag.replace(/-/g, " ") : "", action.status === "done" ? T("Done ✓") : ""];
      item.appendChild(Live.el("span", "meta", meta.filter(Boolean).join(" · ")));
      list.appendChild(item);
    });
  }

  function drawBanner() {
    var banner = $("banner");
    var text = "";
    if (state && state.status === "closed") text = T("This workshop has closed. Thank you for taking part.");
    else if (state && state.status === "archived") text = T("This workshop has ended.");
    else if (state && state.status === "draft") text = T("We will start soon. Scan the code to join.");
    else if (state && state.voting.phase) {
      text = T("Vote now on %(phase)s: %(dots)s dots each", { phase: phaseTitle(state.voting.phase), dots: state.voting.dots });
      if (votes) text += " — " + T("%(n)s placed", { n: votes.placed });
      if (!state.voting.revealed) text += ". " + T("Results are shown at the end.");
    }
    banner.textContent = text;
    banner.hidden = !text;
    banner.classList.toggle("closed", !!(state && state.status !== "live"));
  }

  function drawSpotlight() {
    var box = $("spotlight");
    var spot = state && state.spotlight;
    var target = spot && (spot.kind === "note" ? notes.byId[spot.id] : themes.byId[spot.id]);
    if (!target || !Live.live(target)) { box.hidden = true; root.classList.remove("spotlit"); return; }
    box.hidden = false;
    root.classList.add("spotlit");
    var list = $("spotlight-notes");
    list.textContent = "";
    if (spot.kind === "note") {
      $("spotlight-title").textContent = phaseTitle(target.phase);
      $("spotlight-text").textContent = target.text;
    } else {
      $("spotlight-title").textContent = target.name;
      $("spotlight-text").textContent = "";
      notes.list(function (n) { return Live.live(n) && n.theme === target.id; }).forEach(function (note) {
        list.appendChild(Live.el("li", "note", note.text));
      });
    }
    var count = dots(spot.kind, spot.id);
    $("spotlight-title").dataset.dots = count ? "● " + count : "";
  }

  function showWorkshop(workshop) {
    state = workshop;
    $("title").textContent = workshop.title;
    $("question").textContent = workshop.question;
    workshop.phases.forEach(function (phase) {
      var col = column(phase.key);
      if (!col) return;
      col.classList.toggle("open", phase.open);
      col.classList.toggle("voting", workshop.voting.phase === phase.key);
      col.querySelector("h2").textContent = phase.open ? T("%(phase)s — open", { phase: phase.title }) : phase.title;
      col.querySelector(".prompt").textContent = phase.prompt;
    });
    countdown.set(workshop.timer);
    announcer.workshop(workshop);
    schedule();
  }

  Live.connect({
    joinEvent: "board:join",
    restartSpread: 300,  // a board or two: redraw almost at once
    joinPayload: function () { return { code: root.dataset.code, key: root.dataset.key }; },
    onReset: function () { notes.clear(); themes.clear(); actions.clear(); votes = null; schedule(); },
    onNote: function (note) {
      var isNew = !notes.byId[note.id];
      if (notes.put(note)) { if (isNew && Live.live(note)) announcer.note(); schedule(); }
    },
    onJoined: function () { announcer.ready(); },
    onTheme: function (theme) { if (themes.put(theme)) schedule(); },
    onAction: function (action) { if (actions.put(action)) schedule(); },
    onVotes: function (v) { votes = v; schedule(); },
    onWorkshop: showWorkshop,
    onPresence: function (p) { $("joined").textContent = p.joined; },
    onGone: function (payload) { $("banner").textContent = T(payload.message); $("banner").hidden = false; },
    onStatus: function (text, kind) {
      status.textContent = kind === "online" ? "" : text;
      status.dataset.state = kind;
    },
  });
})();
