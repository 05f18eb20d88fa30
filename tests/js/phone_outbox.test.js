// The phone's outbox (static/js/phone_outbox.js): notes kept across lost signal and sent
// again without duplicates. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Outbox = require("../../static/js/phone_outbox.js");

/* An in-memory Storage (getItem/setItem/removeItem), like localStorage: strings only. */
function memoryStorage(initial = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => (data.has(key) ? data.get(key) : null),
    setItem: (key, value) => { data.set(key, String(value)); },
    removeItem: (key) => { data.delete(key); },
  };
}

/* A phone: its storage, its outbox and a flush that works as phone.js's does (send what
   waits; on an answer, drop what leaves the outbox). `answers` is a list of what the
   server does with each post, in order: an answer object, or "timeout". */
function phone(code = "ABC123") {
  const storage = memoryStorage();
  const store = Outbox.storage(() => storage);
  const keys = Outbox.keys(code);
  const inFlight = {};
  const sent = [];          // every note:post payload, in order
  const waiting = [];       // callbacks of posts not answered yet
  const outcomes = [];
  return {
    storage, store, keys, inFlight, sent, outcomes,
    outbox: () => store.load(keys.outbox, []),
    post(id, phase, text, at = 1000) {
      store.save(keys.outbox, Outbox.add(store.load(keys.outbox, []), Outbox.note(id, phase, text, at)));
    },
    flush() {
      Outbox.sendAll(store.load(keys.outbox, []), inFlight, (payload, done) => {
        sent.push(payload);
        waiting.push(done);
      }, (item, outcome) => {
        outcomes.push([item.id, outcome]);
        if (Outbox.leaves(outcome)) store.save(keys.outbox, Outbox.drop(store.load(keys.outbox, []), item.id));
      });
    },
    /* The server (or the 8-second timeout) answers the oldest post still waiting. */
    answer(reply) {
      const done = waiting.shift();
      if (reply === "timeout") done(new Error("operation has timed out"));
      else done(null, reply);
    },
    get unanswered() { return waiting.length; },
  };
}

const stored = (id) => ({ ok: true, duplicate: false, note: { id, phase: "what", text: "x" } });
const refused = (code, message = "No.") => ({ ok: false, error: { code, message } });

test("each workshop keeps its outbox, drafts and notes under its own keys", () => {
  assert.deepEqual(Outbox.keys("K7Q2PX"), {
    participant: "facilitator:K7Q2PX:participant",
    outbox: "facilitator:K7Q2PX:outbox",
    profile: "facilitator:K7Q2PX:profile",
    state: "facilitator:K7Q2PX:state",
    mine: "facilitator:K7Q2PX:mine",
    draft: "facilitator:K7Q2PX:draft",
    stranded: "facilitator:K7Q2PX:stranded",
  });
});

test("a note posted offline stays in the outbox until the server acknowledges it", () => {
  const p = phone();
  p.post("n1", "what", "The interpreter never came");
  // No signal: nothing is sent (phone.js flushes only when joined), the note waits.
  assert.deepEqual(p.outbox().map((n) => n.id), ["n1"]);
  // Back online, sent, but the answer is lost: it stays.
  p.flush();
  p.answer("timeout");
  assert.deepEqual(p.outbox().map((n) => n.id), ["n1"]);
  // Sent again on the next try; the server stores it: it leaves the outbox.
  p.flush();
  p.answer(stored("n1"));
  assert.deepEqual(p.outbox(), []);
  assert.deepEqual(p.outcomes, [["n1", "unanswered"], ["n1", "stored"]]);
});

test("the outbox survives a reload: it is read back from the phone's storage", () => {
  const p = phone("ABC123");
  p.post("n1", "what", "First");
  p.post("n2", "so-what", "Second", 2000);
  const raw = p.storage.getItem("facilitator:ABC123:outbox");
  assert.deepEqual(JSON.parse(raw), [
    { id: "n1", phase: "what", text: "First", at: 1000 },
    { id: "n2", phase: "so-what", text: "Second", at: 2000 },
  ]);
  // A new page (a new storage wrapper, the same localStorage) sees both, in writing order.
  const again = Outbox.storage(() => p.storage);
  assert.deepEqual(again.load("facilitator:ABC123:outbox", []).map((n) => n.text), ["First", "Second"]);
});

test("a note is not sent again while its last try still waits for an answer", () => {
  const p = phone();
  p.post("n1", "what", "Once");
  p.flush();
  p.flush();   // the 4-second retry timer fires before the answer
  p.flush();
  assert.equal(p.sent.length, 1);
  p.answer("timeout");
  p.flush();
  assert.equal(p.sent.length, 2);
});

test("a note sent again keeps its id, so the server stores it once", () => {
  const p = phone();
  p.post("5b0c7c1e-0000-4000-8000-000000000001", "what", "Same note");
  p.flush(); p.answer("timeout");
  p.flush(); p.answer({ ok: true, duplicate: true, note: { id: "5b0c7c1e-0000-4000-8000-000000000001" } });
  assert.deepEqual(p.sent.map((s) => s.id), ["5b0c7c1e-0000-4000-8000-000000000001", "5b0c7c1e-0000-4000-8000-000000000001"]);
  assert.deepEqual(p.outbox(), []);
});

test("a post carries the note's id, phase and text, and nothing else", () => {
  const p = phone();
  p.post("n1", "what", "Text", 12345);
  p.flush();
  assert.deepEqual(p.sent, [{ id: "n1", phase: "what", text: "Text" }]);
});

