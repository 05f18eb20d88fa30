/* The phone's drafts, without the page: `window.PhoneDrafts`.
 *
 * A note being written is a draft ({text, phase}), kept on every keystroke and tied to the
 * phase it was started for. When that phase closes the draft is "stranded": it leaves the
 * text box and waits in a list ({id, text, phase, kept}) until the person posts it to an
 * open phase, keeps it on the phone (kept: true) or edits it; it is never moved without
 * them. phone.js owns the page and the storage; the rules are here, so they can be tested
 * on their own (tests/js/phone_drafts.test.js, run by `node --test tests/js/`). No DOM,
 * no storage. Load before phone.js.
 */
(function () {
  "use strict";

  /* draft(text, phase) -> what is stored for the text box: {} when it is empty. */
  function draft(text, phase) { return text ? { text: text, phase: phase } : {}; }

  /* stillOpen(draft, isOpen) -> whether the draft has words and its phase is open, so the
     phase choice follows the draft (isOpen(key) -> boolean). */
  function stillOpen(draft, isOpen) { return !!(draft.text && isOpen(draft.phase)); }

  /* strand(draft, isOpen, newId) -> the stranded entry for a draft whose phase has closed,
     or null when there is nothing to strand (no words, only spaces, no phase, or the phase
     is open). newId() is called only when an entry is made. */
  function strand(draft, isOpen, newId) {
    if (!draft.text || !draft.text.trim() || !draft.phase || isOpen(draft.phase)) return null;
    return { id: newId(), text: draft.text, phase: draft.phase, kept: false };
  }

  /* waiting(items) -> stranded drafts the phone still asks about. */
  function waiting(items) { return items.filter(function (item) { return !item.kept; }); }

  /* kept(items) -> stranded drafts the person chose to keep (shown in "Your notes"). */
  function kept(items) { return items.filter(function (item) { return item.kept; }); }

  /* keep(items, id) -> a new list in which the draft `id` is kept; the others unchanged. */
  function keep(items, id) {
    return items.map(function (s) { return s.id === id ? Object.assign({}, s, { kept: true }) : s; });
  }

  /* without(items, id) -> a new list without the draft `id` (posted, or back in the box). */
  function without(items, id) { return items.filter(function (s) { return s.id !== id; }); }

  /* toNote(item, phaseKey, at) -> the outbox item for a stranded draft posted to
     `phaseKey`: it keeps the draft's id, so posting it twice stores it once. */
  function toNote(item, phaseKey, at) { return { id: item.id, phase: phaseKey, text: item.text.trim(), at: at }; }

  /* backInBox(boxText, text) -> the text box after a kept draft is taken back to edit:
     under what is already written (on a new line), or alone when the box is blank. */
  function backInBox(boxText, text) { return boxText.trim() ? boxText + "\n" + text : text; }

  var api = {
    draft: draft, stillOpen: stillOpen, strand: strand, waiting: waiting, kept: kept,
    keep: keep, without: without, toNote: toNote, backInBox: backInBox,
  };
  if (typeof window !== "undefined") window.PhoneDrafts = api;
  if (typeof module !== "undefined") module.exports = api;
})();
