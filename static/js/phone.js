/* The phone page: join, read the open phase's prompt, post notes that are never lost.
 *
 * Every note gets a UUID the moment it is written and goes into an outbox kept in
 * localStorage. The outbox is sent whenever the phone is connected and joined, with an
 * acknowledgement; a note leaves the outbox only when the server says it is stored (or
 * refuses it for a reason that sending again would not fix, and then its text is kept
 * on screen for the person to edit). Sending twice is safe: the server stores a note id
 * once. Closing the tab loses nothing: the outbox is sent when the page opens again.
 *
 * A note being written is a draft, kept in localStorage on every keystroke (so a reload
 * or a language switch loses nothing) and tied to the phase it was started for. When
 * that phase closes, the draft leaves the text box and the phone says so, offering to
 * post it to a phase that is open or to keep it on the phone; it is never moved without
 * the person choosing. The phone's own notes and the last workshop state are kept too,
 * and a service worker (phone_sw.js) keeps the page, so a reload without signal shows
 * this page with its notes and outbox.
 */
(function () {
  "use strict";
  var root = document.getElementById("phone");
  // "Read aloud" on the question, the phase's words and each list (static/js/phone_speech.js).
  if (window.PhoneSpeech) window.PhoneSpeech.attach(root, document.getElementById("read-aloud-status"));
  var code = root.dataset.code;
  var maxChars = parseInt(root.dataset.max, 10);
  // The outbox's and the drafts' rules (storage keys, which refusals are retried): phone_outbox.js, phone_drafts.js.
  var Outbox = window.PhoneOutbox;
  var Drafts = window.PhoneDrafts;
  var keys = Outbox.keys(code);
  var room = new Live.NoteStore();
  var mine = {};            // id -> {id, text, phase, status: "sending"|"sent"|"failed", message}
  var inFlight = {};
  var state = null;
  var groupLabels = {};
  var $ = function (id) { return document.getElementById(id); };
  var announcer = Announcer($("announcer"));

  // ---- storage (a phone in private mode may refuse localStorage: keep working in memory) ----
  var store = Outbox.storage(function () { return localStorage; });
  var load = store.load;
  var save = store.save;
  function outbox() { return load(keys.outbox, []); }
  function setOutbox(items) { save(keys.outbox, items); }

  // ---- drawing ----
  function openPhases() { return state ? state.phases.filter(function (p) { return p.open; }) : []; }
  function phaseByKey(key) { return state && state.phases.filter(function (p) { return p.key === key; })[0]; }
  function phaseTitle(key) { var phase = phaseByKey(key); return phase ? T.phase(phase, "title") : key; }
  function isOpen(key) { return openPhases().some(function (p) { return p.key === key; }); }

  function drawPhases() {
    var open = openPhases();
    $("no-phase").hidden = open.length > 0;
    $("note-form").hidden = open.length === 0;
    var options = $("phase-options");
    var draft = load(keys.draft, {});
    var chosen = Drafts.stillOpen(draft, isOpen) ? draft.phase : selectedPhase();
    options.textContent = "";
    $("phase-choice").hidden = open.length < 2;
    open.forEach(function (phase, index) {
      var label = Live.el("label", "check");
      var input = document.createElement("input");
      input.type = "radio"; input.name = "phase"; input.value = phase.key;
      input.checked = chosen ? chosen === phase.key : index === 0;
      input.addEventListener("change", function () { keepDraft(); drawPrompt(); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(isolated(T.phaseWords(phase, "title")));
      options.appendChild(label);
    });
    drawQuestion();
    strandDraftOfClosedPhase();
    drawPrompt();
    drawStranded();
    drawMine();
    drawRoom();
  }

  /* The workshop's title and question, in the phone's language once translated. */
  function drawQuestion() {
    var question = T.own(state, "question");
    T.show($("question"), question);
    $("question-bar").hidden = !question.text;
    var title = T.own(state, "title");
    if (title.text) { T.show($("workshop-title"), title); document.title = title.text; }
  }

  /* A phase title inside a sentence or a choice: in its own <bdi>, with its language
     when it is the facilitator's words as written. */
  function isolated(words) {
    var node = Live.el("bdi", "", words.text);
    if (words.missing) { var marked = T.original(words.text); node.lang = marked.lang; node.dir = marked.dir; }
    return node;
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
    T.show($("phase-title"), T.phaseWords(phase, "title"));
    T.show($("phase-prompt"), T.phaseWords(phase, "prompt"));
    // Shown whenever the phase has guidance: translated, or as written and marked (i18n.js T.phaseWords says why).
    var guidance = T.phaseWords(phase, "guidance");
    T.show($("phase-guidance"), guidance);
    $("phase-guidance").hidden = !guidance.text;
  }

  // ---- drafts: the text box belongs to the phase it was started for ----
  function keepDraft() {
    var text = $("note-text").value;
    // The selected phase is the draft's own: drawPhases selects it while it is open, and
    // takes the draft out of the box (strandDraftOfClosedPhase) before anything else is selected.
    save(keys.draft, Drafts.draft(text, selectedPhase()));
  }
  function stranded() { return load(keys.stranded, []); }
  function setStranded(items) { save(keys.stranded, items); }

  /* The draft's phase closed: take the draft out of the text box and ask (never move it). */
  function strandDraftOfClosedPhase() {
    var draft = load(keys.draft, {});
    var entry = state ? Drafts.strand(draft, isOpen, Live.uuid) : null;
    if (!entry) return;
    setStranded(stranded().concat([entry]));
    save(keys.draft, {});
    $("note-text").value = "";
    updateCount();
    announcer.say(T("You started this note for “%(phase)s”. That part has closed, so it was not sent.", { phase: phaseTitle(draft.phase) }));
  }

  function postButtons(item, into) {
    openPhases().forEach(function (phase) {
      var button = Live.el("button", "primary");
      button.type = "button";
      T.into(button, T("Post it to “%(phase)s”"), { phase: T.phase(phase, "title") });
      button.addEventListener("click", function () { postStranded(item, phase.key); });
      into.appendChild(button);
    });
  }

  function drawStranded() {
    var waiting = Drafts.waiting(stranded());
    var list = $("stranded");
    list.textContent = "";
    $("draft-closed").hidden = waiting.length === 0;
    waiting.forEach(function (item) {
      var entry = Live.el("li", "stranded-item");
      entry.dataset.draft = item.id;
      entry.appendChild(T.into(Live.el("p", "why"), T("You started this note for “%(phase)s”. That part has closed, so it was not sent."), { phase: phaseTitle(item.phase) }));
      entry.appendChild(Live.el("blockquote", "text", item.text));
      var closed = state && (state.status === "closed" || state.status === "archived");
      entry.appendChild(Live.el("p", "ask", closed
        ? T("The workshop has closed, so it cannot be posted now. It stays on this phone.")
        : openPhases().length
          ? T("What would you like to do with it?")
          : T("Nothing is open right now. Keep it, and post it when the next part opens.")));
      var choices = Live.el("div", "choices");
      postButtons(item, choices);
      var keep = Live.el("button", "", T("Keep it on this phone"));
      keep.type = "button";
      keep.addEventListener("click", function () {
        setStranded(Drafts.keep(stranded(), item.id));
        drawStranded(); drawMine();
        announcer.say(T("Kept on this phone. It is in “Your notes”."));
      });
      choices.appendChild(keep);
      entry.appendChild(choices);
      list.appendChild(entry);
    });
  }

  function postStranded(item, phaseKey) {
    setStranded(Drafts.without(stranded(), item.id));
    var note = Drafts.toNote(item, phaseKey, Date.now());
    setOutbox(Outbox.add(outbox(), note));
    remember(note, "sending");
    drawStranded(); drawMine();
    flush();
  }

  function editKept(item) {
    setStranded(Drafts.without(stranded(), item.id));
    var box = $("note-text");
    box.value = Drafts.backInBox(box.value, item.text);
    keepDraft(); updateCount(); drawMine();
    box.focus();
  }

  function drawRoom() {
    var openKeys = openPhases().map(function (p) { return p.key; });
    var list = $("room-notes");
    list.textContent = "";
    var shown = room.list(function (n) { return !n.hidden && openKeys.indexOf(n.phase) >= 0; });
    $("room").hidden = shown.length === 0;   // no empty cards
    shown.forEach(function (note) {
      var item = isReview(note) ? reviewCard(note) : noteCard(note);
      item.dataset.note = note.id;
      list.appendChild(item);
    });
  }

  /* Someone's note as the room sees it: their words, the theme it was put in, and their
     nickname or group when the server sends them (only while the facilitator shows them). */
  function noteCard(note) {
    var item = Live.el("li", "note");
    item.appendChild(Live.el("span", "text", note.text));
    var theme = note.theme && tools ? tools.theme(note.theme) : null;
    if (theme) item.appendChild(PhoneTools.fact(T("Theme: %(text)s"), "text", T.own(theme, "name")));
    var meta = [note.nickname || "", note.group ? groupLabel(note.group) : ""].filter(Boolean).join(" · ");
    if (meta) item.appendChild(Live.el("span", "meta", meta));
    return item;
  }

  // A card carried from the last cycle's actions (note.kind; note.review from older servers).
  function isReview(note) { return note.kind ? note.kind === "review" : !!note.review; }

  /* A review card: the last cycle's action, laid out in the phone's direction like any card
   * (lines start on the reader's side; the action's words, in English, sit inside them as
   * words of another language). The server writes its text in English lines
   * (workshops/cycles.py review_text); the labels are put in the phone's language here, the
   * action's and the commissioners' words kept as written, under one marker for the card. */
  function reviewCard(note) {
    var parts = PhoneTools.reviewParts(note.text);
    var marked = !sameLanguage();
    var written = function (text) { return { text: text, missing: marked }; };
    var words = function (text) { return marked ? T.original(text) : document.createTextNode(text); };
    // The action's what and who as translated in the last cycle (note.translations), in
    // this phone's language: shown as any words of the page, unmarked.
    var language = (document.documentElement.lang || "en").split("-")[0];
    var carried = function (field) { var by = (note.translations || {})[field]; return marked && by ? by[language] : ""; };
    var item = Live.el("li", "note review");
    var kind = item.appendChild(Live.el("span", "kind", T("From the last cycle")));
    if (marked && !carried("text")) kind.appendChild(T.marker());
    item.appendChild(Live.el("span", "text")).appendChild(carried("text") ? document.createTextNode(carried("text")) : words(parts.action));
    var facts = Live.el("span", "facts");
    if (parts.owner) {
      var owner = carried("owner") ? { text: carried("owner"), missing: false } : written(parts.owner);
      facts.appendChild(PhoneTools.fact(T("Who: %(owner)s"), "owner", owner));
    }
    if (parts.due) facts.appendChild(PhoneTools.fact(T("By: %(date)s"), "date", { text: parts.due, missing: false }));
    if (parts.status) facts.appendChild(Live.el("span", "fact", parts.status === "done" ? T("Done") : T("Agreed last time")));
    if (facts.childNodes.length) item.appendChild(facts);
    if (parts.response) item.appendChild(responseLine(parts.response, written, words));
    if (parts.outcome) item.appendChild(PhoneTools.fact(T("What happened: %(outcome)s"), "outcome", written(parts.outcome)));
    parts.other.forEach(function (line) { item.appendChild(Live.el("span", "fact")).appendChild(words(line)); });
    return item;
  }

  /* "Commissioners' response: Agreed in part — <what> (<who>, by <date>)", its decision
     and labels in the phone's language, the commissioners' own words as they wrote them. */
  function responseLine(response, written, words) {
    var decisions = { agreed: T("Agreed"), partly: T("Agreed in part"), not_now: T("Not now"), not_ours: T("Not ours to decide") };
    var line = Live.el("span", "fact response");
    line.appendChild(Live.el("strong", "", T("Commissioners' response:")));
    line.appendChild(document.createTextNode(" "));
    if (!response.decision) { line.appendChild(words(response.said)); return line; }
    line.appendChild(Live.el("span", "decision", decisions[response.decision]));
    if (response.forwardTo) {
      line.appendChild(document.createTextNode(" "));
      line.appendChild(PhoneTools.fact(T("(to be decided by %(owner)s)"), "owner", written(response.forwardTo)));
    }
    if (response.what) { line.appendChild(document.createTextNode(" — ")); line.appendChild(words(response.what)); }
    var facts = Live.el("span", "facts");
    if (response.who) facts.appendChild(PhoneTools.fact(T("Who: %(owner)s"), "owner", written(response.who)));
    if (response.byWhen) facts.appendChild(PhoneTools.fact(T("By: %(date)s"), "date", { text: response.byWhen, missing: false }));
    if (facts.childNodes.length) line.appendChild(facts);
    return line;
  }

  // Whether the phone reads the language the facilitator writes in (then nothing is marked).
  function sameLanguage() {
    var words = root.dataset.wordsLang || "en";
    return (document.documentElement.lang || "en").split("-")[0] === words.split("-")[0];
  }

  // Group labels in this phone's language: the join form's options carry them (the server
  // translated them from the session template); the join answer's are the template's own.
  function groupLabel(key) {
    var option = $("group").querySelector('option[value="' + (window.CSS && CSS.escape ? CSS.escape(key) : key) + '"]');
    return option ? option.textContent : groupLabels[key] || key;
  }

  function drawMine() {
    var list = $("my-notes");
    list.textContent = "";
    var ids = Object.keys(mine);
    var kept = Drafts.kept(stranded());
    $("my-notes-empty").hidden = ids.length + kept.length > 0;
    kept.forEach(function (draft) {
      var item = Live.el("li", "note kept");
      item.dataset.draft = draft.id;
      item.appendChild(Live.el("span", "text", draft.text));
      item.appendChild(T.into(Live.el("span", "state"), T("Kept on this phone, not sent. It was for “%(phase)s”."), { phase: phaseTitle(draft.phase) }));
      var choices = Live.el("span", "choices");
      postButtons(draft, choices);
      var edit = Live.el("button", "link", T("Edit"));
      edit.type = "button";
      edit.addEventListener("click", function () { editKept(draft); });
      choices.appendChild(edit);
      item.appendChild(choices);
      list.appendChild(item);
    });
    save(keys.mine, Outbox.worthKeeping(ids.map(function (id) { return mine[id]; })));  // the outbox keeps those still sending
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
          keepDraft(); drawMine(); updateCount();
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
    mine[note.id] = Outbox.mineEntry(note, status, message, known ? known.order : (order += 1));
  }

  function showMessage(text) { $("note-message").textContent = text || ""; }
  function updateCount() {
    var left = Outbox.charactersLeft($("note-text").value, maxChars);
    $("note-count").textContent = left >= 0 ? T("Characters left: %(n)s", { n: left }) : T("Characters too many: %(n)s", { n: -left });
    $("note-count").classList.toggle("over", left < 0);
  }

  // ---- sending ----
  var live;
  var tools = null;   // PhoneTools, once joined: votes, actions, and the themes drawRoom labels notes with
  function flush() {
    if (!live || !live.isJoined()) return;
    Outbox.sendAll(outbox(), inFlight, function (payload, done) {
      live.socket.timeout(8000).emit("note:post", payload, done);
    }, function (item, outcome, answer) {
      if (outcome === "unanswered") return;   // no answer: still in the outbox, sent again on the next try
      if (Outbox.leaves(outcome)) dropFromOutbox(item.id);
      if (outcome === "stored") {
        remember(answer.note, "sent");
        if (!answer.duplicate) announcer.say(T("Your note was sent."));
      } else if (outcome === "retry") {
        showMessage(answer.error.message);
        return;
      } else {
        remember(item, "failed", answer.error.message);
        showMessage(answer.error.message);
      }
      drawMine();
    });
  }
  function dropFromOutbox(id) { setOutbox(Outbox.drop(outbox(), id)); }

  function post(event) {
    event.preventDefault();
    var text = $("note-text").value.trim();
    var phase = selectedPhase();
    var problem = Outbox.checkText(text, maxChars);
    if (problem === "empty") { showMessage(T("Your note is empty. Please write something first.")); return; }
    if (problem === "too_long") {
      showMessage(T("This note is longer than %(limit)s characters — please shorten it.", { limit: maxChars }));
      return;
    }
    var item = Outbox.note(Live.uuid(), phase, text, Date.now());
    setOutbox(Outbox.add(outbox(), item));
    remember(item, "sending");
    $("note-text").value = "";
    save(keys.draft, {});
    updateCount();
    showMessage(live && live.isJoined() ? "" : T("You are offline. Your note is saved on this phone and will be sent when you are back."));
    drawMine();
    flush();
  }

  // ---- a reload without signal: the service worker keeps this page and its files ----
  function keepPageForOffline() {
    if (!("serviceWorker" in navigator) || !root.dataset.worker) return;   // plain http on a LAN: no offline copy
    var files = [location.href];
    document.querySelectorAll("script[src], link[rel=stylesheet]").forEach(function (el) { files.push(el.src || el.href); });
    navigator.serviceWorker.register(root.dataset.worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { root.dataset.offlineReady = event.data && event.data.cached ? "yes" : "no"; };
      registration.active.postMessage({ cache: files }, [channel.port2]);
    }).catch(function () { root.dataset.offlineReady = "no"; });
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

  // The notes card, unless the workshop has closed (phone_tools shows the closed card then).
  function showPost() { $("post").hidden = !!state && (state.status === "closed" || state.status === "archived"); }

  function start() {
    $("join").hidden = true;
    // With the last state we saw, the phone can take notes even before it reconnects.
    state = load(keys.state, null);
    if (state) { showPost(); drawPhases(); }
    tools = PhoneTools(function (event, payload, done) { live.send(event, payload, done); }, room);
    // Issue 12: beyond the server's connection caps it answers 503 "the room is full" before
    // Socket.IO starts, which the client sees only as a connect error. After each one, one small
    // request asks which it was, so the phone says so (the client keeps retrying, with back-off).
    var roomFull = false;
    var status = { text: "", kind: "" };
    function showStatus() {
      var full = roomFull && status.kind === "offline";
      $("connection").textContent = full
        ? T("The room is full right now — we will keep trying. Your notes are kept on this phone.")
        : status.text;
      $("connection").dataset.state = status.kind;
      $("connection").dataset.roomFull = full ? "yes" : "no";
    }
    live = Live.connect({
      joinEvent: "phone:join",
      joinPayload: joinPayload,
      offlineText: T("Offline — your notes are kept on this phone and sent when you are back."),
      onJoined: function (answer) {
        save(keys.participant, answer.participant.id);
        answer.own_notes.forEach(function (note) {
          if (Outbox.acceptOwn(mine[note.id])) remember(note, "sent");
        });
        showPost();
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
      onTheme: function (theme) { if (tools.onTheme(theme)) drawRoom(); },
      onAction: function (action) { tools.onAction(action); },
      onVotes: function (votes) { tools.onVotes(votes); },
      onMyDots: function (dots) { tools.onMyDots(dots); },
      onGone: function (payload) { tools.onGone(payload); },
      onWorkshop: function (workshop) { state = workshop; save(keys.state, workshop); drawPhases(); tools.onWorkshop(workshop); announcer.workshop(workshop); },
      onStatus: function (text, kind) { status = { text: text, kind: kind }; showStatus(); },
    });
    live.socket.on("connect", function () { roomFull = false; });
    live.socket.on("connect_error", function () {
      fetch("/healthz", { cache: "no-store", credentials: "same-origin" }).then(function (response) {
        roomFull = response.status === 503 && response.headers.get("X-Room-Full") === "1";
      }, function () { roomFull = false; }).then(showStatus);
    });
  }

  // What this phone knew when it was last open: drawn at once, even with no signal.
  load(keys.mine, []).forEach(function (note) { remember(note, note.status, note.message); mine[note.id].pending = note.pending; });
  outbox().forEach(function (item) { remember(item, "sending"); });
  $("note-text").value = load(keys.draft, {}).text || "";
  drawMine();
  $("note-form").addEventListener("submit", post);
  $("note-text").addEventListener("input", function () { keepDraft(); updateCount(); });
  updateCount();
  keepPageForOffline();
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
