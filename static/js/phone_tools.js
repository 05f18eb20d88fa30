/* The phone's part of the toolkit: dot-voting, suggesting actions, and the closed notice.
 *
 * phone.js owns joining and the note outbox; it hands this module the live connection's
 * events. Every vote is checked by the server, which holds each person's budget: the
 * phone shows what the server answers ("2 of 3 dots left"), never its own guess.
 */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  window.PhoneTools = function (send, room) {
    var themes = new Live.NoteStore();
    var proposals = {};
    var state = null;
    var votes = null;
    var dots = { mine: {}, left: 0 };
    var busy = false;

    function voting() { return state && state.status === "live" && state.voting.phase; }
    function lastPhase() { return state ? state.phases[state.phases.length - 1] : null; }

    function drawStatus() {
      var closed = !!state && (state.status === "closed" || state.status === "archived");
      $("closed").hidden = !closed;
      if (closed) { $("no-phase").hidden = true; $("note-form").hidden = true; $("post").hidden = true; }  // no empty card
      var last = lastPhase();
      $("propose").hidden = !(state && state.status === "live" && last && last.open);
      // The title in its own <bdi>: "(Now what?)" stays whole on a right-to-left phone.
      if (last) T.into($("propose-title"), T("Suggest an action (%(phase)s)"), { phase: T.phase(last, "title") });
    }

    function drawVote() {
      var phase = voting();
      $("vote").hidden = !phase;
      if (!phase) return;
      var total = state.voting.dots;
      $("vote-left").textContent = total === 1
        ? T("You have %(left)s of 1 dot left.", { left: dots.left })
        : T("You have %(left)s of %(total)s dots left.", { left: dots.left, total: total });
      var list = $("vote-list");
      list.textContent = "";
      var targets = themes.list(function (t) { return Live.live(t) && t.phase === phase; })
        .map(function (t) { return { kind: "theme", id: t.id, text: t.name, theme: true }; })
        .concat(room.list(function (n) { return Live.live(n) && n.phase === phase && !(n.theme && themes.byId[n.theme] && Live.live(themes.byId[n.theme])); })
          .map(function (n) { return { kind: "note", id: n.id, text: n.text }; }));
      $("vote-empty").hidden = targets.length > 0;
      targets.forEach(function (target) { list.appendChild(voteItem(target)); });
    }

    function voteItem(target) {
      var key = target.kind + ":" + target.id;
      var mine = dots.mine[key] || 0;
      var item = Live.el("li", "vote-item" + (target.theme ? " theme" : ""));
      if (target.theme) item.appendChild(Live.el("span", "kind", T("Theme")));
      item.appendChild(Live.el("span", "text", target.text));
      if (target.theme) {  // what the theme holds, so people know what they vote for
        var members = room.list(function (n) { return Live.live(n) && n.theme === target.id; });
        var list = Live.el("ul", "members");
        members.slice(0, 3).forEach(function (n) { list.appendChild(Live.el("li", "", n.text)); });
        if (members.length > 3) list.appendChild(Live.el("li", "", TN("and %(n)s more", "and %(n)s more", members.length - 3)));
        if (members.length) item.appendChild(list);
      }
      var line = Live.el("div", "vote-row");
      var label = mine ? T("Your dots:") + " " + "●".repeat(mine) : T("No dot from you yet");
      if (votes && votes.tallies) label += " · " + T("%(n)s in total", { n: votes.tallies[key] || 0 });
      line.appendChild(Live.el("span", "my-dots", label));
      var short = target.text.slice(0, 50);
      var add = dotButton(T("+ Dot"), T("Add a dot to: %(text)s", { text: short }), function () { cast("vote:add", target); });
      add.disabled = busy || dots.left <= 0;
      line.appendChild(add);
      if (mine) line.appendChild(dotButton(T("− Take back"), T("Take a dot back from: %(text)s", { text: short }), function () { cast("vote:remove", target); }));
      item.appendChild(line);
      return item;
    }

    /* A dot button whose spoken name starts with the words it shows ("+ Dot — Add a dot
       to: …"), so people who speak to their phone can say what they see (WCAG 2.5.3). */
    function dotButton(text, spoken, onClick) {
      var node = Live.button(text, onClick, "dot-button");
      node.appendChild(Live.el("span", "visually-hidden", " — " + spoken));
      return node;
    }

    function cast(event, target) {
      busy = true;
      send(event, { kind: target.kind, id: target.id }, function (error, answer) {
        busy = false;
        $("vote-message").textContent = error || "";
        if (answer && answer.ok) dots = { mine: answer.mine, left: answer.left };
        drawVote();
      });
    }

    function refreshDots() {
      send("votes:mine", {}, function (error, answer) { if (!error) { dots = { mine: answer.mine, left: answer.left }; drawVote(); } });
    }

    function drawProposals() {
      var list = $("my-actions");
      list.textContent = "";
      Object.keys(proposals).map(function (id) { return proposals[id]; }).forEach(function (action) {
        var item = Live.el("li", "note");
        item.appendChild(Live.el("span", "text", action.text));
        var word = { proposed: T("Suggested — the facilitator will look at it"), confirmed: T("Agreed — on the board"), done: T("Done"), dropped: T("Not taken forward") };
        item.appendChild(Live.el("span", "state", word[action.status] || action.status));
        list.appendChild(item);
      });
    }

    // The suggestion being written survives a reload and a language switch, like a note's draft.
    var draftKey = "facilitator:" + document.getElementById("phone").dataset.code + ":action-draft";
    var fields = ["action-text", "action-owner", "action-due"];
    function keepActionDraft() {
      var draft = {};
      fields.forEach(function (id) { draft[id] = $(id).value; });
      try { localStorage.setItem(draftKey, JSON.stringify(draft)); } catch (e) { /* private mode: memory only */ }
    }
    try {
      var kept = JSON.parse(localStorage.getItem(draftKey) || "{}");
      fields.forEach(function (id) { if (kept[id]) $(id).value = kept[id]; });
    } catch (e) { /* nothing kept */ }
    fields.forEach(function (id) { $(id).addEventListener("input", keepActionDraft); });

    $("action-form").addEventListener("submit", function (event) {
      event.preventDefault();
      var text = $("action-text").value.trim();
      if (!text) { $("action-message").textContent = T("Please say what should happen."); return; }
      var payload = { id: Live.uuid(), text: text, owner: $("action-owner").value.trim(), due: $("action-due").value };
      send("action:propose", payload, function (error, answer) {
        $("action-message").textContent = error || T("Thank you — your suggestion is with the facilitator.");
        if (error) return;  // the text stays in the form, so nothing is lost
        proposals[answer.action.id] = answer.action;
        $("action-text").value = ""; $("action-owner").value = ""; $("action-due").value = "";
        keepActionDraft();
        drawProposals();
      });
    });

    return {
      onWorkshop: function (workshop) {
        var reopened = state && state.voting.phase !== workshop.voting.phase;
        state = workshop;
        drawStatus();
        if (reopened && workshop.voting.phase) refreshDots();
        drawVote();
      },
      onJoined: function (answer) {
        (answer.own_actions || []).forEach(function (a) { proposals[a.id] = a; });
        drawProposals();
      },
      onTheme: function (theme) {
        if (!themes.put(theme)) return;
        if (theme.deleted && dots.mine["theme:" + theme.id]) refreshDots();  // its dots came back
        drawVote();
      },
      onNote: function (note) {
        if (note.hidden && dots.mine["note:" + note.id]) refreshDots();
        if (voting()) drawVote();
      },
      onAction: function (action) {
        if (proposals[action.id] && !action.removed) { proposals[action.id].status = action.status; drawProposals(); }
      },
      onVotes: function (v) { votes = v; drawVote(); },
      onMyDots: function (mine) { dots = mine; drawVote(); },
      onReset: function () { themes.clear(); },
      onGone: function (payload) {
        $("closed").hidden = false;
        $("closed-text").textContent = T(payload.message);
        ["post", "vote", "propose"].forEach(function (id) { $(id).hidden = true; });
      },
    };
  };
})();
