/* The facilitator's console: status and settings, cycles, phases, timer, dot-voting,
 * notes and themes (console_themes.js), actions (console_actions.js), scribing, details.
 *
 * Every change goes to the server as an event and comes back as a broadcast; the console
 * draws what the server says, so two co-facilitators' consoles always agree.
 */
(function () {
  "use strict";
  var root = document.getElementById("console");
  var code = root.dataset.code;
  var countdown = new Live.Countdown(document.getElementById("timer"));
  var $ = function (id) { return document.getElementById(id); };
  var groups = {};
  JSON.parse(root.dataset.groups || "[]").forEach(function (g) { groups[g.key] = g.label; });
  var live;
  var pending = false;

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
  var themesPart = ConsoleThemes(ctx);
  var actionsPart = ConsoleActions(ctx);

  function schedule() { if (!pending) { pending = true; requestAnimationFrame(draw); } }
  function draw() {
    pending = false;
    themesPart.draw();
    actionsPart.draw();
    drawVoting();
  }

  function phaseTitle(key) {
    var phase = ctx.state && ctx.state.phases.filter(function (p) { return p.key === key; })[0];
    return phase ? phase.title : key;
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
    $("title").textContent = state.title;
    state.phases.forEach(function (phase) {
      var box = root.querySelector('#phase-boxes input[value="' + phase.key + '"]');
      if (box) box.checked = phase.open;
    });
    countdown.set(state.timer);
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
    if (document.activeElement !== $("vote-dots")) $("vote-dots").value = state.voting.dots;
    if (state.voting.phase) $("vote-phase").value = state.voting.phase;
    schedule();
  }

  $("status-live").addEventListener("click", function () { ctx.send("workshop:status", { status: "live" }); });
  $("status-close").addEventListener("click", function () {
    if (window.confirm("Close the workshop? Phones stop taking notes, votes and suggestions at once. You can reopen it.")) {
      ctx.send("workshop:status", { status: "closed" });
    }
  });
  $("status-archive").addEventListener("click", function () { ctx.send("workshop:status", { status: "archived" }); });
  [["set-nicknames", "show_nicknames"], ["set-lanyards", "lanyards_off"], ["set-premoderation", "premoderation"]].forEach(function (pair) {
    $(pair[0]).addEventListener("change", function (event) {
      var change = {};
      change[pair[1]] = event.target.checked;
      ctx.send("workshop:settings", change);
    });
  });

  function showCycles(cycles) {
    var list = $("cycles");
    list.textContent = "";
    (cycles || []).forEach(function (cycle) {
      var item = Live.el("li", cycle.current ? "current" : "");
      var label = cycle.title + (cycle.date ? " (" + cycle.date + ")" : "") + " — " + cycle.status;
      if (cycle.current) { item.appendChild(Live.el("strong", "", label + " — this one")); }
      else {
        var link = Live.el("a", "", label);
        link.href = "/facilitator/w/" + encodeURIComponent(cycle.code);
        item.appendChild(link);
      }
      list.appendChild(item);
    });
    var hasNext = (cycles || []).some(function (c, i, all) { return i > 0 && all[i - 1].current; });
    $("next-cycle").disabled = hasNext;
  }
  $("next-cycle").addEventListener("click", function () {
    ctx.send("cycle:next", {}, function (answer) { window.location.href = answer.console_url; });
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
  $("timer-reset").addEventListener("click", function () {
    var minutes = parseInt($("timer-minutes").value, 10);
    ctx.send("timer:reset", { seconds: (minutes > 0 ? minutes : 10) * 60 });
  });

  // ---- dot-voting --------------------------------------------------------------------

  function drawVoting() {
    var voting = ctx.state && ctx.state.voting;
    if (!voting) return;
    var text = voting.phase
      ? "Voting is open on " + phaseTitle(voting.phase) + ": " + voting.dots + " dots each, " + (ctx.votes ? ctx.votes.placed : 0) + " placed. " +
        (voting.revealed ? "Results are on the board." : "Results are hidden from the room.")
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

  // ---- scribing and details ----------------------------------------------------------

  $("scribe-form").addEventListener("submit", function (event) {
    event.preventDefault();
    ctx.send("note:scribe", {
      id: Live.uuid(), phase: $("scribe-phase").value, text: $("scribe-text").value,
      group: $("scribe-group").value, table: $("scribe-table").value,
    }, function () {
      $("scribe-text").value = "";   // group and table stay: a scribe often writes several for one table
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
      .map(function (code) {
        var index = codes.indexOf(code);
        return (index >= 0 ? names[index] : "not said") + " " + counts[code];
      });
    box.textContent = parts.length ? parts.join(" · ") : "None yet";
  }

  $("cofacilitator-url").addEventListener("focus", function (event) { event.target.select(); });

  live = Live.connect({
    joinEvent: "console:join",
    restartSpread: 0,
    joinPayload: function () { return { code: code }; },
    onReset: function () {
      ctx.notes.clear(); ctx.themes.clear(); ctx.actions.clear(); ctx.votes = null;
      themesPart.reset();
      schedule();
    },
    onJoined: function (answer) {
      actionsPart.setFramework(answer.framework);
      showCycles(answer.cycles);
      $("theme-undo").disabled = !answer.can_undo;
      if (answer.languages) showLanguages(answer.languages);
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
