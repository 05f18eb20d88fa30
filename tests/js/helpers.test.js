// Small shared helpers (static/js/helpers.js): phase words, dots, short names.
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const H = require("../../static/js/helpers.js");

const state = { phases: [{ key: "what", title: "What?", prompt: "What happened?" }, { key: "so-what", title: "So what?", prompt: "" }] };

test("a phase's words come from the template's translation when it has that field", () => {
  const translated = { what: { title: "ماذا؟" }, "so-what": { title: "", prompt: "لماذا يهم؟" } };
  assert.equal(H.phaseText(state.phases[0], "title", translated), "ماذا؟");
  assert.equal(H.phaseText(state.phases[0], "prompt", translated), "What happened?");
  assert.equal(H.phaseText(state.phases[1], "title", translated), "So what?");
  assert.equal(H.phaseText(state.phases[1], "prompt", translated), "لماذا يهم؟");
  assert.equal(H.phaseText(state.phases[0], "title"), "What?");
});

test("a phase title by key, and the key itself when the phase is unknown", () => {
  assert.equal(H.phaseTitle(state, "so-what"), "So what?");
  assert.equal(H.phaseTitle(state, "now-what"), "now-what");
  assert.equal(H.phaseTitle(null, "what"), "what");
});

test("dots are shown only once tallies are: a number (0 for none), else null", () => {
  const votes = { tallies: { "note:n1": 4, "theme:7": 2 } };
  assert.equal(H.dots(votes, "note", "n1"), 4);
  assert.equal(H.dots(votes, "theme", 7), 2);
  assert.equal(H.dots(votes, "note", "n2"), 0);
  assert.equal(H.dots({ tallies: null }, "note", "n1"), null);
  assert.equal(H.dots(null, "note", "n1"), null);
});

test("a button's name quotes the first 60 characters of a text (or as many as asked)", () => {
  assert.equal(H.short("x".repeat(100)).length, 60);
  assert.equal(H.short("Hello world", 5), "Hello");
  assert.equal(H.short(null), "");
  assert.equal(H.short(42), "42");
});
