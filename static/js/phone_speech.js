/* Words read aloud on the phone (issue 26, part 2), with the phone's own voices.
 *
 * Each "Read aloud" button (`button.read-aloud`, `data-read` = the ids of what it reads)
 * reads those elements' words with speechSynthesis: nothing leaves the phone. Words carry
 * their language (an English original inside an Arabic page is marked lang="en"), so each
 * run of words is read by a voice of its own language. Where the phone has no voice for
 * the page's language it says so, in that language, and reads nothing: a wrong voice
 * reading Arabic letters as English sounds is worse than silence. A second press stops.
 * A phone without speechSynthesis keeps the buttons hidden.
 *
 * Pure, for tests/js/phone_speech.test.js: `voiceFor(language, voices)`, `runsOf(pieces)`.
 */
(function () {
  "use strict";

  /* The voice for `language` ("ar", "uk") among `voices` (speechSynthesis.getVoices()), or
     null: an exact match of the language's primary subtag ("ar-SA" serves "ar"), one on
     the phone itself first (it works with no signal). */
  function voiceFor(language, voices) {
    var primary = String(language || "").toLowerCase().split("-")[0];
    var matching = (voices || []).filter(function (voice) {
      return String(voice.lang || "").toLowerCase().replace("_", "-").split("-")[0] === primary;
    });
    var local = matching.filter(function (voice) { return voice.localService; });
    return local[0] || matching[0] || null;
  }

  /* [{language, text}, ...] (pieces of words in reading order) -> the same with neighbours
     of one language joined and empty pieces dropped: one utterance per run of a language. */
  function runsOf(pieces) {
    var runs = [];
    pieces.forEach(function (piece) {
      var text = String(piece.text || "").replace(/\s+/g, " ").trim();
      if (!text) return;
      var last = runs[runs.length - 1];
      if (last && last.language === piece.language) last.text += " " + text;
      else runs.push({ language: piece.language, text: text });
    });
    return runs;
  }

  // What is never read: controls and what is not shown.
  var SKIP = "button, select, textarea, input, [hidden], [aria-hidden='true'], .visually-hidden";

  /* The words of `element` as pieces in reading order, each with its language (the
     nearest lang attribute), one list item after another (a pause between notes). */
  function piecesOf(element, pageLanguage) {
    var pieces = [];
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = walker.nextNode())) {
      var parent = node.parentElement;
      if (!parent || parent.closest(SKIP)) continue;
      var marked = parent.closest("[lang]");
      var language = marked && element.contains(marked) ? marked.lang : pageLanguage;
      var item = parent.closest("li");
      pieces.push({ language: language, text: node.textContent, item: item });
    }
    return pieces;
  }

  /* Utterances for the elements named by `ids`: runs of one language, never across notes. */
  function utterancesFor(ids, pageLanguage) {
    var out = [];
    ids.forEach(function (id) {
      var element = document.getElementById(id);
      if (!element || element.hidden) return;
      var pieces = piecesOf(element, pageLanguage);
      var groups = [];
      pieces.forEach(function (piece) {
        var group = groups[groups.length - 1];
        if (!group || group.item !== piece.item) groups.push(group = { item: piece.item, pieces: [] });
        group.pieces.push(piece);
      });
      groups.forEach(function (group) { out.push.apply(out, runsOf(group.pieces)); });
    });
    return out;
  }

  /* The language's own name ("العربية", "ትግርኛ"), for the no-voice message: as the page's
     language list names it, else as the browser does. */
  function languageName(language, pageLanguage) {
    var link = document.querySelector('#languages a[hreflang="' + language + '"]');
    if (link && link.textContent.trim()) return link.textContent.trim();
    try { return new Intl.DisplayNames([pageLanguage], { type: "language" }).of(language) || language; }
    catch (err) { return language; }
  }

  /* Voices load after the page on some phones: wait for them a moment (at most 1 s). */
  function withVoices(speech, then) {
    var voices = speech.getVoices();
    if (voices.length) { then(voices); return; }
    var done = false;
    var finish = function () { if (!done) { done = true; then(speech.getVoices()); } };
    if (speech.addEventListener) speech.addEventListener("voiceschanged", finish, { once: true });
    setTimeout(finish, 1000);
  }

  /* Make every read-aloud button under `root` work, showing refusals in `status`. */
  function attach(root, status) {
    var speech = window.speechSynthesis;
    var Utterance = window.SpeechSynthesisUtterance;
    var buttons = Array.prototype.slice.call(root.querySelectorAll("button.read-aloud"));
    if (!speech || !Utterance) return;  // no voices at all on this phone: the buttons stay hidden
    var pageLanguage = (document.documentElement.lang || "en").split("-")[0];
    var reading = null;

    function stop() {
      speech.cancel();
      if (reading) reading.setAttribute("aria-pressed", "false");
      reading = null;
    }

    function read(button) {
      var ids = (button.dataset.read || "").split(/\s+/).filter(Boolean);
      var utterances = utterancesFor(ids, pageLanguage);
      if (!utterances.length) return;
      withVoices(speech, function (voices) {
        if (!voiceFor(pageLanguage, voices) && utterances.some(function (u) { return u.language === pageLanguage; })) {
          T.into(status, T("This phone has no voice for %(language)s, so it cannot read this aloud."),
                 { language: languageName(pageLanguage, pageLanguage) });
          status.hidden = false;
          return;
        }
        status.textContent = "";
        status.hidden = true;
        reading = button;
        button.setAttribute("aria-pressed", "true");
        utterances.forEach(function (run, index) {
          var voice = voiceFor(run.language, voices);
          if (!voice) return;  // an English word on a phone with no English voice: left out
          var utterance = new Utterance(run.text);
          utterance.lang = voice.lang;
          utterance.voice = voice;
          if (index === utterances.length - 1) utterance.onend = function () { if (reading === button) stop(); };
          speech.speak(utterance);
        });
      });
    }

    buttons.forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        var again = reading === button;
        stop();
        if (!again) read(button);
      });
    });
  }

  var PhoneSpeech = { voiceFor: voiceFor, runsOf: runsOf, attach: attach };
  if (typeof window !== "undefined") window.PhoneSpeech = PhoneSpeech;
  if (typeof module !== "undefined") module.exports = { voiceFor: voiceFor, runsOf: runsOf };
})();
