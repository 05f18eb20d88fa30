/* The translations page (facilitator or interpreter), over one Socket.IO connection:
 * - notes: save a note's translation into the report's language with
 *   `note:translate {"id", "text", "language"}`; a new choice of the note's language is
 *   saved at once with `note:translate {"id", "language"}`;
 * - the facilitator's words: translate the title, question, phases, themes and actions
 *   into a phone language with `wording:translate {"subject", "field", "language", "text"}`,
 *   the entry redrawn from the answer's `entry`.
 * A facilitator's connection first joins the console (that is what signs the socket in
 * as a facilitator); an interpreter's is signed in by the interpreter link's session.
 * Nothing typed is lost: a refusal, a lost connection or another language choice leaves
 * the box as it was typed. See docs/protocol.md. */
(function () {
  "use strict";
  var root = document.getElementById("translations");
  if (!root) return;
  var code = root.dataset.code;
  var role = root.dataset.role;
  var status = document.getElementById("translations-status");
  var socket = io({ reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  var ready = false;
  var NOT_CONNECTED = "Not connected yet: what you typed is kept here. Press Save again in a moment.";
  var NO_ANSWER = "No answer from the server: what you typed is kept here. Press Save again.";
  status.textContent = "Connecting…";

  socket.on("connect", function () {
    if (role !== "facilitator") { ready = true; status.textContent = "Connected."; return; }
    socket.emit("console:join", { code: code, since: 1e12 }, function (answer) {
      ready = !!(answer && answer.ok);
      status.textContent = ready ? "Connected." : "Could not connect as a facilitator: please reload the page.";
    });
  });
  socket.on("disconnect", function () { ready = false; status.textContent = "Connection lost: trying again…"; });

  /** Send `event` and call `done(answer)` with the server's answer, or with a refusal
   *  of our own when not connected or when no answer comes within 15 s. */
  function send(event, payload, done) {
    if (!ready) { done({ ok: false, error: { message: NOT_CONNECTED } }); return; }
    socket.timeout(15000).emit(event, payload, function (lost, answer) {
      done(lost ? { ok: false, error: { message: NO_ANSWER } } : answer);
    });
  }

  /** The words a refusal says, or a plain "try again". */
  function refusal(answer) {
    return (answer && answer.error && answer.error.message) || "Not saved: please try again.";
  }

  // ---- notes, into the report's language ------------------------------------------

  root.querySelectorAll("form.translate-form").forEach(function (form) {
    var message = form.querySelector(".message");
    // One choice corrects the note's language (the detector or the phone can be wrong):
    // sent without `text`, so a translation half typed in the box is neither saved nor lost.
    form.elements.language.addEventListener("change", function () {
      var select = form.elements.language;
      message.textContent = "Saving the language…";
      send("note:translate", { id: form.dataset.note, language: select.value }, function (answer) {
        message.textContent = answer && answer.ok ? "Language saved: " + select.options[select.selectedIndex].text + "." : refusal(answer);
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var payload = { id: form.dataset.note, text: form.elements.text.value, language: form.elements.language.value };
      message.textContent = "Saving…";
      send("note:translate", payload, function (answer) {
        message.textContent = answer && answer.ok ? (answer.note.translation ? "Saved." : "Translation removed.") : refusal(answer);
      });
    });
  });

  // ---- the facilitator's words, into the phones' languages ------------------------

  var section = document.getElementById("wording");
  if (!section) return;
  var choice = document.getElementById("wording-language");
  var count = document.getElementById("wording-count");
  var forms = Array.prototype.slice.call(section.querySelectorAll("form.wording-form"));
  var REMEMBERED = "facilitator.wording.language";  // one choice per browser, for every workshop
  var BY = {
    interpreter: "Translated by the interpreter",
    facilitator: "Translated by a facilitator",
    template: "From the session template",
  };

  /** Each form's entry as the server last said it, and what was typed but not saved
   *  ({language: text}), kept across language changes and refusals. */
  forms.forEach(function (form) {
    form._entry = { original: form.querySelector(".wording-original").textContent, translations: JSON.parse(form.dataset.translations || "{}") };
    form._typed = {};
  });

  /** The facilitator reworded `form`'s original while it was being translated: read the
   *  page again (not reloading it, so nothing typed is lost) and take the new words and
   *  translations from it; the box keeps what was typed, to be checked against them. */
  function reload(form) {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = Array.prototype.filter.call(page.querySelectorAll("form.wording-form"), function (other) {
          return other.dataset.subject === form.dataset.subject && other.dataset.field === form.dataset.field;
        })[0];
        if (!fresh) return;  // gone (a theme deleted): the refusal's message stands
        form._entry.original = fresh.querySelector(".wording-original").textContent;
        form._entry.translations = JSON.parse(fresh.dataset.translations || "{}");
        draw(form);
        drawCount();
      })
      .catch(function () { /* offline: the message asks to check the words; Save again works once back */ });
  }

  /** The language chosen, with its direction and English name. */
  function chosen() {
    var option = choice.options[choice.selectedIndex];
    return { code: option.value, dir: option.dataset.dir || "ltr", english: option.dataset.english || option.text };
  }

  /** Whether `form` still needs a translation into `language`: none, or one made from
   *  words the facilitator has since changed. */
  function stillToDo(form, language) {
    var saved = form._entry.translations[language];
    return !saved || saved.out_of_date;
  }

  /** What the status line says of `form`'s translation into `language`. */
  function stateText(form, language) {
    var saved = form._entry.translations[language];
    var text = !saved ? "Not yet translated" : saved.out_of_date ? "Out of date: the original changed — check it" : BY[saved.by] || "Translated";
    var typed = form._typed[language];
    if (typed !== undefined && typed !== (saved ? saved.text : "")) text += " · Changed here, not saved yet";
    return text;
  }

  /** Draw `form` for the chosen language: the box holds what was typed, else the saved
   *  translation (an out-of-date one too, as a starting point); lang and dir are the
   *  language's, so Arabic is typed right to left. */
  function draw(form) {
    var language = chosen();
    var box = form.elements.text;
    var saved = form._entry.translations[language.code];
    var typed = form._typed[language.code];
    box.value = typed !== undefined ? typed : saved ? saved.text : "";
    box.lang = language.code;
    box.dir = language.dir;
    form.querySelector(".wording-into").textContent = language.english;
    form.querySelector(".wording-original").textContent = form._entry.original;
    var state = form.querySelector(".wording-state");
    state.textContent = stateText(form, language.code);
    state.dataset.state = !saved ? "missing" : saved.out_of_date ? "out-of-date" : "done";
  }

  /** "N of M still to translate into Arabic", for the chosen language. */
  function drawCount() {
    var language = chosen();
    var left = forms.filter(function (form) { return stillToDo(form, language.code); }).length;
    count.textContent = left + " of " + forms.length + " still to translate into " + language.english;
  }

  function drawAll() {
    forms.forEach(draw);
    drawCount();
  }

  /** The language this browser chose last time, when it is one of the choices. */
  function rememberedChoice() {
    try {
      var code = window.localStorage.getItem(REMEMBERED);
      return code && choice.querySelector('option[value="' + code + '"]') ? code : "";
    } catch (err) { return ""; }  // storage blocked: choose again each time
  }

  var earlier = rememberedChoice();
  if (earlier) choice.value = earlier;
  choice.addEventListener("change", function () {
    try { window.localStorage.setItem(REMEMBERED, choice.value); } catch (err) { /* storage blocked */ }
    forms.forEach(function (form) { form.querySelector(".message").textContent = ""; });
    drawAll();
  });

  forms.forEach(function (form) {
    var box = form.elements.text;
    var message = form.querySelector(".message");
    box.addEventListener("input", function () {
      form._typed[chosen().code] = box.value;
      form.querySelector(".wording-state").textContent = stateText(form, chosen().code);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var language = chosen().code;
      var text = box.value;
      var seen = form._entry.original;
      form._typed[language] = text;  // kept until the server has it
      message.textContent = "Saving…";
      // `original`: the words this was translated from; reworded since, the server refuses.
      var payload = { subject: form.dataset.subject, field: form.dataset.field, language: language, text: text, original: seen };
      send("wording:translate", payload, function (answer) {
        if (!(answer && answer.ok)) {
          message.textContent = refusal(answer);
          if (answer && answer.error && answer.error.code === "original_changed") reload(form);
          return;
        }
        form._entry = answer.entry;
        if (form._typed[language] === text) delete form._typed[language];
        var said = answer.entry.translations[language] ? "Saved." : "Translation removed.";
        // The facilitator reworded it while this was being typed: the box was for the old words.
        if (answer.entry.original !== seen) said += " The original changed meanwhile: check your translation against it.";
        message.textContent = said;
        if (language === chosen().code) draw(form);
        drawCount();
      });
    });
  });

  // Leaving with words typed and not saved would lose them: the browser asks first.
  window.addEventListener("beforeunload", function (event) {
    var unsaved = forms.some(function (form) {
      return Object.keys(form._typed).some(function (language) {
        var saved = form._entry.translations[language];
        return form._typed[language] !== (saved ? saved.text : "");
      });
    });
    if (unsaved) { event.preventDefault(); event.returnValue = ""; }
  });

  drawAll();
})();
