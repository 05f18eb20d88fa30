// Translations for the page scripts (static/js/i18n.js): T("English", {params}).
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { translator, T } = require("../../static/js/i18n.js");

const ar = translator({
  "%(n)s notes": "%(n)s ملاحظات",
  "Page %(n)s of %(total)s": "الصفحة %(n)s من %(total)s",
  "Empty": "",
});

test("a translated string comes back in the page's language, with its placeholders filled", () => {
  assert.equal(ar("%(n)s notes", { n: 12 }), "12 ملاحظات");
  assert.equal(ar("Page %(n)s of %(total)s", { n: 2, total: 5 }), "الصفحة 2 من 5");
});

test("a string with no translation shows in English, never blank", () => {
  assert.equal(ar("1 note"), "1 note");
  assert.equal(ar("Empty"), "Empty");
  assert.equal(ar("Who: %(owner)s", { owner: "Sam" }), "Who: Sam");
});

test("a placeholder without a value stays as written; zero and empty values are kept", () => {
  assert.equal(ar("Page %(n)s of %(total)s", { n: 1 }), "الصفحة 1 من %(total)s");
  assert.equal(ar("%(n)s notes", { n: 0 }), "0 ملاحظات");
  assert.equal(translator({})("[%(x)s]", { x: "" }), "[]");
  assert.equal(translator({})("%(n)s%", { n: 5 }), "5%");
});

test("without a page (and so no table) T is English", () => {
  assert.equal(T("%(n)s notes", { n: 3 }), "3 notes");
  assert.deepEqual(T.broadcasts, ["This workshop has been deleted by its facilitator."]);
});
