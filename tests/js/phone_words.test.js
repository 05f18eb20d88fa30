// The facilitator's own words on a phone (static/js/i18n.js ownWords, templateText) and a
// review card's text read into its parts (static/js/phone_tools.js reviewParts).
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { ownWords, templateText } = require("../../static/js/i18n.js");
const { reviewParts } = require("../../static/js/phone_tools.js");

test("an Arabic phone shows the Arabic translation of the facilitator's words", () => {
  assert.deepEqual(ownWords("Booking", { ar: "الحجز", fa: "رزرو" }, "ar", "en"), { text: "الحجز", missing: false });
});

test("without one it shows the words as written, marked as not yet translated", () => {
  assert.deepEqual(ownWords("Booking", { fa: "رزرو" }, "ar", "en"), { text: "Booking", missing: true });
  assert.deepEqual(ownWords("Booking", undefined, "ti", "en"), { text: "Booking", missing: true });
});

test("a page in the facilitator's own language is never marked, whatever translations exist", () => {
  assert.deepEqual(ownWords("Booking", { en: "Other" }, "en", "en-GB"), { text: "Booking", missing: false });
});

test("the phase's own translation comes before the session template's, which comes before the words", () => {
  assert.equal(ownWords("What?", { ar: "ماذا حدث؟" }, "ar", "en", "ماذا؟").text, "ماذا حدث؟");
  assert.deepEqual(ownWords("What?", {}, "ar", "en", "ماذا؟"), { text: "ماذا؟", missing: false });
});

test("nothing written is nothing shown, and nothing marked", () => {
  assert.deepEqual(ownWords("", { ar: "x" }, "ar", "en"), { text: "", missing: false });
  assert.deepEqual(ownWords(null, null, "ar", "en"), { text: "", missing: false });
});

test("a region tag finds its language's translation", () => {
  assert.equal(ownWords("Booking", { ar: "الحجز" }, "ar-SA", "en").text, "الحجز");
});

test("a template's translation is used only while the phase still says what it was made from", () => {
  assert.equal(templateText({ text: "ماذا؟", source: "What?" }, "What?"), "ماذا؟");
  assert.equal(templateText({ text: "حقائق", source: "\nFacts.\n" }, "Facts."), "حقائق");  // the TOML's blank lines
  assert.equal(templateText({ text: "ماذا؟", source: "What?" }, "What happened at the GP?"), "");
  assert.equal(templateText(undefined, "What?"), "");
});

test("a review card's text is read into its parts, the action's words whole", () => {
  const text = [
    "Book the interpreter: before the appointment",
    "Owner: Practice manager",
    "By: 2026-12-24",
    "Done",
    "Commissioners' response: Agreed in part — pilot in two practices (NHS West Yorkshire ICB, by 2026-10-01)",
    "What happened: Started in March",
  ].join("\n");
  assert.deepEqual(reviewParts(text), {
    action: "Book the interpreter: before the appointment",
    owner: "Practice manager",
    due: "2026-12-24",
    status: "done",
    response: { decision: "partly", said: "Agreed in part", forwardTo: "", what: "pilot in two practices", who: "NHS West Yorkshire ICB", byWhen: "2026-10-01" },
    outcome: "Started in March",
    other: [],
  });
});

test("each of the commissioners' answers is read, with who decides when it is not theirs", () => {
  const response = (line) => reviewParts("Act\nAgreed last time\nCommissioners' response: " + line).response;
  assert.equal(reviewParts("Act\nAgreed last time").status, "agreed");
  assert.deepEqual(response("Agreed"), { decision: "agreed", said: "Agreed", forwardTo: "", what: "", who: "", byWhen: "" });
  assert.equal(response("Not now (by 2027-01-01)").byWhen, "2027-01-01");
  assert.equal(response("Not now (by 2027-01-01)").who, "");
  const notOurs = response("Not ours to decide (to be decided by Leeds Teaching Hospitals) — they run the contract");
  assert.equal(notOurs.decision, "not_ours");
  assert.equal(notOurs.forwardTo, "Leeds Teaching Hospitals");
  assert.equal(notOurs.what, "they run the contract");
});

test("a line of no known shape is kept, never lost", () => {
  const parts = reviewParts("Act\nSomething new the server says\nCommissioners' response: Maybe later");
  assert.deepEqual(parts.other, ["Something new the server says"]);
  assert.equal(parts.response.decision, "");
  assert.equal(parts.response.said, "Maybe later");
});
