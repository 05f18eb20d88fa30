/* Translations for the page scripts: T("English text", {name: value}).
 *
 * The server puts the page language's strings on <body data-strings> as JSON (no inline
 * script is allowed); the keys are the English texts themselves, the way gettext works,
 * and the server finds them by scanning these files for T("..."). A string with no
 * translation shows in English, never as a blank. Placeholders are written %(name)s,
 * as in the Python catalogues.
 */
(function () {
  "use strict";
  var table = {};
  try { table = JSON.parse(document.body.dataset.strings || "{}"); } catch (e) { table = {}; }

  function T(text, params) {
    var out = table[text] || text;
    if (!params) return out;
    return out.replace(/%\((\w+)\)s/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole;
    });
  }

  // Messages the server broadcasts to a whole room cannot be in each phone's language,
  // so they are listed here to be translated on the phone: T(payload.message) finds them.
  T.broadcasts = [T("This workshop has been deleted by its facilitator.")];

  window.T = T;
})();
