/* The facilitator's console, made for a 1280×720 laptop: a toolbar that never scrolls away
 * (phases, timer, voting, spotlight, joined count, the board's join view, the board link),
 * and panels switched between (notes and themes: console_themes.js and console_select.js;
 * actions: console_actions.js; the report; settings, cycles and details). Keyboard
 * shortcuts are listed in the toolbar.
 *
 * Every change goes to the server as an event and comes back as a broadcast; the console
 * draws what the server says, so two co-facilitators' consoles always agree.
 */
(function () {
  "use strict";
  var H = window.Helpers;
  var $ = H.$;
  var root = $("console");
  var code = root.dataset.code;
  var countdown = new Live.Countdown($("timer"));
  var groups = {};
  JSON.parse(root.dataset.groups || "[]").forEach(function (g) { groups[g.key] = g.label; });
  var live;
  var joined = false;

  var ctx = {
    root: root,
    notes: new Live.NoteStore(),
    themes: new Live.NoteStore(),
    actions: new Live.NoteStore(),
    state: null,
    votes: null,
    groupLabel: function (key) { return key ? groups[key] || key : ""; },
    say: function (text) { $("console-message").textContent = text || ""; },
    /* Send an event; refusals are shown in `messageEl` (or the console's message line). */
    send: function (event, payload, onDone, messageEl) {
      var show = messageEl ? function (text) { messageEl.textContent = text || ""; } : ctx.say;
      live.send(event, payload, function (error, answer) {
        show(error || "");
        if (!error && onDone) onDone(answer);
      });
    },
  };
  var schedule = H.schedule(draw);

  /* A message from the page before ("Workshop created. Join code: …") is news once: the
     console is one page for the whole workshop, so it would stay all session. It can be
     dismissed, and goes by itself once the facilitator opens a phase (issue 28, item 12). */
  function dismissible(flash) {
    var close = document.createElement("button");
    close.type = "button";
    close.className = "link flash-dismiss";
    close.textContent = "Dismiss";
    close.setAttribute("aria-label", "Dismiss: " + flash.textContent);
    close.addEventListener("click", function () { flash.remove(); });
    flash.appendChild(document.createTextNode(" "));
    flash.appendChild(close);
  }
  var flashes = Array.prototype.slice.call(document.querySelectorAll(".flash[role=status]"));
  flashes.forEach(dismissible);
  function dropFlashesOnceLive(state) {
    if (!flashes.length || !state || !state.phases.some(function (p) { return p.open; })) return;
    flashes.forEach(function (flash) { flash.remove(); });
    flashes = [];
  }
  ctx.redraw = schedule;
  var themesPart = ctx.themesPart = ConsoleThemes(ctx);
  var selector = ctx.selector = ConsoleSelect(ctx);
  var actionsPart = ConsoleActions(ctx);
  var arrivalsPart = ConsoleArrivals(ctx);
  var reportPart = ConsoleReport.followLive();

  function draw() {
    themesPart.draw();
    selector.draw();
    actionsPart.draw();
    drawVoting();
    arrivalsPart.draw();
    drawCounts();
    reportPart.changed();  // the Report panel's checks and drafts are the server's: asked for again
  }

  function phaseTitle(key) { return H.phaseTitle(ctx.state, key); }

  // The selection bar and the theme rail stick just under the toolbar, whatever its height.
  function measureToolbar() {
    document.documentElement.style.setProperty("--toolbar-height", $("toolbar").offsetHeight + "px");
    document.documentElement.style.setProperty("--selection-height", $("selection-bar").offsetHeight + "px");
  }
  if (window.ResizeObserver) { var watch = new ResizeObserver(measureToolbar); watch.observe($("toolbar")); watch.observe($("selection-bar")); }
  measureToolbar();

  // ---- panels --------------------------------------------------------------------------

  var tabs = Array.prototype.slice.call(root.querySelectorAll('[role="tab"]'));
  function showPanel(tab, focus) {
    tabs.forEach(function (other) {
      var on = other === tab;
      other.setAttribute("aria-selected", on ? "true" : "false");
      other.tabIndex = on ? 0 : -1;
      $(other.getAttribute("aria-controls")).hidden = !on;
    });
    if (focus) tab.focus();
    var name = tab.id.replace("tab-", "");
    if (name === "report") reportPart.shown();
    if (window.location.hash.slice(1) !== name) history.replaceState(null, "", "#" + name);
    window.scrollTo(0, 0);
  }
  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { showPanel(tab, false); });
    tab.addEventListener("keydown", function (event) {
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      event.preventDefault();
      showPanel(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  });
  /* The tab a location hash asks for: a panel's name (#report), or anything inside a
     panel (#report-h, where saving the report's front page comes back to); else null. */
  function askedTab() {
    var name = window.location.hash.slice(1);
    if (!name) return null;
    var tab = $("tab-" + name);
    if (tab && tab.getAttribute("role") === "tab") return tab;
    var inside = document.getElementById(name);
    var panel = inside && inside.closest(".tab-panel");
    return panel ? root.querySelector('[role="tab"][aria-controls="' + panel.id + '"]') : null;
  }
  function showAsked() { var tab = askedTab(); if (tab) showPanel(tab, false); }
  showAsked();
  window.addEventListener("hashchange", showAsked);   // a link to #report on the page opens its panel

  // ---- counts, badges and what is said when something needs the facilitator ------------

  var known = { waiting: null, proposed: null };
  function drawCounts() {
    var all = ctx.notes.list();
    var waiting = all.filter(function (n) { return n.approved === false && !n.hidden; }).length;
    var onBoard = all.filter(Live.live).length;
    var actions = ctx.actions.list(Live.live);
    var proposed = actions.filter(function (a) { return a.status === "proposed"; }).length;
    $("count-notes").textContent = onBoard;
    $("count-actions").textContent = actions.length;
    badge("badge-notes", waiting, waiting === 1 ? "1 waiting for approval" : waiting + " waiting for approval");
    badge("badge-actions", proposed, proposed === 1 ? "1 suggested" : proposed + " suggested");
    if (!joined) return;
    var news = [];
    if (known.waiting !== null && waiting > known.waiting) {
      news.push(waiting === 1 ? "1 note is waiting for approval." : waiting + " notes are waiting for approval.");
    }
    if (known.proposed !== null && proposed > known.proposed) {
      news.push(proposed === 1 ? "1 action suggested from a phone." : proposed + " actions suggested from phones.");
    }
    known.waiting = waiting;
    known.proposed = proposed;
    if (news.length) announce(news.join(" "));
  }
  function badge(id, n, text) { $(id).hidden = n === 0; $(id).textContent = text; }
  var newsTimer = null;
  function announce(text) {
    // Emptying first makes the same words count as a change for screen readers.
    $("console-news").textContent = "";
    clearTimeout(newsTimer);
    newsTimer = setTimeout(function () { $("console-news").textContent = text; }, 100);
  }

  // ---- status, settings and cycles ---------------------------------------------------

  var STATUS_HELP = {
    draft: "Not started: phones can join and wait. Opening a phase makes it live.",
    live: "Participants can post, vote and suggest actions in open phases.",
    closed: "Closed: nothing new is taken from phones. You can still tidy themes and actions.",
    archived: "Archived: read-only. Reopen it to change anything.",
  };

  function showWorkshop(state) {
    ctx.state = state;
    dropFlashesOnceLive(state);
    $("title").textContent = state.title;
    state.phases.forEach(function (phase) {
      var box = root.querySelector('#phase-boxes input[value="' + phase.key + '"]');
      if (box) box.checked = phase.open;
      var button = root.querySelector('.open-only[data-phase="' + phase.key + '"]');
      if (button) button.setAttribute("aria-pressed", phase.open ? "true" : "false");
    });
    countdown.set(state.timer);
    $("timer-start").hidden = state.timer.running;
    $("timer-pause").hidden = !state.timer.running;
    $("status-text").textContent = state.status;
    $("status-text").dataset.status = state.status;
    $("status-help").textContent = STATUS_HELP[state.status] || "";
    $("status-live").textContent = state.status === "draft" ? "Go live" : "Reopen";
    $("status-live").disabled = state.status === "live";
    $("status-close").disabled = state.status === "closed" || state.status === "draft";
    $("status-archive").disabled = state.status === "archived";
    $("set-nicknames").checked = state.settings.show_nicknames;
    $("set-lanyards").checked = state.settings.lanyards_off;
    $("set-premoderation").checked = state.settings.premoderation;
    // Servers before contract C6 have no such setting: say so rather than fail.
    var translations = Object.prototype.hasOwnProperty.call(state.settings, "show_translations");
    $("set-translations").checked = !!state.settings.show_translations;
    $("set-translations").disabled = !translations;
    // Servers before contract C1 have no join view switch: the board follows the phases.
    var view = state.board_view || "auto";
    $("board-view-join").setAttribute("aria-pressed", view === "join" ? "true" : "false");
    $("board-view-join").disabled = state.board_view === undefined;
    if (document.activeElement !== $("vote-dots")) $("vote-dots").value = state.voting.dots;
    if (state.voting.phase) $("vote-phase").value = state.voting.phase;
    else if (document.activeElement !== $("vote-phase")) {
      var open = state.phases.filter(function (p) { return p.open; })[0];
      if (open) $("vote-phase").value = open.key;
    }
    drawScribePhases();
    schedule();
  }

  $("status-live").addEventListener("click", function () { ctx.send("workshop:status", { status: "live" }); });
  $("status-close").addEventListener("click", function () {
    if (window.confirm("Close the workshop? Phones stop taking notes, votes and suggestions at once. You can reopen it.")) {
      ctx.send("workshop:status", { status: "closed" });
    }
  });
  $("status-archive").addEventListener("click", function () { ctx.send("workshop:status", { status: "archived" }); });
  [["set-nicknames", "show_nicknames"], ["set-lanyards", "lanyards_off"], ["set-premoderation", "premoderation"],
   ["set-translations", "show_translations"]].forEach(function (pair) {
    $(pair[0]).addEventListener("change", function (event) {
      var change = {};
      change[pair[1]] = event.target.checked;
      ctx.send("workshop:settings", change);
    });
  });

  function toggleJoinView() {
    if ($("board-view-join").disabled) return;
    var now = $("board-view-join").getAttribute("aria-pressed") === "true";
    ctx.send("board:view", { view: now ? "auto" : "join" });
  }
  $("board-view-join").addEventListener("click", toggleJoinView);

  var cycles = [];
  function showCycles(list) {
    cycles = list || [];
    var box = $("cycles");
    box.textContent = "";
    cycles.forEach(function (cycle) {
      var item = Live.el("li", cycle.current ? "current" : "");
      var label = cycle.title + (cycle.date ? " (" + cycle.date + ")" : "") + " — " + cycle.status;
      if (cycle.current) { item.appendChild(Live.el("strong", "", label + " — this one")); }
      else if (!cycle.code) {  // a cycle this co-facilitator's link does not open (issue 12)
        item.appendChild(Live.el("span", "", label + " — open it with the facilitator's passcode"));
      }
      else {
        var link = Live.el("a", "", label);
        link.href = "/facilitator/w/" + encodeURIComponent(cycle.code);
        item.appendChild(link);
      }
      box.appendChild(item);
    });
    $("count-settings").textContent = Math.max(1, cycles.length);
    var hasNext = cycles.some(function (c, i, all) { return i > 0 && all[i - 1].current; });
    $("next-cycle").disabled = hasNext;
  }

  /* The next cycle is a new workshop: the facilitator sees its title and date first (C4). */
  function nextTitle() {
    var number = Math.max(1, cycles.map(function (c) { return c.current; }).indexOf(true) + 1) + 1;
    var base = (ctx.state ? ctx.state.title : $("title").textContent).replace(/\s+—\s+cycle \d+$/, "");
    return base + " — cycle " + number;
  }
  function describeNext() {
    var title = $("next-title").value.trim();
    var date = $("next-date").value;
    $("next-summary").textContent = title
      ? "This creates a new workshop, “" + title + "”, " + (date ? "on " + date : "with no date yet") +
        ". Its What? starts with this cycle's confirmed and done actions."
      : "Give the next cycle a title.";
  }
  $("next-cycle").addEventListener("click", function () {
    var form = $("next-cycle-form");
    form.hidden = false;
    $("next-cycle").setAttribute("aria-expanded", "true");
    if (!$("next-title").value) $("next-title").value = nextTitle();
    describeNext();
    $("next-title").focus();
  });
  $("next-title").addEventListener("input", describeNext);
  $("next-date").addEventListener("input", describeNext);
  $("next-cancel").addEventListener("click", function () {
    $("next-cycle-form").hidden = true;
    $("next-cycle").setAttribute("aria-expanded", "false");
    $("next-cycle").focus();
  });
  $("next-cycle-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var payload = { title: $("next-title").value.trim() };
    if ($("next-date").value) payload.date = $("next-date").value;
    ctx.send("cycle:next", payload, function (answer) { window.location.href = answer.console_url; }, $("next-summary"));
  });

  // ---- phases and timer --------------------------------------------------------------

  function openPhases(keys) { ctx.send("phases:open", { phases: keys }); }
  $("phases-form").addEventListener("submit", function (event) {
    event.preventDefault();
    openPhases(Array.prototype.map.call(root.querySelectorAll("#phase-boxes input:checked"), function (i) { return i.value; }));
  });
  root.querySelectorAll(".open-only").forEach(function (button) {
    button.addEventListener("click", function () { openPhases([button.dataset.phase]); });
  });
  $("close-all").addEventListener("click", function () { openPhases([]); });
  $("timer-start").addEventListener("click", function () { ctx.send("timer:start"); });
  $("timer-pause").addEventListener("click", function () { ctx.send("timer:pause"); });
  // One click: back to the open phase's minutes (contract C2).
  $("timer-reset").addEventListener("click", function () { ctx.send("timer:reset", {}, null, $("timer-message")); });

  /* "12" is twelve minutes, "2:30" two and a half; anything else is refused here, before
     sending, with words a person understands (contract C2). Returns seconds or a message. */
  function parseDuration(text) {
    var value = text.trim();
    var minutes = /^(\d{1,3})$/.exec(value);
    var clock = /^(\d{1,3}):([0-5]\d)$/.exec(value);
    var seconds = minutes ? parseInt(minutes[1], 10) * 60 : clock ? parseInt(clock[1], 10) * 60 + parseInt(clock[2], 10) : null;
    if (seconds === null) return { error: "Type whole minutes (for example 12) or minutes and seconds (for example 2:30)." };
    if (seconds < 1) return { error: "The timer needs at least one second." };
    if (seconds > 14400) return { error: "The timer goes up to 240 minutes (4 hours)." };
    return { seconds: seconds };
  }
  ctx.parseDuration = parseDuration;
  $("timer-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var parsed = parseDuration($("timer-minutes").value);
    $("timer-minutes").setAttribute("aria-invalid", parsed.error ? "true" : "false");
    if (parsed.error) { $("timer-message").textContent = parsed.error; $("timer-minutes").focus(); return; }
    $("timer-message").textContent = "";
    ctx.send("timer:reset", { seconds: parsed.seconds }, function () { $("timer-minutes").value = ""; }, $("timer-message"));
  });

  // ---- dot-voting --------------------------------------------------------------------

  /* Whether any dot is on anything still on the board (the console always gets the tallies). */
  function hasDots() {
    var tallies = ctx.votes && ctx.votes.tallies;
    return !!tallies && Object.keys(tallies).some(function (key) { return tallies[key] > 0; });
  }

  function drawVoting() {
    var voting = ctx.state && ctx.state.voting;
    if (!voting) return;
    var text = voting.phase
      ? "Voting is open on " + phaseTitle(voting.phase) + ": " + voting.dots + " dots each, " + (ctx.votes ? ctx.votes.placed : 0) + " placed. " +
        (voting.revealed ? "Results are on the board." : "Results are hidden from the room.")
      : !hasDots() ? "No vote yet: open voting when the room is ready."  // a new workshop has no results to show
      : "Voting is closed." + (voting.revealed ? " Results are on the board." : "");
    $("vote-status").textContent = text;
    $("vote-close").disabled = !voting.phase;
    $("vote-reveal").textContent = voting.revealed ? "Hide results from the room" : "Show results on the board";
    $("vote-open").textContent = voting.phase ? "Change voting" : "Open voting";
  }
  $("voting-form").addEventListener("submit", function (event) {
    event.preventDefault();
    ctx.send("voting:open", { phase: $("vote-phase").value, dots: parseInt($("vote-dots").value, 10), reveal: $("vote-show").checked });
  });
  $("vote-close").addEventListener("click", function () { ctx.send("voting:close"); });
  $("vote-reveal").addEventListener("click", function () {
    ctx.send("voting:reveal", { revealed: !(ctx.state && ctx.state.voting.revealed) });
  });
  $("vote-reset").addEventListener("click", function () {
    var phase = $("vote-phase").value;
    if (window.confirm("Remove every dot placed in " + phaseTitle(phase) + "? People get their dots back.")) {
      ctx.send("voting:reset", { phase: phase });
    }
  });

  // ---- scribing (also into a closed phase: the note is marked as added late, C3) --------

  function drawScribePhases() {
    var select = $("scribe-phase");
    var choices = ctx.state.phases.map(function (p) { return [p.key, p.open ? p.title : p.title + " (closed)"]; });
    var open = ctx.state.phases.filter(function (p) { return p.open; })[0];
    var rebuilt = H.fillSelect(select, choices);
    if (rebuilt && open && document.activeElement !== select) select.value = open.key;
    describeScribePhase();
  }
  function describeScribePhase() {
    var key = $("scribe-phase").value;
    var phase = ctx.state && ctx.state.phases.filter(function (p) { return p.key === key; })[0];
    $("scribe-late").textContent = phase && !phase.open
      ? phase.title + " is closed: the note will be marked on the board and in the report as added after the phase closed." : "";
  }
  $("scribe-phase").addEventListener("change", describeScribePhase);

  /* A language's names folded for matching: lower case, accents off ("Español" → "espanol"). */
  function folded(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  /* Narrow "Said in" to the languages with a name (in English or in itself) or code that
     starts with what was typed, at any word, and choose the first; empty shows them all. */
  function findLanguage() {
    var typed = folded($("scribe-language-search").value.trim());
    var select = $("scribe-language");
    var matches = [];
    Array.prototype.forEach.call(select.options, function (option) {
      if (!option.value) return;  // "Not said" is always there
      var words = folded(option.dataset.names).split(/[\s()—-]+/);
      var match = !typed || words.some(function (word) { return word.indexOf(typed) === 0; });
      option.hidden = !match;
      if (match) matches.push(option);
    });
    if (!typed) { $("scribe-language-found").textContent = ""; return; }
    select.value = matches.length ? matches[0].value : "";
    $("scribe-language-found").textContent = matches.length
      ? matches[0].text + (matches.length > 1 ? " chosen; " + (matches.length - 1) + " more in the list." : " chosen.")
      : "No language has that name: the note is saved as “Not said” unless you choose one.";
  }
  $("scribe-language-search").addEventListener("input", findLanguage);
  $("scribe-language-search").addEventListener("keydown", function (event) {
    // Enter keeps the match rather than posting a note half written; Down goes to the list.
    if (event.key === "Enter") { event.preventDefault(); $("scribe-language").focus(); }
    if (event.key === "ArrowDown") { event.preventDefault(); $("scribe-language").focus(); }
  });

  /* After a note is posted the form is for the next person: their words, group, language
     and translation start empty. The table and the phase stay: a scribe goes round one
     table writing for each person at it, in the phase the room is in. */
  function clearScribeForm() {
    ["scribe-text", "scribe-translation", "scribe-group", "scribe-language", "scribe-language-search"].forEach(function (id) {
      $(id).value = "";
    });
    findLanguage();
  }
  $("scribe-form").addEventListener("submit", function (event) {
    event.preventDefault();
    ctx.send("note:scribe", {
      id: Live.uuid(), phase: $("scribe-phase").value, text: $("scribe-text").value,
      group: $("scribe-group").value, table: $("scribe-table").value,
      language: $("scribe-language").value, translation: $("scribe-translation").value,
    }, function () {
      clearScribeForm();
      $("scribe-message").textContent = "Posted.";
    }, $("scribe-message"));
  });

  $("details-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    ctx.send("workshop:update", {
      title: form.title.value, question: form.question.value, date: form.date.value, venue: form.venue.value,
    }, function () { $("details-message").textContent = "Saved."; });
  });

  /* How many phones show each language, most first: "Arabic 12 · English 8 · not said 2". */
  function showLanguages(counts) {
    var box = $("languages-in-room");
    var codes = JSON.parse(box.dataset.codes), names = JSON.parse(box.dataset.names);
    var parts = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); })
      .map(function (key) {
        var index = codes.indexOf(key);
        return (index >= 0 ? names[index] : "not said") + " " + counts[key];
      });
    box.textContent = parts.length ? parts.join(" · ") : "None yet";
  }

  $("cofacilitator-url").addEventListener("focus", function (event) { event.target.select(); });

  // ---- keyboard shortcuts (listed in the toolbar) --------------------------------------

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var typing = event.target.closest && event.target.closest("input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]");
    if (event.key === "Escape") { if (selector.count()) { selector.clear(); event.preventDefault(); } return; }
    if (typing) return;
    var key = event.key.toLowerCase();
    var action = {
      "1": function () { showPanel(tabs[0], true); }, "2": function () { showPanel(tabs[1], true); },
      "3": function () { showPanel(tabs[2], true); }, "4": function () { showPanel(tabs[3], true); },
      "/": function () { showPanel(tabs[0], false); $("filter-text").focus(); },
      "x": function () { selector.toggleFocused(event.shiftKey); },
      "g": function () { showPanel(tabs[0], false); (selector.count() ? $("selection-theme") : $("filter-text")).focus(); },
      "t": function () { (ctx.state && ctx.state.timer.running ? $("timer-pause") : $("timer-start")).click(); },
      "r": function () { $("timer-reset").click(); },
      "j": toggleJoinView,
    }[key];
    if (!action) return;
    event.preventDefault();
    action();
  });

  live = Live.connect({
    joinEvent: "console:join",
    restartSpread: 0,
    joinPayload: function () { return { code: code }; },
    onReset: function () {
      ctx.notes.clear(); ctx.themes.clear(); ctx.actions.clear(); ctx.votes = null;
      themesPart.reset();
      selector.reset();
      schedule();
    },
    onJoined: function (answer) {
      actionsPart.setFramework(answer.framework);
      showCycles(answer.cycles);
      $("theme-undo").disabled = !answer.can_undo;
      if (answer.languages) showLanguages(answer.languages);
      // What arrived with the first picture is not news; what comes after is.
      setTimeout(function () { joined = true; schedule(); }, 0);
    },
    onNote: function (note) { if (ctx.notes.put(note)) schedule(); },
    onTheme: function (theme) { if (ctx.themes.put(theme)) { $("theme-undo").disabled = false; schedule(); } },
    onAction: function (action) { if (ctx.actions.put(action)) schedule(); },
    onVotes: function (votes) { ctx.votes = votes; schedule(); },
    onWorkshop: showWorkshop,
    onPresence: function (p) { $("joined").textContent = p.joined; if (p.languages) showLanguages(p.languages); },
    onGone: function (payload) { ctx.say(payload.message); },
    onStatus: function (text, kind) { $("connection").textContent = text; $("connection").dataset.state = kind; },
  });
})();
