// Translations for the page scripts (static/js/i18n.js): T("English", {params}).
// Run: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { translator, pluralTranslator, T } = require("../../static/js/i18n.js");

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

// Arabic's six forms (zero, one, two, few, many, other), as core/i18n.py plural_table
// sends them: the form each count 0..199 takes under the catalogue's Plural-Forms.
function arabicForm(n) {
  if (n === 0) return 0;
  if (n === 1) return 1;
  if (n === 2) return 2;
  if (n % 100 >= 3 && n % 100 <= 10) return 3;
  if (n % 100 >= 11) return 4;
  return 5;
}
const arabicCounts = pluralTranslator({
  "%(n)s note": ["لا ملاحظات", "ملاحظة واحدة", "ملاحظتان", "%(n)s ملاحظات", "%(n)s ملاحظة", "%(n)s ملاحظة"],
  "%plural": Array.from({ length: 200 }, (_, n) => arabicForm(n)),
});

test("a count takes the form its language gives that number, far past the table too", () => {
  const seen = [0, 1, 2, 3, 5, 11, 100, 101, 103, 111, 1000, 1005].map((n) => arabicCounts("%(n)s note", "%(n)s notes", n));
  assert.deepEqual(seen, ["لا ملاحظات", "ملاحظة واحدة", "ملاحظتان", "3 ملاحظات", "5 ملاحظات", "11 ملاحظة", "100 ملاحظة",
                          "101 ملاحظة", "103 ملاحظات", "111 ملاحظة", "1000 ملاحظة", "1005 ملاحظات"]);
});

test("a count with no forms in the table is English: the singular for one, the plural otherwise", () => {
  const english = pluralTranslator({});
  assert.equal(english("%(n)s note", "%(n)s notes", 1), "1 note");
  assert.equal(english("%(n)s note", "%(n)s notes", 0), "0 notes");
  assert.equal(english("%(n)s note", "%(n)s notes", 12), "12 notes");
  assert.equal(arabicCounts("%(n)s dot", "%(n)s dots", 2), "2 dots");  // a message the catalogue lacks
  assert.equal(english("%(n)s of %(total)s", "%(n)s of %(total)s", 3, { total: 9 }), "3 of 9");
});
