/* One card renderer for notes, used by the board, the console and (later) the phone (C7).
 *
 * A card is an <li class="note"> holding the participant's own words in their own
 * direction (`dir="auto"`: Arabic reads and aligns right to left on an English board),
 * a translation under them when there is one (C6), a line of details, and the dots once
 * revealed. Review cards (an action carried from the last cycle, C5) and notes a scribe
 * added after their phase closed (C3) are marked in words, not colour alone.
 *
 * Cards.note(note, options, existing) draws `note` into `existing` (or a new card) and
 * returns it; only text is ever written, never HTML. Options:
 *   meta: [strings]   extra details for the line under the text (empties are dropped)
 *   dots: number|null the note's dots (null: not shown)
 */
(function () {
  "use strict";

  /* The kind of card: "note" or "review". Servers before C5 sent `review: true`. */
  function kind(note) {
    if (note.kind) return note.kind;
    return note.review ? "review" : "note";
  }

  function isReview(note) { return kind(note) === "review"; }

  function part(card, className, tag) {
    var node = card.querySelector(":scope > ." + className);
    if (!node) {
      node = document.createElement(tag || "span");
      node.className = className;
      card.appendChild(node);
    }
    return node;
  }

  function drop(card, className) {
    var node = card.querySelector(":scope > ." + className);
    if (node) node.remove();
  }

  /* A dots badge ("● 3") inside `parent`, removed when there are none to show. */
  function dotBadge(parent, count) {
    var badge = parent.querySelector(":scope > .dots");
    if (count === null || count === undefined || count === 0) { if (badge) badge.remove(); return; }
    if (!badge) { badge = document.createElement("span"); badge.className = "dots"; parent.appendChild(badge); }
    badge.textContent = "● " + count;
    badge.setAttribute("aria-label", TN("%(n)s dot", "%(n)s dots", count));
  }

  function note(data, options, existing) {
    options = options || {};
    var card = existing || document.createElement("li");
    if (!existing) {
      card.className = "note";
      card.dataset.note = data.id;
      part(card, "label");
      part(card, "text").setAttribute("dir", "auto");
    }
    var review = isReview(data);
    var label = card.querySelector(":scope > .label");
    var labels = [review ? T("From the last cycle") : "", data.late ? T("Added after the phase closed") : ""].filter(Boolean);
    label.textContent = labels.join(" · ");
    label.hidden = labels.length === 0;

    var text = card.querySelector(":scope > .text");
    if (text.textContent !== data.text) text.textContent = data.text;
    if (data.language) text.setAttribute("lang", data.language); else text.removeAttribute("lang");

    var translation = data.translation && data.translation.text ? data.translation : null;
    if (translation) {
      var box = part(card, "translation");
      box.setAttribute("dir", "auto");
      if (translation.language) box.setAttribute("lang", translation.language); else box.removeAttribute("lang");
      var mark = part(box, "translation-mark");
      mark.textContent = translation.by === "interpreter" ? T("Translation by the interpreter:") : T("Translation:");
      var words = part(box, "translation-text");
      words.textContent = " " + translation.text;
      card.insertBefore(box, text.nextSibling);
    } else {
      drop(card, "translation");
    }

    var meta = (options.meta || []).filter(Boolean);
    var line = part(card, "meta");
    line.textContent = meta.join(" · ");
    line.hidden = meta.length === 0;
    dotBadge(card, options.dots);

    card.classList.toggle("review", review);
    card.classList.toggle("late", !!data.late);
    card.classList.toggle("translated", !!translation);
    return card;
  }

  window.Cards = { note: note, kind: kind, isReview: isReview, dotBadge: dotBadge };
})();
