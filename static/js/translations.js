/* The translations page (facilitator or interpreter): save a note's translation with
 * `note:translate {"id", "text", "language"}` and show the answer beside the form; a new
 * choice of language is saved at once with `note:translate {"id", "language"}`.
 * A facilitator's connection first joins the console (that is what signs the socket in
 * as a facilitator); an interpreter's is signed in by the interpreter link's session.
 * See docs/protocol.md. */
(function () {
  "use strict";
  var root = document.getElementById("translations");
  if (!root) return;
  var code = root.dataset.code;
  var role = root.dataset.role;
  var status = document.getElementById("translations-status");
  var socket = io({ reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  var ready = false;
  status.textContent = "Connecting…";

  socket.on("connect", function () {
    if (role !== "facilitator") { ready = true; status.textContent = "Connected. Press “Save translation” under each note you translate."; return; }
    socket.emit("console:join", { code: code, since: 1e12 }, function (answer) {
      ready = !!(answer && answer.ok);
      status.textContent = ready ? "Connected. Press “Save translation” under each note you translate." : "Could not connect as a facilitator: please reload the page.";
    });
  });
  socket.on("disconnect", function () { status.textContent = "Connection lost: trying again…"; });

  root.querySelectorAll("form.translate-form").forEach(function (form) {
    var message = form.querySelector(".message");
    // One choice corrects the note's language (the detector or the phone can be wrong):
    // sent without `text`, so a translation half typed in the box is neither saved nor lost.
    form.elements.language.addEventListener("change", function () {
      if (!ready) { message.textContent = "Not connected yet: please wait a moment."; return; }
      var select = form.elements.language;
      message.textContent = "Saving the language…";
      socket.emit("note:translate", { id: form.dataset.note, language: select.value }, function (answer) {
        if (answer && answer.ok) {
          message.textContent = "Language saved: " + select.options[select.selectedIndex].text + ".";
        } else {
          message.textContent = (answer && answer.error && answer.error.message) || "Not saved: please try again.";
        }
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!ready) { message.textContent = "Not connected yet: please wait a moment."; return; }
      var payload = { id: form.dataset.note, text: form.elements.text.value, language: form.elements.language.value };
      message.textContent = "Saving…";
      socket.emit("note:translate", payload, function (answer) {
        if (answer && answer.ok) {
          message.textContent = answer.note.translation ? "Saved." : "Translation removed.";
        } else {
          message.textContent = (answer && answer.error && answer.error.message) || "Not saved: please try again.";
        }
      });
    });
  });
})();
