/* The projected board: phases as columns, notes appearing live, timer, join count. */
(function () {
  "use strict";
  var root = document.getElementById("board");
  var notes = new Live.NoteStore();
  var countdown = new Live.Countdown(document.getElementById("timer"));
  var status = document.getElementById("connection");

  function column(phase) { return root.querySelector('.column[data-phase="' + phase + '"]'); }

  function render(note) {
    var existing = root.querySelector('[data-note="' + note.id + '"]');
    if (note.hidden) { if (existing) existing.remove(); return; }
    if (existing) { existing.firstChild.textContent = note.text; return; }
    var col = column(note.phase);
    if (!col) return;
    var item = Live.el("li", "note");
    item.dataset.note = note.id;
    item.appendChild(Live.el("span", "text", note.text));
    col.querySelector(".notes").appendChild(item);
  }

  function showWorkshop(state) {
    document.getElementById("title").textContent = state.title;
    document.getElementById("question").textContent = state.question;
    state.phases.forEach(function (phase) {
      var col = column(phase.key);
      if (!col) return;
      col.classList.toggle("open", phase.open);
      col.querySelector("h2").textContent = phase.title + (phase.open ? " — open" : "");
      col.querySelector(".prompt").textContent = phase.prompt;
    });
    countdown.set(state.timer);
  }

  Live.connect({
    joinEvent: "board:join",
    joinPayload: function () { return { code: root.dataset.code, key: root.dataset.key }; },
    onReset: function () {
      notes.clear();
      root.querySelectorAll(".column .notes").forEach(function (list) { list.textContent = ""; });
    },
    onNote: function (note) { if (notes.put(note)) render(note); },
    onWorkshop: showWorkshop,
    onPresence: function (p) { document.getElementById("joined").textContent = p.joined; },
    onStatus: function (text, state) {
      status.textContent = state === "online" ? "" : text;
      status.dataset.state = state;
    },
  });
})();
