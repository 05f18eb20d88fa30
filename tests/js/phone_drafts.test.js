// The phone's drafts (static/js/phone_drafts.js): a draft belongs to the phase it was
// started for, and is never moved to another without the person choosing.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const Drafts = require("../../static/js/phone_drafts.js");

const openOnly = (...keys) => (key) => keys.includes(key);
const ids = (...list) => { let i = 0; return () => list[i++]; };

test("a draft is kept with the phase it was started for; an empty box keeps nothing", () => {
  assert.deepEqual(Drafts.draft("Letters only in English", "what"), { text: "Letters only in English", phase: "what" });
  assert.deepEqual(Drafts.draft("", "what"), {});
});

test("while its phase is open the draft chooses the phase; when it closes it does not", () => {
  const draft = { text: "Half a thought", phase: "so-what" };
  assert.equal(Drafts.stillOpen(draft, openOnly("what", "so-what")), true);
  assert.equal(Drafts.stillOpen(draft, openOnly("what")), false);
  assert.equal(Drafts.stillOpen({}, openOnly("what")), false);
  assert.equal(Drafts.stillOpen({ text: "", phase: "what" }, openOnly("what")), false);
});

test("a draft whose phase closed is taken out of the box and kept, not moved or sent", () => {
  const draft = { text: "Waited 40 minutes ", phase: "what" };
  const entry = Drafts.strand(draft, openOnly("so-what"), ids("d-1"));
  assert.deepEqual(entry, { id: "d-1", text: "Waited 40 minutes ", phase: "what", kept: false });
});

test("nothing is stranded while the phase is open, or when there are no words", () => {
  let made = 0;
  const newId = () => { made += 1; return "d-" + made; };
  assert.equal(Drafts.strand({ text: "Still open", phase: "what" }, openOnly("what"), newId), null);
  assert.equal(Drafts.strand({ text: "   \n ", phase: "what" }, openOnly(), newId), null);
  assert.equal(Drafts.strand({ text: "No phase" }, openOnly(), newId), null);
  assert.equal(Drafts.strand({}, openOnly(), newId), null);
  assert.equal(made, 0, "an id is made only for a draft that is stranded");
});

test("drafts from two closed phases wait side by side until the person decides", () => {
  let list = [];
  list = list.concat([Drafts.strand({ text: "A", phase: "what" }, openOnly("now-what"), ids("d-1"))]);
  list = list.concat([Drafts.strand({ text: "B", phase: "so-what" }, openOnly("now-what"), ids("d-2"))]);
  assert.deepEqual(Drafts.waiting(list).map((d) => [d.id, d.phase]), [["d-1", "what"], ["d-2", "so-what"]]);
  assert.deepEqual(Drafts.kept(list), []);
  // "Keep it on this phone": it moves to "Your notes", the other is still asked about.
  list = Drafts.keep(list, "d-2");
  assert.deepEqual(Drafts.waiting(list).map((d) => d.id), ["d-1"]);
  assert.deepEqual(Drafts.kept(list), [{ id: "d-2", text: "B", phase: "so-what", kept: true }]);
  // The lists are new: what was stored before is not changed behind the page's back.
  assert.equal(list.length, 2);
});

test("keeping one draft leaves the others' objects as they were", () => {
  const a = { id: "a", text: "A", phase: "what", kept: false };
  const b = { id: "b", text: "B", phase: "what", kept: false };
  const after = Drafts.keep([a, b], "a");
  assert.equal(after[1], b);
  assert.equal(a.kept, false);
  assert.equal(after[0].kept, true);
});

test("posting a stranded draft to an open phase keeps its id, so a second tap stores it once", () => {
  const item = { id: "d-1", text: "  Posted later \n", phase: "what", kept: true };
  assert.deepEqual(Drafts.toNote(item, "now-what", 5000), { id: "d-1", phase: "now-what", text: "Posted later", at: 5000 });
  assert.deepEqual(Drafts.without([item, { id: "d-2" }], "d-1"), [{ id: "d-2" }]);
});

test("editing a kept draft puts it under what is already in the box", () => {
  assert.equal(Drafts.backInBox("", "Kept words"), "Kept words");
  assert.equal(Drafts.backInBox("   ", "Kept words"), "Kept words");
  assert.equal(Drafts.backInBox("New start", "Kept words"), "New start\nKept words");
});
