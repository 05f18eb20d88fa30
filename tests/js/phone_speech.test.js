// The read-aloud script's pure parts (static/js/phone_speech.js): which of the phone's
// voices reads a language, and how words become one utterance per run of a language.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { voiceFor, runsOf } = require("../../static/js/phone_speech.js");

const VOICES = [
  { name: "Google UK English", lang: "en-GB", localService: false },
  { name: "English (local)", lang: "en-US", localService: true },
  { name: "Maged", lang: "ar-SA", localService: true },
  { name: "Lesya", lang: "uk_UA", localService: true },
];

test("an Arabic page is read by an Arabic voice, whatever its region", () => {
  assert.equal(voiceFor("ar", VOICES).name, "Maged");
});

test("a voice on the phone itself comes first: it works with no signal", () => {
  assert.equal(voiceFor("en", VOICES).name, "English (local)");
});

test("an Android-style tag with an underscore still matches", () => {
  assert.equal(voiceFor("uk", VOICES).name, "Lesya");
});

test("no voice for Tigrinya is said as none, never another language's voice", () => {
  assert.equal(voiceFor("ti", VOICES), null);
  assert.equal(voiceFor("ti", []), null);
  assert.equal(voiceFor("", VOICES), null);
});

test("neighbouring words of one language are read in one breath, empty ones dropped", () => {
  const runs = runsOf([
    { language: "ar", text: "السؤال" },
    { language: "ar", text: "  " },
    { language: "en", text: "How do people get an interpreter?" },
    { language: "ar", text: "لم تُترجم" },
    { language: "ar", text: "بعد" },
  ]);
  assert.deepEqual(runs, [
    { language: "ar", text: "السؤال" },
    { language: "en", text: "How do people get an interpreter?" },
    { language: "ar", text: "لم تُترجم بعد" },
  ]);
});

test("white space inside words is read as one space", () => {
  assert.deepEqual(runsOf([{ language: "uk", text: "Ще\n   не  перекладено" }]), [{ language: "uk", text: "Ще не перекладено" }]);
});
