/* Translations for the page scripts: T("English text", {name: value}).
 *
 * The server puts the page language's strings on <body data-strings> as JSON (no inline
 * script is allowed); the keys are the English texts themselves, the way gettext works,
 * and the server finds them by scanning these files for T("..."). A string with no
 * translation shows in English, never as a blank. Placeholders are written %(name)s,
 * as in the Python catalogues.
 *
 * Counts: TN("%(n)s note", "%(n)s notes", n, params) -> the form the page's language uses
 * for n (Arabic has six, Polish and Ukrainian three): the table gives the catalogue's
 * forms under the singular, and under "%plural" which form each count 0..199 takes
 * (core/i18n.py plural_table; from 200 up counts repeat 100..199). `n` is filled in as
 * %(n)s unless params say otherwise. With no forms, English: singular for 1, else plural.
 */
(function () {
  "use strict";
  var table = {};
  try { table = JSON.parse(document.body.dataset.strings || "{}"); } catch (e) { table = {}; }

  /* translator(table) -> T for that table ({English text: translation}): T(text, params)
     is the translation (the English text when there is none, or it is empty) with each
     %(name)s replaced by String(params[name]); a placeholder `params` does not have stays
     as written. Pure: tests/js/ build one from a table of their own. */
  function translator(table) {
    return function (text, params) {
      var out = table[text] || text;
      if (!params) return out;
      return out.replace(/%\((\w+)\)s/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
      });
    };
  }
  var T = translator(table);

  /* pluralTranslator(table) -> TN for that table (see the header). Pure, like translator. */
  function pluralTranslator(table) {
    var fill = translator({});
    var forms = table["%plural"];
    return function (singular, plural, n, params) {
      var values = { n: n };
      if (params) Object.keys(params).forEach(function (key) { values[key] = params[key]; });
      var translated = table[singular];
      var count = Math.abs(Math.floor(Number(n) || 0));
      if (Array.isArray(translated) && Array.isArray(forms)) {
        var index = forms[count < 200 ? count : 100 + (count % 100)];
        if (translated[index]) return fill(translated[index], values);
      }
      return fill(n === 1 ? singular : plural, values);
    };
  }
  var TN = pluralTranslator(table);

  /* Fill `element` with a translated text, each parameter in its own <bdi>: a phase title
   * or a name in another script keeps its own direction, so "Suggest an action (Now what?)"
   * never reads "(?Now what)" on a right-to-left phone. Call it as
   * T.into(el, T("Post it to “%(phase)s”"), {phase: title}): the T("…") there is what the
   * string scanner finds. */
  T.into = function (element, translated, params) {
    var parts = translated.split(/(%\(\w+\)s)/);
    element.textContent = "";
    parts.forEach(function (part) {
      var name = /^%\((\w+)\)s$/.exec(part);
      if (name && params && Object.prototype.hasOwnProperty.call(params, name[1])) {
        var isolated = document.createElement("bdi");
        isolated.textContent = String(params[name[1]]);
        element.appendChild(isolated);
      } else if (part) {
        element.appendChild(document.createTextNode(part));
      }
    });
    return element;
  };

  /* A phase's title, prompt or guidance in the page's language: the session template's
   * translation when the page carries it (data-phase-text, set on the phone page),
   * else the template's own words. A page that is not English shows no guidance the
   * template has not translated (an untranslated paragraph is worse than none). */
  var phaseTexts = null;
  T.phase = function (phase, field) {
    if (!phase) return "";
    if (phaseTexts === null) {
      var holder = document.querySelector("[data-phase-text]");
      try { phaseTexts = JSON.parse((holder && holder.dataset.phaseText) || "{}"); } catch (e) { phaseTexts = {}; }
    }
    var translated = phaseTexts[phase.key];
    if (translated && translated[field]) return translated[field];
    if (field === "guidance" && (document.documentElement.lang || "en") !== "en") return "";
    return phase[field] || "";
  };

  // Messages the server broadcasts to a whole room cannot be in each phone's language,
  // so they are listed here to be translated on the phone: T(payload.message) finds them.
  T.broadcasts = [T("This workshop has been deleted by its facilitator.")];

  if (typeof window !== "undefined") { window.T = T; window.TN = TN; }
  // Node (tests/js/): translator can be required; T.into and T.phase need a page.
  if (typeof module !== "undefined") module.exports = { translator: translator, pluralTranslator: pluralTranslator, T: T };
})();