test("several waiting notes are all sent, in the order they were written", () => {
  const p = phone();
  p.post("a", "what", "1"); p.post("b", "what", "2"); p.post("c", "so-what", "3");
  p.flush();
  assert.deepEqual(p.sent.map((s) => s.id), ["a", "b", "c"]);
  p.answer(stored("a")); p.answer("timeout"); p.answer(stored("c"));
  assert.deepEqual(p.outbox().map((n) => n.id), ["b"]);
});

test("a busy or rate-limited server keeps the note in the outbox for the next try", () => {
  for (const code of ["busy", "server_error", "storage_full", "slow_down"]) {
    const p = phone();
    p.post("n1", "what", "Kept");
    p.flush();
    p.answer(refused(code));
    assert.deepEqual(p.outcomes, [["n1", "retry"]], code);
    assert.equal(p.outbox().length, 1, code);
  }
  assert.deepEqual(Object.keys(Outbox.RETRYABLE).sort(), ["busy", "server_error", "slow_down", "storage_full"]);
});

test("a note refused for good (phase closed, too long, empty) leaves the outbox", () => {
  for (const code of ["phase_closed", "note_too_long", "empty_note", "workshop_closed", "invalid"]) {
    const p = phone();
    p.post("n1", "what", "Refused");
    p.flush();
    p.answer(refused(code));
    assert.deepEqual(p.outcomes, [["n1", "refused"]], code);
    assert.deepEqual(p.outbox(), [], code);
  }
});

test("what each answer means for the note", () => {
  assert.equal(Outbox.outcome(new Error("timeout"), undefined), "unanswered");
  assert.equal(Outbox.outcome(null, { ok: true }), "stored");
  assert.equal(Outbox.outcome(null, refused("slow_down")), "retry");
  assert.equal(Outbox.outcome(null, refused("unknown_phase")), "refused");
  assert.equal(Outbox.leaves("stored"), true);
  assert.equal(Outbox.leaves("refused"), true);
  assert.equal(Outbox.leaves("retry"), false);
  assert.equal(Outbox.leaves("unanswered"), false);
});

test("a phone that refuses storage (private mode) keeps working from memory", () => {
  const store = Outbox.storage(() => { throw new Error("SecurityError"); });
  assert.deepEqual(store.load("facilitator:X:outbox", []), []);
  store.save("facilitator:X:outbox", [{ id: "n1" }]);
  assert.deepEqual(store.load("facilitator:X:outbox", []), [{ id: "n1" }]);
});

test("nothing stored yet: the caller's default comes back", () => {
  const store = Outbox.storage(() => memoryStorage());
  assert.deepEqual(store.load("facilitator:X:outbox", []), []);
  assert.equal(store.load("facilitator:X:participant", null), null);
  const empty = Outbox.storage(() => memoryStorage({ "facilitator:X:draft": "" }));
  assert.deepEqual(empty.load("facilitator:X:draft", {}), {});
});

// When setItem throws (storage full, or old Safari's private mode) getItem still answers
// with the value from before: the outbox's newest value is the one in memory.
test("a note posted while the phone's storage is full still waits in the outbox", () => {
  const full = memoryStorage();
  full.setItem = () => { throw new Error("QuotaExceededError"); };
  const store = Outbox.storage(() => full);
  store.save("facilitator:X:outbox", Outbox.add([], Outbox.note("n1", "what", "Lost?", 1)));
  assert.deepEqual(store.load("facilitator:X:outbox", []).map((n) => n.id), ["n1"]);
  full.setItem = (key, value) => { full.data.set(key, String(value)); };   // space again
  store.save("facilitator:X:outbox", []);
  full.data.set("facilitator:X:outbox", JSON.stringify([Outbox.note("n2", "what", "From another tab", 2)]));
  assert.deepEqual(store.load("facilitator:X:outbox", []).map((n) => n.id), ["n2"]);   // read from the storage again
});

test("an empty note or one over the limit is not posted; spaces at the ends do not count", () => {
  assert.equal(Outbox.checkText("", 280), "empty");
  assert.equal(Outbox.checkText("x".repeat(281), 280), "too_long");
  assert.equal(Outbox.checkText("x".repeat(280), 280), null);
  assert.equal(Outbox.charactersLeft("  hello  ", 280), 275);
  assert.equal(Outbox.charactersLeft("x".repeat(290), 280), -10);
});

test("'Your notes' keeps what a reload needs, and a refused note is not overwritten by the join answer", () => {
  const entry = Outbox.mineEntry({ id: "n1", text: "T", phase: "what", approved: false }, "sent", undefined, 3);
  assert.deepEqual(entry, { id: "n1", text: "T", phase: "what", status: "sent", message: undefined, hidden: undefined, pending: true, order: 3 });
  assert.equal(Outbox.mineEntry({ id: "n2", pending: true }, "sent", null, 1).pending, true);
  assert.equal(Outbox.mineEntry({ id: "n3", approved: true }, "sent", null, 1).pending, false);
  const kept = Outbox.worthKeeping([{ id: "a", status: "sent" }, { id: "b", status: "sending" }, { id: "c", status: "failed" }]);
  assert.deepEqual(kept.map((n) => n.id), ["a", "c"]);   // the outbox keeps "b"
  assert.equal(Outbox.acceptOwn(undefined), true);
  assert.equal(Outbox.acceptOwn({ status: "sending" }), true);
  assert.equal(Outbox.acceptOwn({ status: "failed" }), false);
});
