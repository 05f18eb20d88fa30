/* The facilitator's console: phases, timer, every note with hide/restore, scribing, details. */
(function () {
  "use strict";
  var root = document.getElementById("console");
  var code = root.dataset.code;
  var notes = new Live.NoteStore();
  var countdown = new Live.Countdown(document.getElementById("timer"));
  var $ = function (id) { return document.getElementById(id); };
  var live;

  function send(event, payload, onDone) {
    live.socket.timeout(8000).emit(event, payload || {}, function (err, answer) {
      var message = $("console-message");
      if (err) { message.textContent = "The server did not answer. Check the connection and try again."; return; }
      if (!answer.ok) { message.textContent = answer.error.message; return; }
      message.textContent = "";
      if (onDone) onDone(answer);
    });
  }

  function groupLabel(key) { return key ? key.replace(/-/g, " ") : ""; }

  function render(note) {
    var section = root.querySelector('#note-columns section[data-phase="' + note.phase + '"]');
    if (!section) return;
    var item = root.querySelector('[data-note="' + note.id + '"]');
    if (!item) {
      item = Live.el("li", "note");
      item.dataset.note = note.id;
      section.querySelector(".notes").appendChild(item);
    }
    item.textContent = "";
    item.classList.toggle("hidden-note", note.hidden);
    item.appendChild(Live.el("span", "text", note.text));
    var meta = [note.hidden ? "Hidden" : "", groupLabel(note.group), note.nickname].filter(Boolean).join(" · ");
    if (meta) item.appendChild(Live.el("span", "meta", meta));
    var button = Live.el("button", "small-button", note.hidden ? "Restore" : "Hide");
    button.type = "button";
    button.setAttribute("aria-label", (note.hidden ? "Restore note: " : "Hide note: ") + note.text.slice(0, 60));
    button.addEventListener("click", function () { send(note.hidden ? "note:restore" : "note:hide", { id: note.id }); });
    item.appendChild(button);
    countNotes();
  }

  function countNotes() {
    root.querySelectorAll("[data-count]").forEach(function (span) {
      var phase = span.dataset.count;
      var shown = notes.list(function (n) { return n.phase === phase && !n.hidden; }).length;
      var hidden = notes.list(function (n) { return n.phase === phase && n.hidden; }).length;
      span.textContent = "(" + shown + (hidden ? ", " + hidden + " hidden" : "") + ")";
    });
  }

  function showWorkshop(state) {
    $("title").textContent = state.title;
    state.phases.forEach(function (phase) {
      var box = root.querySelector('#phase-boxes input[value="' + phase.key + '"]');
      if (box) box.checked = phase.open;
    });
    countdown.set(state.timer);
  }

  function openPhases(keys) { send("phases:open", { phases: keys }); }

  $("phases-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var keys = Array.prototype.map.call(root.querySelectorAll("#phase-boxes input:checked"), function (i) { return i.value; });
    openPhases(keys);
  });
  root.querySelectorAll(".open-only").forEach(function (button) {
    button.addEventListener("click", function () { openPhases([button.dataset.phase]); });
  });
  $("close-all").addEventListener("click", function () { openPhases([]); });
  $("timer-start").addEventListener("click", function () { send("timer:start"); });
  $("timer-pause").addEventListener("click", function () { send("timer:pause"); });
  $("timer-reset").addEventListener("click", function () {
    var minutes = parseInt($("timer-minutes").value, 10);
    send("timer:reset", { seconds: (minutes > 0 ? minutes : 10) * 60 });
  });

  $("scribe-form").addEventListener("submit", function (event) {
    event.preventDefault();
    send("note:scribe", { id: Live.uuid(), phase: $("scribe-phase").value, text: $("scribe-text").value }, function () {
      $("scribe-text").value = "";
      $("scribe-message").textContent = "Posted.";
    });
  });

  $("details-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    send("workshop:update", {
      title: form.title.value, question: form.question.value, date: form.date.value, venue: form.venue.value,
    }, function () { $("details-message").textContent = "Saved."; });
  });

  $("cofacilitator-url").addEventListener("focus", function (event) { event.target.select(); });

  live = Live.connect({
    joinEvent: "console:join",
    joinPayload: function () { return { code: code }; },
    onReset: function () {
      notes.clear();
      root.querySelectorAll("#note-columns .notes").forEach(function (list) { list.textContent = ""; });
    },
    onNote: function (note) { if (notes.put(note)) render(note); },
    onWorkshop: showWorkshop,
    onPresence: function (p) { $("joined").textContent = p.joined; },
    onStatus: function (text, kind) { $("connection").textContent = text; $("connection").dataset.state = kind; },
  });
})();
