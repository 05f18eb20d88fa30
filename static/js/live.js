/* Live connection shared by the board, the phone and the console.
 *
 * Keeps one Socket.IO connection, joins the workshop on every (re)connect, and keeps
 * the client's picture in step with the server using change numbers (`seq`): a
 * reconnecting client asks for everything after the last number it saw, and a gap in
 * the numbers triggers the same catch-up. Notes, themes and actions are kept by id,
 * so one that arrives twice is shown once; the workshop state and the vote tallies
 * are whole pictures, so an older one arriving late is ignored. When the workshop's
 * anonymity or translation settings change, what the public may see of every note changes, so the
 * client starts again from a fresh snapshot. See docs/protocol.md.
 */
(function () {
  "use strict";

  function connect(options) {
    var socket = io({ reconnectionDelay: 500, reconnectionDelayMax: 5000, randomizationFactor: 0.5 });
    var lastSeq = 0;
    var joined = false;
    var syncing = false;
    var stateSeq = -1;      // the newest workshop state applied
    var votesSeq = -1;      // the newest tallies applied
    var settingsKey = null; // the anonymity settings the notes we hold were drawn with

    function setStatus(text, state) {
      if (options.onStatus) options.onStatus(text, state);
    }

    function call(name, value) { if (options[name]) options[name](value); }

    function applySnapshot(snapshot) {
      if (snapshot.reset) { stateSeq = -1; votesSeq = -1; call("onReset"); }
      applyWorkshop(snapshot.workshop, true);
      (snapshot.themes || []).forEach(function (theme) { call("onTheme", theme); });
      snapshot.notes.forEach(function (note) { options.onNote(note); });
      (snapshot.actions || []).forEach(function (action) { call("onAction", action); });
      if (snapshot.votes) applyVotes(snapshot.votes);
      if (snapshot.my_dots) call("onMyDots", snapshot.my_dots);
      call("onPresence", { joined: snapshot.joined });
      lastSeq = Math.max(snapshot.seq, snapshot.reset ? 0 : lastSeq);
      // A long catch-up comes in pages: this one ends at `seq`, ask for the next.
      if (snapshot.more) setTimeout(catchUp, 0);
    }

    // The server asked this connection to slow down (`slow_down`, with `retry_after`
    // seconds): try again then, by itself. Nothing is lost meanwhile.
    function later(answer, again) {
      var wait = slowDownMs(answer);
      if (wait === null) return false;
      setTimeout(again, wait);
      return true;
    }

    function applyWorkshop(state, fromSnapshot) {
      if (state.seq < stateSeq) return;   // an older picture arriving late
      stateSeq = state.seq;
      var key = state.settings
        ? JSON.stringify([state.settings.show_nicknames, state.settings.lanyards_off, state.settings.show_translations])
        : null;
      var changed = settingsKey !== null && key !== settingsKey;
      settingsKey = key;
      call("onWorkshop", state);
      if (changed && !fromSnapshot) restart();
    }

    function applyVotes(votes) {
      if (votes.seq < votesSeq) return;
      votesSeq = votes.seq;
      call("onVotes", votes);
    }

    // Start again from a fresh snapshot (what the public may see of every note changed).
    // Every phone in the room gets the same change at once: spread their snapshots over a
    // few seconds so the server is not asked for hundreds at the same moment.
    function restart() {
      setTimeout(function () {
        if (!joined) return;
        socket.timeout(10000).emit("sync", { since: 0 }, function (err, answer) {
          if (!err && later(answer, restart)) return;
          if (!err && answer && answer.ok) applySnapshot(answer);
        });
      }, options.restartSpread === undefined ? Math.random() * 8000 : options.restartSpread);
    }

    function join() {
      var payload = options.joinPayload();
      payload.since = lastSeq;
      socket.emit(options.joinEvent, payload, function (answer) {
        if (later(answer, function () { if (socket.connected) join(); })) return;
        if (!answer || !answer.ok) {
          joined = false;
          setStatus(answer && answer.error ? answer.error.message : T("Could not join."), "error");
          if (options.onJoinError) options.onJoinError(answer && answer.error);
          return;
        }
        joined = true;
        applySnapshot(answer);
        setStatus(T("Connected"), "online");
        if (options.onJoined) options.onJoined(answer);
      });
    }

    function catchUp() {
      if (syncing || !joined) return;
      syncing = true;
      socket.timeout(10000).emit("sync", { since: lastSeq }, function (err, answer) {
        syncing = false;
        if (!err && later(answer, catchUp)) return;
        if (!err && answer && answer.ok) applySnapshot(answer);
      });
    }

    // A numbered change: apply it if it is the next one, catch up if some are missing.
    function numbered(seq, apply) {
      var step = seqStep(seq, lastSeq);
      apply();
      if (step === "gap") catchUp();
      else if (step === "next") lastSeq = seq;
    }

    socket.on("connect", function () { setStatus(T("Joining…"), "joining"); join(); });
    socket.on("disconnect", function () {
      joined = false;
      setStatus(options.offlineText || T("Offline — reconnecting…"), "offline");
    });
    socket.io.on("reconnect_attempt", function () {
      setStatus(options.offlineText || T("Offline — reconnecting…"), "offline");
    });
    socket.on("note", function (note) { numbered(note.seq, function () { options.onNote(note); }); });
    socket.on("theme", function (theme) { numbered(theme.seq, function () { call("onTheme", theme); }); });
    socket.on("action", function (action) { numbered(action.seq, function () { call("onAction", action); }); });
    socket.on("votes", function (votes) { numbered(votes.seq, function () { applyVotes(votes); }); });
    socket.on("workshop", function (state) { numbered(state.seq, function () { applyWorkshop(state, false); }); });
    socket.on("gone", function (payload) {
      setStatus(T(payload.message), "error");
      call("onGone", payload);
      socket.io.reconnection(false);
      socket.disconnect();
    });
    socket.on("presence", function (presence) { if (options.onPresence) options.onPresence(presence); });

    window.addEventListener("online", function () { if (!socket.connected) socket.connect(); });

    return {
      socket: socket,
      isJoined: function () { return joined && socket.connected; },
      rejoin: join,
      /* Send an event and call back with (errorMessage, answer): one way to show refusals. */
      send: function (event, payload, done) {
        socket.timeout(8000).emit(event, payload || {}, function (err, answer) {
          if (err) { done(T("The server did not answer. Check the connection and try again."), null); return; }
          if (!answer.ok) { done(answer.error.message, answer); return; }
          done(null, answer);
        });
      },
    };
  }

  /* slowDownMs(answer) -> how long (ms) to wait before sending again when `answer` is a
     `slow_down` refusal: its `retry_after` seconds (1 when it gives none, never under half
     a second); null for any other answer, which is not retried this way. */
  function slowDownMs(answer) {
    if (!answer || answer.ok || !answer.error || answer.error.code !== "slow_down") return null;
    return Math.max(0.5, answer.retry_after || 1) * 1000;
  }

  /* seqStep(seq, lastSeq) -> what a numbered change means, given the last number counted:
     "seen" (at or before it: applied again, harmless, and not counted), "next" (the one
     after: applied and counted) or "gap" (later: applied, and the ones missing are asked
     for with a catch-up, which moves the count on). */
  function seqStep(seq, lastSeq) {
    if (seq <= lastSeq) return "seen";
    if (seq > lastSeq + 1) return "gap";
    return "next";
  }

  /* Keeps notes by id, keeping the newest version (highest seq) of each. */
  function NoteStore() { this.byId = {}; }
  NoteStore.prototype.put = function (note) {
    var known = this.byId[note.id];
    if (known && known.seq > note.seq) return false;
    this.byId[note.id] = note;
    return true;
  };
  NoteStore.prototype.clear = function () { this.byId = {}; };
  NoteStore.prototype.list = function (filter) {
    var all = Object.keys(this.byId).map(function (id) { return this.byId[id]; }, this);
    if (filter) all = all.filter(filter);
    return all.sort(function (a, b) { return a.seq - b.seq; });
  };

  /* A countdown drawn from the server's timer state, without trusting the local clock. */
  function Countdown(element) {
    this.element = element;
    this.state = null;
    this.receivedAt = 0;
    var self = this;
    setInterval(function () { self.draw(); }, 250);
  }
  Countdown.prototype.set = function (timer) { this.state = timer; this.receivedAt = performance.now(); this.draw(); };
  Countdown.prototype.remaining = function () {
    if (!this.state) return null;
    var left = this.state.remaining;
    if (this.state.running) left -= (performance.now() - this.receivedAt) / 1000;
    return Math.max(0, left);
  };
  Countdown.prototype.draw = function () {
    var left = this.remaining();
    if (left === null) return;
    var text = clock(left);
    if (this.element.textContent !== text) this.element.textContent = text;
    this.element.classList.toggle("running", this.state.running);
    this.element.classList.toggle("done", this.state.running && left <= 0);
  };

  /* clock(seconds) -> the countdown's text, "m:ss", rounding a part second up (0.2 s
     left shows "0:01", so "0:00" means the time is up). */
  function clock(seconds) {
    var whole = Math.ceil(seconds);
    return Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
  }

  /* A random note id (UUID v4), also on browsers without crypto.randomUUID (old phones, plain http). */
  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;  // always text: notes are never HTML
    return node;
  }

  /* A button with text, an optional accessible name and a click handler. */
  function button(text, onClick, className, label) {
    var node = el("button", className || "small-button", text);
    node.type = "button";
    if (label) node.setAttribute("aria-label", label);
    node.addEventListener("click", onClick);
    return node;
  }

  /* Tombstones of deleted themes and removed actions are kept in the store (they win by
     seq over a late copy); `live` filters them out. */
  function live(item) { return !item.deleted && !item.removed && !item.hidden; }

  var api = {
    connect: connect, NoteStore: NoteStore, Countdown: Countdown, el: el, uuid: uuid, button: button, live: live,
    slowDownMs: slowDownMs, seqStep: seqStep, clock: clock,
  };
  if (typeof window !== "undefined") window.Live = api;
  // Node (tests/js/): the pure parts (NoteStore, live, seqStep, slowDownMs, clock) can be required.
  if (typeof module !== "undefined") module.exports = api;
})();
