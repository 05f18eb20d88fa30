/* The phone's outbox, without the page: `window.PhoneOutbox`.
 *
 * Every note gets its id the moment it is written and waits in the outbox (kept in the
 * phone's storage) until the server says it is stored, or refuses it for a reason that
 * sending again would not fix. Sending twice is safe (the server stores an id once), but
 * the phone never sends a note again while it still waits for the answer to the last try.
 * phone.js owns the page and the socket; the rules are here, so they can be tested on
 * their own (tests/js/phone_outbox.test.js, run by `node --test tests/js/`). No DOM, no
 * socket: storage and sending are passed in. Load before phone.js.
 */
(function () {
  "use strict";

  // Refusals that sending again later can fix: the note stays in the outbox.
  var RETRYABLE = { busy: true, server_error: true, storage_full: true, slow_down: true };

  /* keys(code) -> the storage keys of the workshop `code` on this phone. */
  function keys(code) {
    return {
      participant: "facilitator:" + code + ":participant",
      outbox: "facilitator:" + code + ":outbox",
      profile: "facilitator:" + code + ":profile",
      state: "facilitator:" + code + ":state",
      mine: "facilitator:" + code + ":mine",          // my notes as last seen, for a reload without signal
      draft: "facilitator:" + code + ":draft",        // {text, phase}: what is in the text box
      stranded: "facilitator:" + code + ":stranded",  // [{id, text, phase, kept}]: drafts whose phase closed
    };
  }

  /* storage(getStorage) -> {load(key, fallback), save(key, value)}: JSON values in the
     Storage that getStorage() returns (localStorage in the browser; it is called on every
     use, inside the try, because a phone in private mode may refuse even to hand it over).
     save always keeps a copy in memory too; load reads the storage (fallback when the key
     is absent or empty), and the memory copy when the storage throws or refused that key's
     last save. */
  function storage(getStorage) {
    var memory = {};
    var unsaved = {};   // keys whose last save the storage refused: memory holds their newest value
    return {
      load: function (key, fallback) {
        // A full storage (or old Safari's private mode) refuses setItem but still answers
        // getItem with the value from before: that older value must not win, or a note
        // posted then is dropped from the outbox and never sent.
        if (unsaved[key]) return memory[key] !== undefined ? memory[key] : fallback;
        try { var raw = getStorage().getItem(key); return raw ? JSON.parse(raw) : fallback; }
        catch (e) { return memory[key] !== undefined ? memory[key] : fallback; }
      },
      save: function (key, value) {
        memory[key] = value;
        try { getStorage().setItem(key, JSON.stringify(value)); delete unsaved[key]; }
        catch (e) { unsaved[key] = true; /* memory only, until a save succeeds */ }
      },
    };
  }

  /* note(id, phase, text, at) -> an outbox item: what is sent, and when it was written. */
  function note(id, phase, text, at) { return { id: id, phase: phase, text: text, at: at }; }

  /* add(items, item) -> a new outbox with `item` last (the outbox sends in writing order). */
  function add(items, item) { return items.concat([item]); }

  /* drop(items, id) -> a new outbox without the note `id`. */
  function drop(items, id) { return items.filter(function (i) { return i.id !== id; }); }

  /* payload(item) -> the `note:post` payload for an outbox item (docs/protocol.md). */
  function payload(item) { return { id: item.id, phase: item.phase, text: item.text }; }

  /* outcome(err, answer) -> what an answer to `note:post` means for the note:
     "unanswered" (no answer in time: it stays, and goes again on the next try),
     "stored" (the server has it, perhaps from an earlier try: it leaves the outbox),
     "retry" (a refusal that waiting fixes, RETRYABLE: it stays) or
     "refused" (sending again would not help: it leaves the outbox, its text is shown). */
  function outcome(err, answer) {
    if (err) return "unanswered";
    if (answer.ok) return "stored";
    if (RETRYABLE[answer.error.code]) return "retry";
    return "refused";
  }

  /* leaves(outcome) -> whether a note with that outcome leaves the outbox: when stored,
     or refused for good; never while unanswered or asked to retry. */
  function leaves(outcome) { return outcome === "stored" || outcome === "refused"; }

  /* sendAll(items, inFlight, emit, onAnswer): send every outbox item that is not waiting
     for an answer already. `inFlight` (id -> true) is shared between calls: an item is
     marked when sent and unmarked when its answer (or the timeout) comes, so calling this
     every few seconds never sends one note twice at once. emit(payload, done) sends one
     `note:post`; done(err, answer) is called with its answer. onAnswer(item, outcome,
     answer) is called after the mark is taken off; it decides what to keep. */
  function sendAll(items, inFlight, emit, onAnswer) {
    items.forEach(function (item) {
      if (inFlight[item.id]) return;
      inFlight[item.id] = true;
      emit(payload(item), function (err, answer) {
        delete inFlight[item.id];
        onAnswer(item, outcome(err, answer), answer);
      });
    });
  }

  /* checkText(text, maxChars) -> why a (trimmed) note cannot be posted: "empty",
     "too_long", or null when it can. */
  function checkText(text, maxChars) {
    if (!text) return "empty";
    if (text.length > maxChars) return "too_long";
    return null;
  }

  /* charactersLeft(value, maxChars) -> characters left in the text box (negative: too
     many); spaces at either end do not count, as they are not sent. */
  function charactersLeft(value, maxChars) { return maxChars - value.trim().length; }

  /* mineEntry(note, status, message, order) -> how "Your notes" keeps a note: status is
     "sending" | "sent" | "failed"; pending when it waits for the facilitator's approval. */
  function mineEntry(note, status, message, order) {
    return {
      id: note.id, text: note.text, phase: note.phase, status: status, message: message,
      hidden: note.hidden, pending: note.approved === false || !!note.pending,
      order: order,
    };
  }

  /* worthKeeping(entries) -> the entries of "Your notes" stored for a reload: not those
     still sending (the outbox keeps those, and draws them again itself). */
  function worthKeeping(entries) { return entries.filter(function (n) { return n.status !== "sending"; }); }

  /* acceptOwn(known) -> whether a note the server lists as this phone's (join answer)
     replaces what the phone knows of it: always, unless the phone shows it as refused
     (its text stays for the person to edit). */
  function acceptOwn(known) { return !(known && known.status === "failed"); }

  var api = {
    RETRYABLE: RETRYABLE, keys: keys, storage: storage, note: note, add: add, drop: drop,
    payload: payload, outcome: outcome, leaves: leaves, sendAll: sendAll, checkText: checkText,
    charactersLeft: charactersLeft, mineEntry: mineEntry, worthKeeping: worthKeeping,
    acceptOwn: acceptOwn,
  };
  if (typeof window !== "undefined") window.PhoneOutbox = api;
  if (typeof module !== "undefined") module.exports = api;
})();
