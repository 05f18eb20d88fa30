/* The phone page: join, read the open phase's prompt, post notes that are never lost.
 *
 * Every note gets a UUID the moment it is written and goes into an outbox kept in
 * localStorage. The outbox is sent whenever the phone is connected and joined, with an
 * acknowledgement; a note leaves the outbox only when the server says it is stored (or
 * refuses it for a reason that sending again would not fix, and then its text is kept
 * on screen for the person to edit). Sending twice is safe: the server stores a note id
 * once. Closing the tab loses nothing: the outbox is sent when the page opens again.
 */
(function () {
  "use strict";
  var root = document.getElementById("phone");
  var code = root.dataset.code;
  var maxChars = parseInt(root.dataset.max, 10);
  var keys = {
    participant: "facilitator:" + code + ":participant",
    outbox: "facilitator:" + code + ":outbox",
    profile: "facilitator:" + code + ":profile",
    state: "facilitator:" + code + ":state",
  };
  // Refusals that sending again later can fix: the note stays in the outbox.
  var RETRYABLE = { busy: true, server_error: true, storage_full: true, slow_down: true };
  var room = new Live.NoteStore();
  var mine = {};            // id -> {id, text, phase, status: "sending"|"sent"|"failed", message}
  var inFlight = {};
  var state = null;
  var groupLabels = {};
  var $ = function (id) { return document.getElementById(id); };
  var announcer = Announcer($("announcer"));

  // ---- storage (a phone in private mode may refuse localStorage: keep working in memory) ----
  var memory = {};
  function load(key, fallback) {
    try { var raw = localStorage.getItem(key); return raw ? JSON.parse(raw) : fallback; }
    catch (e) { return memory[key] !== undefined ? memory[key] : fallback; }
  }
  function save(key, value) {
    memory[key] = value;
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ }
  }
  function outbox() { return load(keys.outbox, []); }
  function setOutbox(items) { save(keys.outbox, items); }

  // ---- drawing ----
  function openPhases() { return state ? state.phases.filter(function (p) { return p.open; }) : []; }
  function phaseTitle(key) {
    var phase = state && state.phases.filter(function (p) { return p.key === key; })[0];
    return phase ? phaseText(phase, "title") : key;
  }

  function drawPhases() {
    var open = openPhases();
    $("no-phase").hidden = open.length > 0;
    $("note-form").hidden = open.length === 0;
    var options = $("phase-options");
    var chosen = selectedPhase();
    options.textContent = "";
    $("phase-choice").hidden = open.length < 2;
    open.forEach(function (phase, index) {
      var label = Live.el("label", "check");
      var input = document.createElement("input");
      input.type = "radio"; input.name = "phase"; input.value = phase.key;
      input.checked = chosen ? chosen === phase.key : index === 0;
      input.addEventListener("change", drawPrompt);
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + phaseText(phase, "title")));
      options.appendChild(label);
    });
    drawPrompt();
    drawRoom();
  }

  function selectedPhase() {
    var open = openPhases();
    if (open.length === 1) return open[0].key;
    var checked = root.querySelector('input[name="phase"]:checked');
    return checked ? checked.value : (open[0] && open[0].key);
  }

  function drawPrompt() {
    var key = selectedPhase();
    var phase = openPhases().filter(function (p) { return p.key === key; })[0];
    $("phase-title").textContent = phase ? phaseText(phase, "title") : "";
    $("phase-prompt").textContent = phase ? phaseText(phase, "prompt") : "";
  }

  // The session template's words for a phase in this phone's language, when it has them.
  var translatedPhases = {};
  try { translatedPhases = JSON.parse(root.dataset.phaseText || "{}"); } catch (e) { translatedPhases = {}; }
  function phaseText(phase, field) {
    var translated = translatedPhases[phase.key];
    return translated && translated[field] ? translated[field] : phase[field];
  }

  function drawRoom() {
    var openKeys = openPhases().map(function (p) { return p.key; });
    var list = $("room-notes");
    list.textContent = "";
    room.list(function (n) { return !n.hidden && openKeys.indexOf(n.phase) >= 0; }).forEach(function (note) {
      var item = Live.el("li", "note");
      item.appendChild(Live.el("span", "text", note.text));
      // Only there when the facilitator shows nicknames, or lanyards are on (the server decides).
      var meta = [note.nickname || "", note.group ? groupLabels[note.group] || note.group : ""].filter(Boolean).join(" · ");
      if (meta) item.appendChild(Live.el("span", "meta", meta));
      item.dataset.note = note.id;
      list.appendChild(item);
    });
  }

  function drawMine() {
    var list = $("my-notes");
    list.textContent = "";
    var ids = Object.keys(mine);
    $("my-notes-empty").hidden = ids.length > 0;
    ids.map(function (id) { return mine[id]; }).sort(function (a, b) { return a.order - b.order; }).forEach(function (note) {
      var item = Live.el("li", "note " + note.status);
      item.dataset.note = note.id;
      item.appendChild(Live.el("span", "text", note.text));
      var label = { sending: T("Waiting to send…"), sent: T("On the board"), failed: T("Not sent: %(reason)s", { reason: note.message || "" }) }[note.status];
      if (note.pending) label = T("Sent — waiting for the facilitator to approve it");
      if (note.hidden && !note.pending) label = T("Hidden by the facilitator");
      item.appendChild(Live.el("span", "state", label));
      if (note.status === "failed") {
        var edit = Live.el("button", "link", T("Edit and send again"));
        edit.type = "button";
        edit.addEventListener("click", function () {
          $("note-text").value = note.text;
          delete mine[note.id];
          drawMine(); updateCount();
          $("note-text").focus();
        });
        item.appendChild(edit);
      }
      list.appendChild(item);
    });
  }

  var order = 0;
  function remember(note, status, message) {
    var known = mine[note.id];
    mine[note.id] = {
      id: note.id, text: note.text, phase: note.phase, status: status, message: message,
      hidden: note.hidden, pending: note.approved === false || !!note.pending,
      order: known ? known.order : (order += 1),
    };
  }

  function showMessage(text) { $("note-message").textContent = text || ""; }
  function updateCount() {
    var length = $("note-text").value.trim().length;
    var left = maxChars - length;
    $("note-count").textContent = left >= 0 ? T("Characters left: %(n)s", { n: left }) : T("Characters too many: %(n)s", { n: -left });
    $("note-count").classList.toggle("over", left < 0);
  }

  // ---- sending ----
  var live;
  function flush() {
    if (!live || !live.isJoined()) return;
    outbox().forEach(function (item) {
      if (inFlight[item.id]) return;
      inFlight[item.id] = true;
      live.socket.timeout(8000).emit("note:post", { id: item.id, phase: item.phase, text: item.text }, function (err, answer) {
        delete inFlight[item.id];
        if (err) return;   // no answer: still in the outbox, sent again on the next try
        if (answer.ok) {
          dropFromOutbox(item.id);
          remember(answer.note, "sent");
          if (!answer.duplicate) announcer.say(T("Your note was sent."));
        } else if (RETRYABLE[answer.error.code]) {
          showMessage(answer.error.message);
          return;
        } else {
          dropFromOutbox(item.id);
          remember(item, "failed", answer.error.message);
          showMessage(answer.error.message);
        }
        drawMine();
      });
    });
  }
  function dropFromOutbox(id) { setOutbox(outbox().filter(function (i) { return i.id !== id; })); }

  function post(event) {
    event.preventDefault();
    var text = $("note-text").value.trim();
    var phase = selectedPhase();
    if (!text) { showMessage(T("Your note is empty. Please write something first.")); return; }
    if (text.length > maxChars) {
      showMessage(T("This note is longer than %(limit)s characters — please shorten it.", { limit: maxChars }));
      return;
    }
    var item = { id: Live.uuid(), phase: phase, text: text, at: Date.now() };
    setOutbox(outbox().concat([item]));
    remember(item, "sending");
    $("note-text").value = "";
    updateCount();
    showMessage(live && live.isJoined() ? "" : T("You are offline. Your note is saved on this phone and will be sent when you are back."));
    drawMine();
    flush();
  }

  // ---- joining ----
  function joinPayload() {
    var profile = load(keys.profile, {});
    return {
      code: code, participant: load(keys.participant, null),
      nickname: profile.nickname || "", group: profile.group || "", table: profile.table || "",
      language: document.documentElement.lang,   // so the facilitator knows which languages are in the room
    };
  }

  function start() {
    $("join").hidden = true;
    // With the last state we saw, the phone can take notes even before it reconnects.
    state = load(keys.state, null);
    if (state) { $("post").hidden = false; drawPhases(); }
    var tools = PhoneTools(function (event, payload, done) { live.send(event, payload, done); }, room);
    live = Live.connect({
      joinEvent: "phone:join",
      joinPayload: joinPayload,
      offlineText: T("Offline — your notes are kept on this phone and sent when you are back."),
      onJoined: function (answer) {
        save(keys.participant, answer.participant.id);
        answer.own_notes.forEach(function (note) {
          if (!(mine[note.id] && mine[note.id].status === "failed")) remember(note, "sent");
        });
        $("post").hidden = false;
        (answer.groups || []).forEach(function (g) { groupLabels[g.key] = g.label; });
        tools.onJoined(answer);
        drawMine();
        flush();
        announcer.ready();
      },
      onJoinError: function () { $("post").hidden = true; },
      onReset: function () { room.clear(); tools.onReset(); },
      onNote: function (note) {
        var isNew = !room.byId[note.id];
        if (room.put(note)) {
          if (isNew && Live.live(note) && !mine[note.id]) announcer.note();
          if (mine[note.id]) { mine[note.id].hidden = note.hidden; mine[note.id].pending = !!note.pending; drawMine(); }
          drawRoom();
          tools.onNote(note);
        }
      },
      onTheme: function (theme) { tools.onTheme(theme); },
      onAction: function (action) { tools.onAction(action); },
      onVotes: function (votes) { tools.onVotes(votes); },
      onMyDots: function (dots) { tools.onMyDots(dots); },
      onGone: function (payload) { tools.onGone(payload); },
      onWorkshop: function (workshop) { state = workshop; save(keys.state, workshop); drawPhases(); tools.onWorkshop(workshop); announcer.workshop(workshop); },
      onStatus: function (text, kind) { $("connection").textContent = text; $("connection").dataset.state = kind; },
    });
  }

  outbox().forEach(function (item) { remember(item, "sending"); });
  drawMine();
  $("note-form").addEventListener("submit", post);
  $("note-text").addEventListener("input", updateCount);
  updateCount();
  setInterval(flush, 4000);  // keep trying while anything is waiting

  if (load(keys.participant, null)) {
    start();
  } else {
    $("join").hidden = false;
    $("connection").textContent = "";
    $("join-form").addEventListener("submit", function (event) {
      event.preventDefault();
      save(keys.profile, { nickname: $("nickname").value.trim(), group: $("group").value, table: $("table").value.trim() });
      start();
    });
  }
})();
