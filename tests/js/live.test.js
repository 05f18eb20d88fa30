// The live connection's pure parts (static/js/live.js): notes kept once by id, change
// numbers, the slow-down wait, the countdown's text. Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Live = require("../../static/js/live.js");

test("a note that arrives twice is kept once, and an older copy never replaces a newer", () => {
  const store = new Live.NoteStore();
  assert.equal(store.put({ id: "n1", seq: 5, text: "edited" }), true);
  assert.equal(store.put({ id: "n1", seq: 3, text: "first" }), false);   // late, older
  assert.equal(store.byId.n1.text, "edited");
  assert.equal(store.put({ id: "n1", seq: 5, text: "edited" }), true);   // the same again: harmless
  assert.equal(store.list().length, 1);
});

test("the store lists in change order and filters", () => {
  const store = new Live.NoteStore();
  store.put({ id: "c", seq: 9, phase: "what" });
  store.put({ id: "a", seq: 2, phase: "so-what" });
  store.put({ id: "b", seq: 4, phase: "what" });
  assert.deepEqual(store.list().map((n) => n.id), ["a", "b", "c"]);
  assert.deepEqual(store.list((n) => n.phase === "what").map((n) => n.id), ["b", "c"]);
  store.clear();
  assert.deepEqual(store.list(), []);
});

test("deleted themes, removed actions and hidden notes are not live", () => {
  assert.equal(Live.live({ id: 1 }), true);
  assert.equal(Live.live({ id: 1, deleted: true }), false);
  assert.equal(Live.live({ id: 1, removed: true }), false);
  assert.equal(Live.live({ id: 1, hidden: true }), false);
});

test("change numbers: the next is counted, an old one is applied again, a gap asks to catch up", () => {
  assert.equal(Live.seqStep(11, 10), "next");
  assert.equal(Live.seqStep(10, 10), "seen");
  assert.equal(Live.seqStep(3, 10), "seen");
  assert.equal(Live.seqStep(12, 10), "gap");
  assert.equal(Live.seqStep(1, 0), "next");
});

test("told to slow down, the client waits retry_after seconds (1 by default, 0.5 at least)", () => {
  const slow = (retry) => ({ ok: false, error: { code: "slow_down" }, retry_after: retry });
  assert.equal(Live.slowDownMs(slow(3)), 3000);
  assert.equal(Live.slowDownMs(slow(undefined)), 1000);
  assert.equal(Live.slowDownMs(slow(0.1)), 500);
  assert.equal(Live.slowDownMs(slow(0)), 1000);   // 0 reads as "not given"
  assert.equal(Live.slowDownMs({ ok: true }), null);
  assert.equal(Live.slowDownMs({ ok: false, error: { code: "busy" } }), null);
  assert.equal(Live.slowDownMs(undefined), null);
});

test("the countdown shows minutes and seconds, a part second rounded up", () => {
  assert.equal(Live.clock(600), "10:00");
  assert.equal(Live.clock(65), "1:05");
  assert.equal(Live.clock(59.2), "1:00");
  assert.equal(Live.clock(0.2), "0:01");
  assert.equal(Live.clock(0), "0:00");
});
