/* The phone's part of the toolkit: dot-voting, suggesting actions, and the closed notice.
 *
 * phone.js owns joining and the note outbox; it hands this module the live connection's
 * events. Every vote is checked by the server, which holds each person's budget: the
 * phone shows what the server answers ("2 of 3 dots left"), never its own guess.
 * Theme names and the agreed actions are the facilitator's words: shown in the phone's
 * language once translated (T.own), else as written and marked (i18n.js).
 *
 * Also here, pure (tests/js/phone_words.test.js): `reviewParts`, reading a review card's
 * text (the last cycle's action, written by the server in English lines).
 */
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };

  // The labels of workshops/cycles.py review_text and workshops/responses.py response_summary
  // (DECISIONS), in English as the server writes them; longest first, so "Agreed in part"
  // is not read as "Agreed".
  var DECISIONS = { "Agreed in part": "partly", "Not ours to decide": "not_ours", "Not now": "not_now", "Agreed": "agreed" };
  var LINES = { owner: "Owner: ", due: "By: ", response: "Commissioners' response: ", outcome: "What happened: " };

  /* reviewParts(text) -> {action, owner, due, status: "done" | "agreed" | "", response,
     outcome, other: [lines]}: a review card's text as review_text writes it (the action's
     own words, then "Owner: …", "By: …", "Done" | "Agreed last time", "Commissioners'
     response: …", "What happened: …"). `response` is {decision (a DECISIONS key, or ""
     when the line is not one we know: then `said` holds it whole), said, forwardTo, what,
     who, byWhen} or null. Lines of no known shape are kept in `other`, never lost. Pure. */
  function reviewParts(text) {
    var lines = String(text || "").split("\n");
    var parts = { action: lines[0] || "", owner: "", due: "", status: "", response: null, outcome: "", other: [] };
    lines.slice(1).forEach(function (line) {
      if (line === "Done") { parts.status = "done"; return; }
      if (line === "Agreed last time") { parts.status = "agreed"; return; }
      var field = Object.keys(LINES).filter(function (name) { return line.indexOf(LINES[name]) === 0; })[0];
      if (!field) { if (line) parts.other.push(line); return; }
      var value = line.slice(LINES[field].length);
      parts[field] = field === "response" ? responseParts(value) : value;
    });
    return parts;
  }

  /* responseParts(summary) -> the parts of response_summary's one line: "<decision>[ (to be
     decided by <who>)][ — <what>][ (<who>[, by <date>])]". Pure. */
  function responseParts(summary) {
    var out = { decision: "", said: summary, forwardTo: "", what: "", who: "", byWhen: "" };
    var label = Object.keys(DECISIONS).filter(function (d) { return summary === d || summary.indexOf(d + " ") === 0; })[0];
    if (!label) return out;
    out.decision = DECISIONS[label];
    out.said = label;
    var rest = summary.slice(label.length);
    var forward = /^ \(to be decided by ([^()]*)\)/.exec(rest);
    if (forward && out.decision === "not_ours") { out.forwardTo = forward[1]; rest = rest.slice(forward[0].length); }
    var tail = / \(([^()]*)\)$/.exec(rest);
    if (tail) {
      var by = /(?:^|, )by (\d{4}-\d{2}-\d{2})$/.exec(tail[1]);
      out.byWhen = by ? by[1] : "";
      out.who = by ? tail[1].slice(0, by.index) : tail[1];
      rest = rest.slice(0, tail.index);
    }
    if (rest.indexOf(" — ") === 0) rest = rest.slice(3);
    out.what = rest;
    return out;
  }

  function PhoneTools(send, room) {
    var themes = new Live.NoteStore();
    var actions = new Live.NoteStore();   // the room's agreed actions (others arrive as tombstones)
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
      var focused = focusedButton(list);
      list.textContent = "";
      // Themes in the facilitator's order: a theme translated (or renamed) comes with a new
      // change number, and must not jump to the end of the list under the person's thumb.
      var targets = themes.list(function (t) { return Live.live(t) && t.phase === phase; })
        .sort(function (a, b) { return (a.position - b.position) || (a.id - b.id); })
        .map(function (t) { return { kind: "theme", id: t.id, words: T.own(t, "name"), theme: true }; })
        .concat(room.list(function (n) { return Live.live(n) && n.phase === phase && !(n.theme && themes.byId[n.theme] && Live.live(themes.byId[n.theme])); })
          .map(function (n) { return { kind: "note", id: n.id, words: { text: n.text, missing: false } }; }));
      $("vote-empty").hidden = targets.length > 0;
      targets.forEach(function (target) { list.appendChild(voteItem(target)); });
      refocus(list, focused);
    }

    /* The vote list is drawn again on every vote (anyone's): the button the person pressed
       (or moved to) is found again by what it does and to what, so the keyboard and the
       screen reader stay where they were. While their vote is on its way the buttons are
       disabled (a disabled button cannot hold focus), so the wish is kept until a redraw
       can honour it, and dropped once they move elsewhere on the page. */
    var wanted = null;   // {key, role} of the button to keep focus on, or null
    function focusedButton(list) {
      var active = document.activeElement;
      if (active && list.contains(active) && active.dataset.target) wanted = { key: active.dataset.target, role: active.dataset.role };
      else if (active && active !== document.body && !list.contains(active)) wanted = null;
      return wanted;
    }
    function refocus(list, focused) {
      if (!focused) return;
      var buttons = list.querySelectorAll("button[data-target]");
      var same = Array.prototype.filter.call(buttons, function (b) { return b.dataset.target === focused.key && !b.disabled; });
      // The same button, else its neighbour on the same line ("− Take back" once no dot is left).
      var next = same.filter(function (b) { return b.dataset.role === focused.role; })[0] || same[0];
      if (next) next.focus({ preventScroll: true });
    }

    function voteItem(target) {
      var key = target.kind + ":" + target.id;
      var mine = dots.mine[key] || 0;
      var item = Live.el("li", "vote-item" + (target.theme ? " theme" : ""));
      if (target.theme) item.appendChild(Live.el("span", "kind", T("Theme")));
      item.appendChild(T.show(Live.el("span", "text"), target.words));
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
      var name = { text: target.words.text.slice(0, 50), missing: target.words.missing };
      var add = dotButton(T("+ Dot"), fact(T("Add a dot to: %(text)s"), "text", name), function () { cast("vote:add", target); });
      add.disabled = busy || dots.left <= 0;
      add.dataset.target = key; add.dataset.role = "add";
      line.appendChild(add);
      if (mine) {
        var back = dotButton(T("− Take back"), fact(T("Take a dot back from: %(text)s"), "text", name), function () { cast("vote:remove", target); });
        back.dataset.target = key; back.dataset.role = "remove";
        line.appendChild(back);
      }
      item.appendChild(line);
      return item;
    }

    /* A dot button whose spoken name starts with the words it shows ("+ Dot — Add a dot
       to: …"), so people who speak to their phone can say what they see (WCAG 2.5.3).
       `spoken` is an element (what it is for, the name in its own language: see fact). */
    function dotButton(text, spoken, onClick) {
      var node = Live.button(text, onClick, "dot-button");
      spoken.className = "visually-hidden";
      spoken.insertBefore(document.createTextNode(" — "), spoken.firstChild);
      node.appendChild(spoken);
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

    /* The room's agreed actions (what and who in the phone's language once translated),
       shown from the moment the first is agreed. */
    function drawAgreed() {
      var agreed = actions.list(Live.live);
      var list = $("agreed-list");
      list.textContent = "";
      $("agreed").hidden = agreed.length === 0;
      agreed.forEach(function (action) {
        var item = Live.el("li", "note action" + (action.status === "done" ? " done" : ""));
        item.dataset.action = action.id;
        item.appendChild(T.show(Live.el("span", "text"), T.own(action, "text")));
        var facts = Live.el("span", "facts");
        var owner = T.own(action, "owner");
        if (owner.text) facts.appendChild(fact(T("Who: %(owner)s"), "owner", owner));
        if (action.due) facts.appendChild(fact(T("By: %(date)s"), "date", { text: action.due, missing: false }));
        if (action.status === "done") facts.appendChild(Live.el("span", "fact", T("Done")));
        if (facts.childNodes.length) item.appendChild(facts);
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
        if (!themes.put(theme)) return false;
        if (theme.deleted && dots.mine["theme:" + theme.id]) refreshDots();  // its dots came back
        drawVote();
        return true;
      },
      onNote: function (note) {
        if (note.hidden && dots.mine["note:" + note.id]) refreshDots();
        if (voting()) drawVote();
      },
      onAction: function (action) {
        if (proposals[action.id] && !action.removed) { proposals[action.id].status = action.status; drawProposals(); }
        if (actions.put(action)) drawAgreed();
      },
      onVotes: function (v) { votes = v; drawVote(); },
      onMyDots: function (mine) { dots = mine; drawVote(); },
      onReset: function () { themes.clear(); actions.clear(); drawAgreed(); },
      /* A live theme by id (phone.js labels the room's notes with it), or null. */
      theme: function (id) { var t = themes.byId[id]; return t && Live.live(t) ? t : null; },
      onGone: function (payload) {
        $("closed").hidden = false;
        $("closed-text").textContent = T(payload.message);
        ["post", "vote", "propose"].forEach(function (id) { $(id).hidden = true; });
      },
    };
  }

  /* One fact on a card, "Who: %(owner)s", its value the facilitator's (or commissioners')
     words in a <bdi> of their own: with their language marked when not translated. */
  function fact(template, name, words) {
    var params = {};
    params[name] = words.text;
    var node = T.into(Live.el("span", "fact fact-" + name), template, params);
    var value = node.querySelector("bdi");
    if (value && words.missing) { var marked = T.original(words.text); value.lang = marked.lang; value.dir = marked.dir; }
    return node;
  }

  if (typeof window !== "undefined") { window.PhoneTools = PhoneTools; PhoneTools.fact = fact; PhoneTools.reviewParts = reviewParts; }
  if (typeof module !== "undefined") module.exports = { reviewParts: reviewParts, responseParts: responseParts };
})();
