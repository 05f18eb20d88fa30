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
 *
 * The facilitator's own words (question, phases, themes, actions) are not in the table:
 * they arrive with their translations on each payload. T.own, T.phaseWords and T.show
 * (below) pick the page's language, or show the words as written, marked "Not yet translated".
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

  /* ---- the facilitator's own words (the question, phases, themes, actions) ----
   * They are written in one language (the report's: <main data-words-lang>) and may carry
   * translations, {field: {language: text}} on each payload, made from the words as they
   * are now (the server leaves out any made from older words). A page in another language
   * shows the translation, else the words as written, marked "Not yet translated". */

  function primary(tag) { return String(tag || "").split("-")[0].toLowerCase(); }

  /* ownWords(original, translations, language, wordsLanguage, older) -> {text, missing}:
     the facilitator's `original` words (written in `wordsLanguage`) as a page in `language`
     shows them: the page's own translation from `translations` ({language: text}), else
     `older` (a session template's translation, checked by the caller to be of these very
     words), else the original, `missing` when the page is in another language. Nothing
     written: {text: "", missing: false}. Pure: tests/js/phone_words.test.js. */
  function ownWords(original, translations, language, wordsLanguage, older) {
    var words = original || "";
    if (!words) return { text: "", missing: false };
    if (primary(language) === primary(wordsLanguage)) return { text: words, missing: false };
    var own = translations && (translations[language] || translations[primary(language)]);
    if (own) return { text: own, missing: false };
    if (older) return { text: older, missing: false };
    return { text: words, missing: true };
  }

  /* templateText(stored, current) -> a session template's translation {text, source} when it
     was made from the phase's `current` words (the facilitator has not reworded them),
     else "". Pure. */
  function templateText(stored, current) {
    if (!stored || !stored.text) return "";
    var same = String(stored.source || "").trim() === String(current || "").trim();
    return same ? stored.text : "";
  }

  var pageWords = null;   // {language, wordsLanguage, wordsDir, phaseTexts, phaseSources}, read once from the page
  function page() {
    if (pageWords === null) {
      var holder = document.querySelector("[data-words-lang]");
      var phases = document.querySelector("[data-phase-text]");
      var phaseTexts = {};
      var phaseSources = {};
      try {
        phaseTexts = JSON.parse((phases && phases.dataset.phaseText) || "{}");
        phaseSources = JSON.parse((phases && phases.dataset.phaseSource) || "{}");
      } catch (e) { phaseTexts = {}; }
      pageWords = {
        language: document.documentElement.lang || "en",
        wordsLanguage: (holder && holder.dataset.wordsLang) || "en",
        wordsDir: (holder && holder.dataset.wordsDir) || "ltr",
        phaseTexts: phaseTexts,       // {key: {field: the template's translation}}
        phaseSources: phaseSources,   // {key: {field: the template's words it was made from}}
      };
    }
    return pageWords;
  }

  /* T.own(row, field) -> {text, missing}: a workshop, theme or action payload's words in
     the page's language (see ownWords). */
  T.own = function (row, field) {
    if (!row) return { text: "", missing: false };
    var p = page();
    return ownWords(row[field], (row.translations || {})[field], p.language, p.wordsLanguage);
  };

  /* T.phaseWords(phase, field) -> {text, missing}: a phase's title, prompt or guidance in
     the page's language: the phase's own translation (made from its words as they are
     now), else the session template's from data-phase-text (for workshops made before
     phases kept translations), else its words marked as not yet translated.
     Untranslated guidance is shown, marked, rather than hidden: it is the facilitator's
     instruction for this part (what to write, what not to name), and a phone that hid it
     would leave its reader without it and without knowing it was there; marked, they can
     ask the interpreter, and a screen reader reads it in its own language's voice. */
  T.phaseWords = function (phase, field) {
    if (!phase) return { text: "", missing: false };
    var p = page();
    var stored = { text: (p.phaseTexts[phase.key] || {})[field], source: (p.phaseSources[phase.key] || {})[field] };
    var older = templateText(stored, phase[field]);
    return ownWords(phase[field], (phase.translations || {})[field], p.language, p.wordsLanguage, older);
  };

  /* T.phase(phase, field) -> the text alone, for a title inside a sentence ("Post it to “…”"). */
  T.phase = function (phase, field) { return T.phaseWords(phase, field).text; };

  /* T.show(element, words) -> element, filled with `words` ({text, missing}): when missing,
     the words in a span carrying their own language and direction (an English question
     inside an Arabic page is read, and laid out, as English), then the marker in the
     page's language. Always text: never HTML. */
  T.show = function (element, words) {
    element.textContent = "";
    // Marked words flow in the page's direction (app.css .has-original), not by their first letter.
    element.classList.toggle("has-original", !!words.missing);
    if (!words.missing) { element.textContent = words.text; return element; }
    element.appendChild(T.original(words.text));
    element.appendChild(T.marker());
    return element;
  };

  /* The facilitator's words as written, marked with their language and direction. */
  T.original = function (text) {
    var p = page();
    var span = document.createElement("span");
    span.className = "original";
    span.lang = p.wordsLanguage;
    span.dir = p.wordsDir;
    span.textContent = text;
    return span;
  };

  /* The small "Not yet translated" marker, in the page's language. */
  T.marker = function () {
    var marker = document.createElement("span");
    marker.className = "untranslated";
    marker.textContent = T("Not yet translated");
    return marker;
  };

  // Messages the server broadcasts to a whole room cannot be in each phone's language,
  // so they are listed here to be translated on the phone: T(payload.message) finds them.
  T.broadcasts = [T("This workshop has been deleted by its facilitator.")];

  if (typeof window !== "undefined") { window.T = T; window.TN = TN; }
  // Node (tests/js/): translator, ownWords and templateText can be required; T.into,
  // T.own, T.phaseWords and T.show need a page.
  if (typeof module !== "undefined") {
    module.exports = { translator: translator, pluralTranslator: pluralTranslator, ownWords: ownWords, templateText: templateText, T: T };
  }
})();
